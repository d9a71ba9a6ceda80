namespace Fortify.Scanning;

/// <summary>A scanner looks at the files of a <see cref="ScanInput"/> and reports findings.</summary>
public interface IScanner
{
    /// <summary>The scanner's name, used as SARIF <c>tool.driver.name</c> and as <see cref="Finding.Scanner"/>.</summary>
    string Name { get; }

    /// <summary>Scans the input. Findings are ordered by path, line and column.</summary>
    Task<IReadOnlyList<Finding>> ScanAsync(ScanInput input, CancellationToken ct);
}

/// <summary>A scanner that can describe its rules up front (SARIF <c>tool.driver.rules</c>).</summary>
public interface IRuleCatalog
{
    /// <summary>Every rule the scanner may report.</summary>
    IReadOnlyList<RuleDescriptor> Rules { get; }
}

/// <summary>Describes one rule of a scanner.</summary>
/// <param name="Id">Stable identifier (SARIF <c>rule.id</c>).</param>
/// <param name="Name">Readable name (SARIF <c>rule.name</c>).</param>
/// <param name="Description">One sentence on what the rule looks for.</param>
/// <param name="DefaultSeverity">The severity of its findings.</param>
/// <param name="Category">The rule's category, e.g. <c>secret</c>.</param>
public sealed record RuleDescriptor(string Id, string Name, string Description, Severity DefaultSeverity, string Category);
