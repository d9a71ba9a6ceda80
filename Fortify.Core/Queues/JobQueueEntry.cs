namespace Fortify.Core.Queues;

/// <summary>The fields of a job stream entry. Workers read the job itself from Postgres by its id.</summary>
public static class JobQueueEntry
{
    public const string JobId = "job_id";
    public const string OutboxId = "outbox_id";
}
