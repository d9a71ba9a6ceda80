using System.Net;
using Fortify.Core.GitHub;
using Fortify.Scanning.Archives;
using Microsoft.Extensions.Options;

namespace Fortify.Worker.Scanning;

/// <summary>
/// Fetches a commit as GitHub's tarball, streamed to the job's folder (never held in memory: Octokit would buffer
/// it), then unpacks it there with every limit and path check of <see cref="SafeTarballExtractor"/>.
/// </summary>
internal sealed class SourceArchive(IHttpClientFactory http, IGitHubClientFactory gitHub, IOptions<GitHubOptions> gitHubOptions, IOptions<ScanningOptions> options)
{
    public async Task<ExtractionResult> FetchAsync(GitHubConnection connection, ScanTarget target, ScanWorkspace workspace, CancellationToken ct)
    {
        var settings = options.Value;
        var url = new Uri(gitHubOptions.Value.ApiUrl, $"repos/{target.Owner}/{target.Name}/tarball/{target.CommitSha}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = await gitHub.GetAuthorizationAsync(connection, ct);
        request.Headers.UserAgent.ParseAdd("Fortify");
        using var response = await http.CreateClient(GitHubClientExtensions.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            throw new PermanentScanException($"GitHub has no archive of {target.Repository} at {target.CommitSha}: the commit is gone or Fortify may not read it.");
        }

        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > settings.MaxArchiveBytes)
        {
            throw new PermanentScanException($"The archive is {response.Content.Headers.ContentLength} bytes, over the limit of {settings.MaxArchiveBytes}.");
        }

        await using (var file = File.Create(workspace.ArchivePath))
        await using (var body = await response.Content.ReadAsStreamAsync(ct))
        {
            await CopyWithLimitAsync(body, file, settings.MaxArchiveBytes, ct);
        }

        await using var archive = File.OpenRead(workspace.ArchivePath);
        var limits = new ArchiveLimits
        {
            MaxCompressedBytes = settings.MaxArchiveBytes,
            MaxTotalBytes = settings.MaxExtractedBytes,
            MaxFileCount = settings.MaxFiles,
            MaxFileBytes = settings.MaxFileBytes,
        };
        return await SafeTarballExtractor.ExtractAsync(archive, workspace.SourcePath, limits, ct);
    }

    private static async Task CopyWithLimitAsync(Stream source, Stream destination, long limit, CancellationToken ct)
    {
        var buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new PermanentScanException($"The archive is larger than the limit of {limit} bytes.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
}
