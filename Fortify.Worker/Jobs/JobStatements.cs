using Fortify.Core.Batching;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Fortify.Worker.Jobs;

/// <summary>
/// The two statements every job goes through, start and finish, each batched across the jobs this worker runs at
/// once. Every job in a batch is still fenced on its own state and worker id, and audited, exactly as alone.
/// </summary>
internal sealed class JobStatements : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly OpportunisticBatcher<StartRequest, ScanJob?> _starts;
    private readonly OpportunisticBatcher<FinishRequest, ScanJob?> _finishes;

    public JobStatements(IServiceScopeFactory scopes, TimeProvider clock)
    {
        _scopes = scopes;
        _clock = clock;
        _starts = new(StartBatchAsync, MaxBatch);
        _finishes = new(FinishBatchAsync, MaxBatch);
    }

    /// <summary>The job if it was due and queued, or held by a worker whose lease ran out; null otherwise.</summary>
    public Task<ScanJob?> StartAsync(Guid jobId, string workerId, TimeSpan lease) => _starts.RunAsync(new(jobId, workerId, lease));

    /// <summary>The job in its new state; null when this worker no longer holds it.</summary>
    public Task<ScanJob?> FinishAsync(FinishRequest request) => _finishes.RunAsync(request);

    private async Task<IReadOnlyList<ScanJob?>> StartBatchAsync(IReadOnlyList<StartRequest> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        var started = new Dictionary<Guid, ScanJob>();
        foreach (var group in batch.GroupBy(r => (r.WorkerId, r.Lease)))
        {
            var ids = group.Select(r => r.JobId).Distinct().ToArray();
            var workerId = group.Key.WorkerId;
            var now = _clock.GetUtcNow();
            var leaseEnd = now + group.Key.Lease;
            var rows = await db.ScanJobs.FromSql($"""
                WITH started AS (
                    UPDATE scan_jobs SET "Status" = 'Processing', "WorkerId" = {workerId}, "StartedAt" = {now}, "FinishedAt" = NULL,
                           "Attempts" = "Attempts" + 1, "LeaseExpiresAt" = {leaseEnd}, "UpdatedAt" = {now}, "NextAttemptAt" = NULL
                    WHERE "JobId" = ANY({ids})
                      AND (("Status" = 'Queued' AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now}))
                           OR ("Status" = 'Processing' AND "LeaseExpiresAt" < {now}))
                    RETURNING *),
                logged AS (
                    INSERT INTO job_events ("JobId", "DeliveryId", "Status", "At", "WorkerId", "Attempt", "Detail")
                    SELECT "JobId", "DeliveryId", 'Processing', {now}, "WorkerId", "Attempts", NULL FROM started)
                SELECT * FROM started
                """).AsNoTracking().ToListAsync();
            foreach (var job in rows)
            {
                started[job.JobId] = job;
            }
        }

        // Two entries for one job in a batch: the first runs it, the second finds it taken.
        return [.. batch.Select(r => started.Remove(r.JobId, out var job) ? job : null)];
    }

    private async Task<IReadOnlyList<ScanJob?>> FinishBatchAsync(IReadOnlyList<FinishRequest> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        var finished = new Dictionary<Guid, ScanJob>();
        foreach (var group in batch.GroupBy(r => r.WorkerId))
        {
            var workerId = group.Key;
            var requests = group.DistinctBy(r => r.JobId).ToList();
            var now = _clock.GetUtcNow();
            var ids = Array(NpgsqlDbType.Uuid, requests.Select(r => r.JobId).ToArray());
            var statuses = Array(NpgsqlDbType.Text, requests.Select(r => r.Status.ToString()).ToArray());
            var errors = Array(NpgsqlDbType.Text, requests.Select(r => r.LastError).ToArray());
            var nextAttempts = Array(NpgsqlDbType.TimestampTz, requests.Select(r => r.NextAttemptAt).ToArray());
            var details = Array(NpgsqlDbType.Text, requests.Select(r => r.Detail).ToArray());
            var rows = await db.ScanJobs.FromSql($"""
                WITH input AS (
                    SELECT * FROM unnest({ids}, {statuses}, {errors}, {nextAttempts}, {details})
                        AS i("Id", "Status", "Error", "NextAttemptAt", "Detail")),
                finished AS (
                    UPDATE scan_jobs AS s
                    SET "Status" = i."Status", "FinishedAt" = CASE WHEN i."Status" = 'Queued' THEN NULL ELSE {now} END,
                        "LastError" = COALESCE(i."Error", s."LastError"), "NextAttemptAt" = i."NextAttemptAt", "LeaseExpiresAt" = NULL,
                        "UpdatedAt" = {now}, "DispatchedAt" = CASE WHEN i."Status" = 'Queued' THEN NULL ELSE s."DispatchedAt" END
                    FROM input AS i
                    WHERE s."JobId" = i."Id" AND s."WorkerId" = {workerId} AND s."Status" = 'Processing'
                    RETURNING s.*),
                logged AS (
                    INSERT INTO job_events ("JobId", "DeliveryId", "Status", "At", "WorkerId", "Attempt", "Detail")
                    SELECT f."JobId", f."DeliveryId", f."Status", {now}, {workerId}, f."Attempts", i."Detail"
                    FROM finished AS f JOIN input AS i ON i."Id" = f."JobId")
                SELECT * FROM finished
                """).AsNoTracking().ToListAsync();
            foreach (var job in rows)
            {
                finished[job.JobId] = job;
            }
        }

        return [.. batch.Select(r => finished.Remove(r.JobId, out var job) ? job : null)];
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values };

    public async ValueTask DisposeAsync()
    {
        await _starts.DisposeAsync();
        await _finishes.DisposeAsync();
    }

    private sealed record StartRequest(Guid JobId, string WorkerId, TimeSpan Lease);
}

/// <summary>A job leaving <c>processing</c>: to a final state, or back to queued for a later attempt.</summary>
internal sealed record FinishRequest(Guid JobId, string WorkerId, JobStatus Status, string? LastError, DateTimeOffset? NextAttemptAt, string? Detail);
