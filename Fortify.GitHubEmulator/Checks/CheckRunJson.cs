using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Repositories;

namespace Fortify.GitHubEmulator.Checks;

internal static class CheckRunJson
{
    public static JsonObject Render(CheckRun run, EmulatedRepository repository, GitHubUrls urls, string appId)
    {
        var url = $"{urls.Repository(repository.FullName)}/check-runs/{run.Id}";
        return new JsonObject
        {
            ["id"] = run.Id,
            ["node_id"] = $"CR_{run.Id}",
            ["head_sha"] = run.HeadSha,
            ["external_id"] = run.ExternalId ?? "",
            ["url"] = url,
            ["html_url"] = $"{urls.Html}/{repository.FullName}/runs/{run.Id}",
            ["details_url"] = run.DetailsUrl,
            ["status"] = run.Status,
            ["conclusion"] = run.Conclusion,
            ["started_at"] = run.StartedAt is { } started ? GitHubJson.Timestamp(started) : null,
            ["completed_at"] = run.CompletedAt is { } completed ? GitHubJson.Timestamp(completed) : null,
            ["output"] = new JsonObject
            {
                ["title"] = run.OutputTitle,
                ["summary"] = run.OutputSummary,
                ["text"] = run.OutputText,
                ["annotations_count"] = run.Annotations.Count,
                ["annotations_url"] = $"{url}/annotations",
            },
            ["name"] = run.Name,
            ["check_suite"] = new JsonObject { ["id"] = run.Id },
            ["app"] = new JsonObject
            {
                ["id"] = long.TryParse(appId, out var id) ? id : 1,
                ["slug"] = "fortify",
                ["node_id"] = $"A_{appId}",
                ["name"] = "Fortify",
                ["owner"] = GitHubJson.User(repository.Owner, urls, "Organization"),
            },
            ["pull_requests"] = new JsonArray(),
        };
    }

    public static JsonObject Render(Annotation annotation, EmulatedRepository repository, CheckRun run, GitHubUrls urls) => new()
    {
        ["path"] = annotation.Path,
        ["blob_href"] = $"{urls.Html}/{repository.FullName}/blob/{run.HeadSha}/{annotation.Path}",
        ["start_line"] = annotation.StartLine,
        ["start_column"] = annotation.StartColumn,
        ["end_line"] = annotation.EndLine,
        ["end_column"] = annotation.EndColumn,
        ["annotation_level"] = annotation.AnnotationLevel,
        ["title"] = annotation.Title,
        ["message"] = annotation.Message,
        ["raw_details"] = annotation.RawDetails,
    };
}
