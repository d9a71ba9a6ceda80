using Fortify.ScanAgent.Jobs;

namespace Fortify.ScanAgent.Reporting;

/// <summary>A job was created: its queued check run should show on the commit within moments.</summary>
internal sealed class CheckRunSignal : WakeSignal;
