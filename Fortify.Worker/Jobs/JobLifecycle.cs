using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Worker.Jobs;

/// <summary>
/// Every state change of a job, each one atomic statement that also appends to the audit trail. Changes by a worker
/// are fenced on its worker id: a worker that lost its lease cannot overwrite what the new holder did.
/// </summary>
internal sealed class JobLifecycle(FortifyDbContext db, JobStatements statements, TimeProvider clock)
{
    /// <summary>Takes the job if it is due and queued, or held by a worker whose lease ran out; null otherwise.</summary>
    public Task<ScanJob?> TryStartAsync(Guid jobId, string workerId, TimeSpan lease, CancellationToken ct) =>
        statements.StartAsync(jobId, workerId, lease).WaitAsync(ct);

    public Task<JobStatus?> StatusAsync(Guid jobId, CancellationToken ct) =>
        db.ScanJobs.Where(j => j.JobId == jobId).Select(j => (JobStatus?)j.Status).FirstOrDefaultAsync(ct);

    public async Task<bool> RenewLeaseAsync(Guid jobId, string workerId, TimeSpan lease, CancellationToken ct)
    {
        var leaseEnd = clock.GetUtcNow() + lease;
        return await db.ScanJobs
            .Where(j => j.JobId == jobId && j.WorkerId == workerId && j.Status == JobStatus.Processing)
            .ExecuteUpdateAsync(update => update.SetProperty(j => j.LeaseExpiresAt, leaseEnd), ct) == 1;
    }

    public Task<ScanJob?> CompleteAsync(Guid jobId, string workerId, string? detail, CancellationToken ct) =>
        FinishAsync(jobId, workerId, JobStatus.Completed, lastError: null, nextAttemptAt: null, detail, ct);

    public Task<ScanJob?> FailAsync(Guid jobId, string workerId, string error, CancellationToken ct) =>
        FinishAsync(jobId, workerId, JobStatus.Failed, error, nextAttemptAt: null, error, ct);

    /// <summary>Not scanned: the target moved on (a newer commit, a closed pull request, a deleted branch).</summary>
    public Task<ScanJob?> CancelAsync(Guid jobId, string workerId, string reason, CancellationToken ct) =>
        FinishAsync(jobId, workerId, JobStatus.Cancelled, lastError: null, nextAttemptAt: null, reason, ct);

    /// <summary>Back to queued, due again after the delay; the sweeper puts it on its stream then.</summary>
    public Task<ScanJob?> RetryLaterAsync(Guid jobId, string workerId, string error, TimeSpan delay, CancellationToken ct) =>
        FinishAsync(jobId, workerId, JobStatus.Queued, error, clock.GetUtcNow() + delay, $"Retry in {delay.TotalSeconds:0.#} s: {error}", ct);

    /// <summary>Hands an unfinished job back on shutdown; the attempt does not count.</summary>
    public async Task<ScanJob?> ReleaseAsync(Guid jobId, string workerId, CancellationToken ct)
    {
        var released = await FinishAsync(jobId, workerId, JobStatus.Queued, lastError: null, clock.GetUtcNow(), "Released by a worker that is stopping.", ct);
        if (released is not null)
        {
            await db.ScanJobs.Where(j => j.JobId == jobId && j.Attempts > 0)
                .ExecuteUpdateAsync(update => update.SetProperty(j => j.Attempts, j => j.Attempts - 1), ct);
        }

        return released;
    }

    private Task<ScanJob?> FinishAsync(
        Guid jobId, string workerId, JobStatus status, string? lastError, DateTimeOffset? nextAttemptAt, string? detail, CancellationToken ct) =>
        statements.FinishAsync(new FinishRequest(jobId, workerId, status, lastError, nextAttemptAt, detail)).WaitAsync(ct);
}
