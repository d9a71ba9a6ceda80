namespace Fortify.Core.Jobs;

/// <summary>A queue entry written in the same transaction as its job, published to Redis by the relay, which then deletes it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public required string Stream { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
