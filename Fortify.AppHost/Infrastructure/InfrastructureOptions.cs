using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Fortify.AppHost.Infrastructure;

internal enum InfrastructureMode
{
    Auto,
    Containers,
    Local,
}

/// <summary>The <c>Fortify:*</c> settings of the AppHost.</summary>
internal sealed record InfrastructureOptions(InfrastructureMode Mode, string DataDirectory, int PostgresPort, int RedisPort)
{
    public static InfrastructureOptions From(IConfiguration configuration, string appHostDirectory)
    {
        var modeText = configuration["Fortify:Infrastructure"] ?? "auto";
        if (!Enum.TryParse<InfrastructureMode>(modeText, ignoreCase: true, out var mode))
        {
            throw new InvalidOperationException(
                $"Fortify:Infrastructure is '{modeText}'; it must be 'auto', 'containers' or 'local'.");
        }

        var dataDirectory = Path.GetFullPath(
            configuration["Fortify:DataDirectory"] ?? Path.Combine(appHostDirectory, "..", ".data"));

        return new InfrastructureOptions(
            mode,
            dataDirectory,
            PortOrFree(configuration, "Fortify:PostgresPort"),
            PortOrFree(configuration, "Fortify:RedisPort"));
    }

    /// <summary>A configured port, or one the OS says is free now (0 or unset).</summary>
    private static int PortOrFree(IConfiguration configuration, string key)
    {
        var configured = configuration.GetValue<int?>(key) ?? 0;
        if (configured is < 0 or > 65535)
        {
            throw new InvalidOperationException($"{key} is {configured}; it must be a TCP port (0 picks a free one).");
        }

        if (configured != 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
