using System.Diagnostics.CodeAnalysis;

namespace Fortify.Scanning.Configuration;

/// <summary>Either a parsed <see cref="RepositoryScanConfig"/> or the error that stopped parsing.</summary>
public sealed record ConfigParseResult
{
    private ConfigParseResult(RepositoryScanConfig? config, ConfigError? error)
    {
        Config = config;
        Error = error;
    }

    /// <summary>The settings; <see langword="null"/> when the file is invalid.</summary>
    public RepositoryScanConfig? Config { get; }

    /// <summary>What is wrong with the file; <see langword="null"/> when it is valid.</summary>
    public ConfigError? Error { get; }

    /// <summary>Whether the file is valid.</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Config is not null;

    internal static ConfigParseResult Success(RepositoryScanConfig config) => new(config, null);

    internal static ConfigParseResult Failure(ConfigError error) => new(null, error);
}

/// <summary>An invalid <see cref="RepositoryScanConfig.FileName"/>: what is wrong and where.</summary>
/// <param name="Message">The whole message, with the file name, line and column, to show to the repository's owner.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record ConfigError(string Message, long Line, long Column);
