using Fortify.Core.Jobs;

namespace Fortify.Core.Repositories;

/// <summary>How Fortify treats one repository; made when the GitHub App is installed on it.</summary>
public sealed class RepositorySettings
{
    /// <summary>"owner/repo", as GitHub spells it.</summary>
    public required string Repository { get; set; }
    public long? InstallationId { get; set; }
    public bool Enabled { get; set; } = true;
    public JobPriority Priority { get; set; } = JobPriority.Normal;
    public bool ScanDraftPullRequests { get; set; }

    /// <summary>
    /// Until when GitHub is not asked to open check runs here, after it refused for a reason every job of the
    /// repository shares (the App is not installed, the repository is gone). Jobs made meanwhile are born waiting.
    /// </summary>
    public DateTimeOffset? CheckRunsPausedUntil { get; set; }

    /// <summary>How often in a row GitHub refused so; each refusal doubles the next pause.</summary>
    public int CheckRunRefusals { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
