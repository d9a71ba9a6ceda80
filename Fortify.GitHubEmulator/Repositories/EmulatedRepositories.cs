using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Fortify.GitHubEmulator.Git;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Repositories;

internal sealed partial class EmulatedRepositories(IOptions<EmulatorOptions> options, GitCommands git) : IDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedRepository> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One writer at a time for every repository: writes are rare and short, and it keeps the read-check-move of a
    /// branch and the numbering of pull requests trivially consistent. Reads never take it: git reads are safe.
    /// </summary>
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lazy<string> _root = new(() => CreateRoot(options.Value.RepositoriesPath));
    private long _nextId = 1_000;

    public string Root => _root.Value;

    public static bool IsValidFullName(string fullName) => fullName.Split('/') is [var owner, var name] && IsValidName(owner) && IsValidName(name);

    public async Task<EmulatedRepository> AddAsync(string fullName, string defaultBranch, bool isPrivate, IReadOnlyDictionary<string, string?>? files)
    {
        using var writing = await WriteLockAsync();
        if (_byName.TryGetValue(fullName, out var existing))
        {
            // Idempotent: the history stays; a new default branch starts where the old one is.
            if (await git.BranchShaAsync(existing.GitDirectory, defaultBranch) is null)
            {
                var head = await git.BranchShaAsync(existing.GitDirectory, existing.DefaultBranch);
                await git.UpdateBranchAsync(existing.GitDirectory, defaultBranch, head!, GitCommands.ZeroSha);
            }

            await git.SetHeadAsync(existing.GitDirectory, defaultBranch);
            return _byName[fullName] = existing with { DefaultBranch = defaultBranch, Private = isPrivate };
        }

        var directory = Path.Combine(Root, fullName.ToLowerInvariant() + ".git");
        await git.InitAsync(directory, defaultBranch);
        // A configured folder outlives the process: a repository already on disk keeps its history.
        if (await git.BranchShaAsync(directory, defaultBranch) is null)
        {
            await CommitInitialAsync(directory, fullName, defaultBranch, files);
        }

        var repository = new EmulatedRepository(Interlocked.Increment(ref _nextId), fullName, defaultBranch, isPrivate, directory);
        _byName[fullName] = repository;
        return repository;
    }

    private async Task CommitInitialAsync(string directory, string fullName, string defaultBranch, IReadOnlyDictionary<string, string?>? files)
    {
        var initialFiles = files is { Count: > 0 } ? files : new Dictionary<string, string?> { ["README.md"] = $"# {fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..]}\n" };
        var sha = await git.CommitAsync(directory, null, initialFiles, "Initial commit");
        await git.UpdateBranchAsync(directory, defaultBranch, sha, GitCommands.ZeroSha);
    }

    public EmulatedRepository? Find(string owner, string name) => _byName.GetValueOrDefault($"{owner}/{name}");

    public IReadOnlyList<EmulatedRepository> All => [.. _byName.Values.OrderBy(r => r.Id)];

    public EmulatedRepository? FindById(long id) => _byName.Values.FirstOrDefault(r => r.Id == id);

    public async Task<IDisposable> WriteLockAsync()
    {
        await _writes.WaitAsync();
        return new Release(_writes);
    }

    public void Dispose() => _writes.Dispose();

    private static bool IsValidName(string name) => name is not ("." or "..") && NamePattern().IsMatch(name);

    private static string CreateRoot(string? configured)
    {
        var root = string.IsNullOrEmpty(configured)
            ? Path.Combine(Path.GetTempPath(), $"fortify-github-emulator-{Guid.NewGuid():N}")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(root);
        return root;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex NamePattern();

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
