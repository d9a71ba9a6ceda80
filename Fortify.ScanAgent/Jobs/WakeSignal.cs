namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Wakes a background loop at once instead of at its next poll. Many notifications before it wakes are one wake-up;
/// the poll stays as the safety net for work another replica left behind.
/// </summary>
internal abstract class WakeSignal
{
    private readonly SemaphoreSlim pending = new(0, 1);

    public void Notify()
    {
        try
        {
            if (pending.CurrentCount == 0)
            {
                pending.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another notification got there first; the loop is already due to wake.
        }
    }

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pending.WaitAsync(timeout, cancellationToken);
}
