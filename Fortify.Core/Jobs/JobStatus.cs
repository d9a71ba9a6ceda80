namespace Fortify.Core.Jobs;

public enum JobStatus
{
    Queued,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
