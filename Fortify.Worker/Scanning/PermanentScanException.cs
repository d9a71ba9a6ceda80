namespace Fortify.Worker.Scanning;

/// <summary>A failure that no retry can fix: bad configuration, a repository that is gone, access revoked.</summary>
internal sealed class PermanentScanException(string message, Exception? inner = null) : Exception(message, inner);
