namespace Fortify.AppHost.Infrastructure;

/// <summary>The machine's own PostgreSQL server, started by the AppHost when no container runtime is there.</summary>
internal sealed class LocalPostgresResource(string name, string workingDirectory, ParameterResource password, string databaseName)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password};Database={databaseName}");
}
