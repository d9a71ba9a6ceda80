namespace Fortify.ScanAgent.Jobs;

/// <summary>A job was committed: its queue entry should go out now, batched with its neighbours by the relay.</summary>
internal sealed class OutboxSignal : WakeSignal;
