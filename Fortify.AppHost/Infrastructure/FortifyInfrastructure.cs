namespace Fortify.AppHost.Infrastructure;

/// <summary>The two stores every service needs, whichever way they were started.</summary>
internal sealed record FortifyInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis);
