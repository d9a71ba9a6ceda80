namespace Fortify.Core.Jobs;

/// <summary>One change in a job's life, appended in the same transaction as the change itself.</summary>
public sealed class JobEvent
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public string? DeliveryId { get; set; }
    public JobStatus Status { get; set; }
    public DateTimeOffset At { get; set; }
    public string? WorkerId { get; set; }
    public int Attempt { get; set; }
    public string? Detail { get; set; }

    public static JobEvent For(ScanJob job, DateTimeOffset at, string? detail = null) => new()
    {
        JobId = job.JobId,
        DeliveryId = job.DeliveryId,
        Status = job.Status,
        At = at,
        WorkerId = job.WorkerId,
        Attempt = job.Attempts,
        Detail = detail,
    };
}
