using System.Security.Cryptography;

using Microsoft.Extensions.DependencyInjection;

namespace Fortify.AppHost.Infrastructure;

internal static class LocalServerExtensions
{
    private const string Loopback = "localhost";

    /// <summary>
    /// PostgreSQL from the machine, data kept in <c>{DataDirectory}/postgres</c> between runs. Its password is made
    /// on first use and kept beside the data, because initdb writes it into the cluster once.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, InfrastructureOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var passwordFile = Path.Combine(options.DataDirectory, "postgres.password");
        var password = ReadOrCreateSecret(passwordFile);
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var script = Path.Combine(builder.AppHostDirectory, "Infrastructure", "start-postgres.sh");

        var healthCheckKey = $"{name}-check";
        builder.Services.AddHealthChecks().AddNpgSql(
            $"Host={Loopback};Port={options.PostgresPort};Username={LocalPostgresResource.UserName};Password={password};Database=postgres;Timeout=5",
            name: healthCheckKey);

        return builder.AddResource(new LocalPostgresResource(name, options.DataDirectory, passwordParameter.Resource, "fortify"))
            .WithArgs(script, Path.Combine(options.DataDirectory, "postgres"), options.PostgresPort.ToString(), passwordFile)
            .WithLoopbackPort(LocalPostgresResource.EndpointName, options.PostgresPort)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>redis-server from the machine, its append-only file kept in <c>{DataDirectory}/redis</c>.</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, InfrastructureOptions options)
    {
        var redisDirectory = Path.Combine(options.DataDirectory, "redis");
        Directory.CreateDirectory(redisDirectory);
        var password = RandomSecret();
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);

        var healthCheckKey = $"{name}-check";
        builder.Services.AddHealthChecks().AddRedis(
            $"{Loopback}:{options.RedisPort},password={password},connectTimeout=2000,abortConnect=false",
            name: healthCheckKey);

        return builder.AddResource(new LocalRedisResource(name, redisDirectory, passwordParameter.Resource))
            .WithArgs(
                "--port", options.RedisPort.ToString(),
                "--bind", "127.0.0.1", "-::1",
                "--dir", redisDirectory,
                "--appendonly", "yes",
                "--save", "",
                "--requirepass", password)
            .WithLoopbackPort(LocalRedisResource.EndpointName, options.RedisPort)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>The server listens on the port itself (it is passed as an argument), so no proxy stands in front.</summary>
    private static IResourceBuilder<T> WithLoopbackPort<T>(this IResourceBuilder<T> server, string name, int port)
        where T : IResourceWithEndpoints =>
        server.WithEndpoint(name, endpoint =>
        {
            endpoint.Port = port;
            endpoint.TargetPort = port;
            endpoint.IsProxied = false;
            endpoint.UriScheme = "tcp";
        });

    private static string ReadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = RandomSecret();
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }

    private static string RandomSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
