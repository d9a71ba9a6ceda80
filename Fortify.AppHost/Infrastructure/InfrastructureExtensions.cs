using Microsoft.Extensions.Configuration;

namespace Fortify.AppHost.Infrastructure;

internal static class InfrastructureExtensions
{
    /// <summary>
    /// Postgres and Redis from containers when a container runtime answers (and always when publishing),
    /// otherwise the machine's own <c>postgres</c> and <c>redis-server</c>, with the same connection strings.
    /// </summary>
    public static FortifyInfrastructure AddFortifyInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var options = InfrastructureOptions.From(builder.Configuration, builder.AppHostDirectory);
        var useContainers = builder.ExecutionContext.IsPublishMode || options.Mode switch
        {
            InfrastructureMode.Containers => true,
            InfrastructureMode.Local => false,
            _ => ContainerRuntimeProbe.Answers(),
        };

        return useContainers ? builder.AddContainerInfrastructure() : builder.AddLocalInfrastructure(options);
    }

    private static FortifyInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var database = builder.AddPostgres("postgres")
            .WithDataVolume()
            .AddDatabase("fortify");
        var redis = builder.AddRedis("redis")
            .WithDataVolume();
        return new FortifyInfrastructure(database, redis);
    }

    private static FortifyInfrastructure AddLocalInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureOptions options) =>
        new(builder.AddLocalPostgres("postgres", options), builder.AddLocalRedis("redis", options));
}
