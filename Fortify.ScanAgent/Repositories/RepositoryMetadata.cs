namespace Fortify.ScanAgent.Repositories;

/// <summary>What a scan needs to know of a repository beyond the delivery.</summary>
internal sealed record RepositoryMetadata(string DefaultBranch, string Visibility)
{
    public void AddTo(Dictionary<string, string> context)
    {
        context["default_branch"] = DefaultBranch;
        context["visibility"] = Visibility;
    }
}
