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
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
