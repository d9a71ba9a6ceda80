namespace Fortify.Scanning.External;

/// <summary>An external scanner could not be started, failed, timed out or wrote no usable SARIF.</summary>
public sealed class ExternalScannerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="scannerName">The scanner's configured name.</param>
    /// <param name="reason">What went wrong, e.g. <c>exited with code 2</c>.</param>
    /// <param name="exitCode">The process's exit code; <see langword="null"/> when it never exited on its own.</param>
    /// <param name="standardError">The first lines of its standard error.</param>
    /// <param name="innerException">The error behind it.</param>
    public ExternalScannerException(string scannerName, string reason, int? exitCode, string standardError, Exception? innerException = null)
        : base(Format(scannerName, reason, standardError), innerException)
    {
        ScannerName = scannerName;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ExternalScannerException()
        : this("external scanner", "failed", null, "")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ExternalScannerException(string message)
        : this("external scanner", message, null, "")
    {
    }

    /// <summary>Creates the exception with a message and the error behind it.</summary>
    public ExternalScannerException(string message, Exception innerException)
        : this("external scanner", message, null, "", innerException)
    {
    }

    /// <summary>The scanner's configured name.</summary>
    public string ScannerName { get; }

    /// <summary>The exit code; <see langword="null"/> when the process was killed or never started.</summary>
    public int? ExitCode { get; }

    /// <summary>The first lines of the tool's standard error (empty when it wrote none).</summary>
    public string StandardError { get; }

    private static string Format(string scannerName, string reason, string standardError) =>
        string.IsNullOrWhiteSpace(standardError)
            ? $"External scanner '{scannerName}' {reason}."
            : $"External scanner '{scannerName}' {reason}. Standard error:{System.Environment.NewLine}{standardError}";
}
