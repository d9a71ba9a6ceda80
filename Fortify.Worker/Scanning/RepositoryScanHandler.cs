using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Scanning;
using Fortify.Scanning;
using Fortify.Scanning.Archives;
using Fortify.Scanning.Configuration;
using Fortify.Scanning.Sarif;
using Fortify.Worker.Reporting;
using Microsoft.Extensions.Options;

namespace Fortify.Worker.Scanning;

/// <summary>
/// One scan, start to end: re-read the target, fetch the commit, read its <c>.fortify.yml</c>, run the scanners on
/// what changed (or everything), keep the findings and report, then tell GitHub. Nothing is left on disk.
/// </summary>
internal sealed class RepositoryScanHandler(
    IGitHubClientFactory gitHub,
    ScanPlanner planner,
    SourceArchive archive,
    ScannerSet scanners,
    ScanResultStore results,
    CheckRunReporter reporter,
    IOptions<ScanningOptions> options,
    TimeProvider clock) : IScanHandler
{
    public async Task<string> ScanAsync(ScanJob job, CancellationToken cancellationToken)
    {
        var target = ScanTarget.From(job);
        var connection = await gitHub.ForRepositoryAsync(target.Repository, target.InstallationId, cancellationToken);
        await gitHub.ValidateAsync(connection, cancellationToken);
        await planner.EnsureCurrentAsync(connection, target, cancellationToken);
        await reporter.StartedAsync(job, connection, cancellationToken);

        using var workspace = ScanWorkspace.Create(options.Value.WorkRoot, job.JobId);
        ExtractionResult extracted;
        try
        {
            extracted = await archive.FetchAsync(connection, target, workspace, cancellationToken);
        }
        catch (HostileArchiveException hostile)
        {
            // The check says why nothing was scanned; the job itself then fails for good.
            var refused = ScanVerdicts.ArchiveRefused(hostile.Message);
            await results.SaveAsync(job.JobId, [], NewReport(refused, "not scanned: archive refused", [], 0, totalBytes: 0), cancellationToken);
            await reporter.TryPublishAsync(job.JobId, cancellationToken);
            throw;
        }

        var (report, groups) = await ScanAsync(connection, target, workspace, extracted, cancellationToken);
        await results.SaveAsync(job.JobId, groups, report, cancellationToken);
        await reporter.TryPublishAsync(job.JobId, cancellationToken);
        return $"{report.Title} ({report.Mode}).";
    }

    private async Task<(ScanReport Report, IReadOnlyList<FindingGroup> Groups)> ScanAsync(
        GitHubConnection connection, ScanTarget target, ScanWorkspace workspace, ExtractionResult extracted, CancellationToken ct)
    {
        var configPath = Path.Combine(workspace.SourcePath, RepositoryScanConfig.FileName);
        var parsed = File.Exists(configPath)
            ? RepositoryScanConfig.Parse(await File.ReadAllTextAsync(configPath, ct))
            : RepositoryScanConfig.Parse("");
        if (parsed.Config is not { } config)
        {
            var verdict = ScanVerdicts.ConfigurationError(parsed.Error?.Message ?? "unknown error");
            return (NewReport(verdict, "not scanned: invalid .fortify.yml", [], 0, extracted.BytesWritten), []);
        }

        var plan = await planner.PlanAsync(connection, target, config.FullScan, ct);
        var paths = plan.Paths?.Where(p => !config.IsIgnored(p)).ToList();
        var input = new ScanInput(workspace.SourcePath, paths ?? EveryFile(workspace.SourcePath, config), plan.AddedLines);
        var findings = await scanners.ScanAsync(input, ct);
        var groups = FindingDeduplicator.Group(config.Apply(findings)).ToList();
        var kept = groups.Select(g => g.Primary).ToList();
        var verdictForFindings = ScanVerdicts.For(kept, config.FailOn, plan.Mode, input.Paths?.Count ?? 0);
        return (NewReport(verdictForFindings, plan.Mode, kept, input.Paths?.Count ?? 0, extracted.BytesWritten), groups);
    }

    /// <summary>Every extracted file but the ignored ones, as forward-slash relative paths.</summary>
    private static List<string> EveryFile(string root, RepositoryScanConfig config) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !config.IsIgnored(path))];

    private ScanReport NewReport(ScanVerdict verdict, string mode, IReadOnlyList<Finding> findings, int files, long totalBytes) => new()
    {
        Conclusion = verdict.Conclusion,
        Title = verdict.Title,
        Summary = verdict.Summary,
        Sarif = SarifWriter.WriteToString(findings, scanners.All),
        Mode = mode.Length <= 200 ? mode : mode[..200],
        FindingsCount = findings.Count,
        FilesScanned = files,
        BytesScanned = totalBytes,
        CompletedAt = clock.GetUtcNow(),
    };
}
