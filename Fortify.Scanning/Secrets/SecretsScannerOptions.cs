using System.Collections.Frozen;

namespace Fortify.Scanning.Secrets;

/// <summary>Settings of <see cref="SecretsScanner"/>.</summary>
public sealed class SecretsScannerOptions
{
    /// <summary>The scanner's name in findings and SARIF.</summary>
    public string Name { get; init; } = SecretsScanner.DefaultName;

    /// <summary>Files larger than this are skipped (default 4 MiB).</summary>
    public long MaxFileSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many files <see cref="SecretsScanner.ScanAsync"/> reads and scans at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Minimum Shannon entropy (bits per character) of values of generic secret-like names.</summary>
    public double GenericEntropyThreshold { get; init; } = 3.5;

    /// <summary>Exact values that are never findings (in addition to the built-in placeholders).</summary>
    public IReadOnlyCollection<string> AllowedValues { get; init; } = [];

    /// <summary>SHA-256 hex of secrets that were reviewed and accepted (a baseline); never reported.</summary>
    public IReadOnlyCollection<string> AllowedSecretHashes { get; init; } = [];

    /// <summary>Directory names skipped when the whole tree is scanned.</summary>
    public IReadOnlyCollection<string> ExcludedDirectories { get; init; } = [".git", ".hg", ".svn"];
}

/// <summary>Options frozen for fast look-ups.</summary>
internal sealed class SecretsScannerSettings
{
    public SecretsScannerSettings(SecretsScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileSizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDegreeOfParallelism);
        Options = options;
        AllowedValues = options.AllowedValues.Count == 0 ? null : options.AllowedValues.ToFrozenSet(StringComparer.Ordinal);
        AllowedSecretHashes = options.AllowedSecretHashes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        ExcludedDirectories = options.ExcludedDirectories.ToFrozenSet(StringComparer.Ordinal);
    }

    public SecretsScannerOptions Options { get; }

    public FrozenSet<string>? AllowedValues { get; }

    public FrozenSet<string> AllowedSecretHashes { get; }

    public FrozenSet<string> ExcludedDirectories { get; }

    public double GenericEntropyThreshold => Options.GenericEntropyThreshold;
}
