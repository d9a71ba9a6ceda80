using Fortify.Core.Jobs;

namespace Fortify.ScanAgent.Jobs;

internal sealed record JobEventResponse(Guid JobId, string? DeliveryId, JobStatus Status, DateTimeOffset At, string? WorkerId, int Attempt, string? Detail)
{
    public static JobEventResponse From(JobEvent e) => new(e.JobId, e.DeliveryId, e.Status, e.At, e.WorkerId, e.Attempt, e.Detail);
}
