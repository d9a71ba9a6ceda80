namespace Fortify.Scanning;

/// <summary>How bad a finding is, from least to most severe (the numeric order is meaningful).</summary>
public enum Severity
{
    /// <summary>Informational.</summary>
    Note = 0,

    /// <summary>Low impact.</summary>
    Low = 1,

    /// <summary>Medium impact.</summary>
    Medium = 2,

    /// <summary>High impact.</summary>
    High = 3,

    /// <summary>Critical impact: act now.</summary>
    Critical = 4,
}
