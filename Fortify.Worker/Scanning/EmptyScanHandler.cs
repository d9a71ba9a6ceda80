using Fortify.Core.Jobs;

namespace Fortify.Worker.Scanning;

/// <summary>Completes every job at once without touching GitHub: <c>Worker__EmptyScan=true</c>, for measuring the queue alone.</summary>
internal sealed class EmptyScanHandler : IScanHandler
{
    public Task<string> ScanAsync(ScanJob job, CancellationToken cancellationToken) => Task.FromResult("Empty scan.");
}
