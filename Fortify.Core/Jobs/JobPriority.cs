namespace Fortify.Core.Jobs;

public enum JobPriority
{
    High,
    Normal,
    Low,
}
