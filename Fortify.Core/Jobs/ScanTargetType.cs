namespace Fortify.Core.Jobs;

public enum ScanTargetType
{
    PullRequest,
    Push,
}
