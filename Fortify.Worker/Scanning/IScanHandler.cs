using Fortify.Core.Jobs;

namespace Fortify.Worker.Scanning;

/// <summary>Runs the scan of one job. It throws to fail the attempt; the worker decides whether to retry.</summary>
internal interface IScanHandler
{
    Task<string> ScanAsync(ScanJob job, CancellationToken cancellationToken);
}
