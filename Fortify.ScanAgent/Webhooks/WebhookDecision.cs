using Fortify.Core.Jobs;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>What a delivery asks of Fortify.</summary>
internal abstract record WebhookDecision
{
    /// <summary>Scan one commit of a pull request or branch.</summary>
    public sealed record Scan(
        string Repository,
        ScanTargetType TargetType,
        string Reference,
        string CommitSha,
        bool IsDraft,
        Dictionary<string, string> Context) : WebhookDecision;

    /// <summary>The GitHub App was installed, removed, suspended or given other repositories.</summary>
    public sealed record ChangeRepositories(
        long InstallationId,
        IReadOnlyList<string> Repositories,
        bool Enabled,
        bool WholeInstallation) : WebhookDecision;

    /// <summary>Stored and answered; nothing to do, for this reason.</summary>
    public sealed record Ignore(string Reason) : WebhookDecision;
}

/// <summary>A decision with what the payload says about itself, kept with the delivery for queries.</summary>
internal sealed record Interpretation(string? Action, string? Repository, long? InstallationId, WebhookDecision Decision);
