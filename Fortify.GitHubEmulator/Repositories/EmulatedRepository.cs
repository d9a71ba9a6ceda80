namespace Fortify.GitHubEmulator.Repositories;

/// <summary>A repository the emulator answers for, backed by the bare git repository at <see cref="GitDirectory"/>.</summary>
internal sealed record EmulatedRepository(long Id, string FullName, string DefaultBranch, bool Private, string GitDirectory)
{
    public string Owner => FullName[..FullName.IndexOf('/', StringComparison.Ordinal)];
    public string Name => FullName[(FullName.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
