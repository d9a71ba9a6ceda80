using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Diffs;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;

namespace Fortify.GitHubEmulator;

/// <summary>GitHub's JSON shapes for the objects that appear in many answers and payloads.</summary>
internal static class GitHubJson
{
    /// <summary>A fixed date for what the emulator does not track, so answers are stable.</summary>
    public const string EpochDate = "2024-01-01T00:00:00Z";

    public static JsonObject Repository(EmulatedRepository repository, GitHubUrls urls) => new()
    {
        ["id"] = repository.Id,
        ["node_id"] = $"R_{repository.Id}",
        ["name"] = repository.Name,
        ["full_name"] = repository.FullName,
        ["private"] = repository.Private,
        ["visibility"] = repository.Private ? "private" : "public",
        ["owner"] = User(repository.Owner, urls, "Organization"),
        ["html_url"] = $"{urls.Html}/{repository.FullName}",
        ["url"] = urls.Repository(repository.FullName),
        ["description"] = null,
        ["fork"] = false,
        ["archived"] = false,
        ["disabled"] = false,
        ["default_branch"] = repository.DefaultBranch,
        ["clone_url"] = $"{urls.Html}/{repository.FullName}.git",
        ["created_at"] = EpochDate,
        ["updated_at"] = EpochDate,
        ["pushed_at"] = EpochDate,
    };

    /// <summary>A user or organization; the id is derived from the login so it is stable.</summary>
    public static JsonObject User(string login, GitHubUrls urls, string type = "User") => new()
    {
        ["login"] = login,
        ["id"] = StableId(login),
        ["node_id"] = $"U_{StableId(login)}",
        ["type"] = type,
        ["site_admin"] = false,
        ["html_url"] = $"{urls.Html}/{login}",
        ["url"] = $"{urls.Api}/users/{login}",
        ["avatar_url"] = $"{urls.Html}/{login}.png",
    };

    public static JsonObject Commit(GitCommit commit, EmulatedRepository repository, GitHubUrls urls, IReadOnlyList<FileChange>? files = null)
    {
        var api = urls.Repository(repository.FullName);
        var json = new JsonObject
        {
            ["sha"] = commit.Sha,
            ["node_id"] = $"C_{commit.Sha[..12]}",
            ["url"] = $"{api}/commits/{commit.Sha}",
            ["html_url"] = $"{urls.Html}/{repository.FullName}/commit/{commit.Sha}",
            ["commit"] = new JsonObject
            {
                ["message"] = commit.Message,
                ["author"] = Signature(commit.Author),
                ["committer"] = Signature(commit.Committer),
                ["tree"] = new JsonObject { ["sha"] = commit.Tree, ["url"] = $"{api}/git/trees/{commit.Tree}" },
                ["url"] = $"{api}/git/commits/{commit.Sha}",
                ["comment_count"] = 0,
            },
            ["author"] = null,
            ["committer"] = null,
            ["parents"] = new JsonArray([.. commit.Parents.Select(p => (JsonNode)new JsonObject
            {
                ["sha"] = p,
                ["url"] = $"{api}/commits/{p}",
                ["html_url"] = $"{urls.Html}/{repository.FullName}/commit/{p}",
            })]),
        };
        if (files is not null)
        {
            json["stats"] = new JsonObject
            {
                ["total"] = files.Sum(f => f.Additions + f.Deletions),
                ["additions"] = files.Sum(f => f.Additions),
                ["deletions"] = files.Sum(f => f.Deletions),
            };
            json["files"] = Files(files, repository, commit.Sha, urls);
        }

        return json;
    }

    public static JsonObject Signature(GitSignature signature) => new()
    {
        ["name"] = signature.Name,
        ["email"] = signature.Email,
        ["date"] = signature.GitHubDate,
    };

    public static JsonArray Files(IEnumerable<FileChange> files, EmulatedRepository repository, string headSha, GitHubUrls urls) =>
        new([.. files.Select(f => (JsonNode)File(f, repository, headSha, urls))]);

    public static JsonObject File(FileChange file, EmulatedRepository repository, string headSha, GitHubUrls urls)
    {
        var path = Uri.EscapeDataString(file.Filename).Replace("%2F", "/", StringComparison.Ordinal);
        var json = new JsonObject
        {
            ["sha"] = file.Sha,
            ["filename"] = file.Filename,
            ["status"] = file.Status,
            ["additions"] = file.Additions,
            ["deletions"] = file.Deletions,
            ["changes"] = file.Additions + file.Deletions,
            ["blob_url"] = $"{urls.Html}/{repository.FullName}/blob/{headSha}/{path}",
            ["raw_url"] = $"{urls.Html}/{repository.FullName}/raw/{headSha}/{path}",
            ["contents_url"] = $"{urls.Repository(repository.FullName)}/contents/{path}?ref={headSha}",
        };
        if (file.Patch is not null)
        {
            json["patch"] = file.Patch;
        }

        if (file.PreviousFilename is not null)
        {
            json["previous_filename"] = file.PreviousFilename;
        }

        return json;
    }

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static long StableId(string login) =>
        login.Aggregate(17L, (hash, c) => unchecked((hash * 31) + c)) & 0x7FFFFFFF;
}
