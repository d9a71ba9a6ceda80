namespace Fortify.Worker.Scanning;

/// <summary>The target moved on before the scan began; the job is cancelled, not failed, and nothing is scanned.</summary>
internal sealed class ScanSupersededException(string reason) : Exception(reason);
