namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Wakes the outbox relay when a job has just been committed, so the queue entry goes out at once and in a batch
/// with its neighbours instead of costing each delivery its own round trips. Many notifications before the relay
/// wakes are one wake-up.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim pending = new(0, 1);

    public void Notify()
    {
        if (pending.CurrentCount == 0)
        {
            try
            {
                pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another notification got there first; the relay is already due to wake.
            }
        }
    }

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        pending.WaitAsync(timeout, cancellationToken);
}
