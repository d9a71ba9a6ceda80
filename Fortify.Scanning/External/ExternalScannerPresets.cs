namespace Fortify.Scanning.External;

/// <summary>Ready-made <see cref="ExternalScannerOptions"/> for known tools.</summary>
public static class ExternalScannerPresets
{
    /// <summary>The name DevSkim findings carry.</summary>
    public const string DevSkimName = "DevSkim";

    /// <summary>
    /// Microsoft DevSkim (NuGet tool <c>microsoft.cst.devskim.cli</c>):
    /// <c>devskim analyze --source-code {source} --output-file {output} --file-format sarif --skip-excerpts --disable-console</c>.
    /// DevSkim exits 0 whether or not it finds anything (without <c>-E</c>), so only 0 is success.
    /// </summary>
    /// <param name="toolManifestDirectory">
    /// A folder at or below a <c>dotnet-tools.json</c> that lists DevSkim: it runs as <c>dotnet tool run devskim --</c>
    /// from there. <see langword="null"/> runs a <c>devskim</c> executable found on <c>PATH</c> (a global tool).
    /// </param>
    /// <param name="timeout">How long one run may take; 10 minutes by default.</param>
    /// <param name="extraArguments">More DevSkim arguments, e.g. <c>--ignore-rule-ids</c> or <c>--disable-parallel</c>.</param>
    public static ExternalScannerOptions DevSkim(string? toolManifestDirectory = null, TimeSpan? timeout = null, IEnumerable<string>? extraArguments = null)
    {
        // Excerpts would copy matched secrets into the log; the reader takes lines from the source instead.
        string[] analyze =
        [
            "analyze",
            "--source-code", ExternalScannerOptions.SourcePlaceholder,
            "--output-file", ExternalScannerOptions.OutputPlaceholder,
            "--file-format", "sarif",
            "--skip-excerpts",
            "--disable-console",
            .. extraArguments ?? [],
        ];
        var viaDotnet = toolManifestDirectory is not null;
        return new ExternalScannerOptions
        {
            Name = DevSkimName,
            Command = viaDotnet ? "dotnet" : "devskim",
            Arguments = viaDotnet ? ["tool", "run", "devskim", "--", .. analyze] : analyze,
            WorkingDirectory = toolManifestDirectory,
            Environment = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            },
            Timeout = timeout ?? TimeSpan.FromMinutes(10),
            ExitCodesMeaningSuccess = [0],
        };
    }
}
