using Fortify.Core.Jobs;

namespace Fortify.ScanAgent.Jobs;

/// <summary>The scan job specification, as the API and the job stream's readers see it.</summary>
internal sealed record ScanJobResponse(
    Guid JobId,
    string Trigger,
    string Repository,
    ScanTargetResponse ScanTarget,
    IReadOnlyDictionary<string, string> Context,
    DateTimeOffset CreatedAt,
    JobStatus Status,
    JobPriority Priority,
    Guid? SupersededBy,
    string? DeliveryId,
    int Attempts,
    string? WorkerId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? LastError)
{
    public static ScanJobResponse From(ScanJob job) => new(
        job.JobId,
        job.Trigger,
        job.Repository,
        new ScanTargetResponse(job.TargetType, job.Reference, job.CommitSha),
        job.Context,
        job.CreatedAt,
        job.Status,
        job.Priority,
        job.SupersededBy,
        job.DeliveryId,
        job.Attempts,
        job.WorkerId,
        job.StartedAt,
        job.FinishedAt,
        job.LastError);
}

internal sealed record ScanTargetResponse(ScanTargetType Type, string Reference, string CommitSha);
