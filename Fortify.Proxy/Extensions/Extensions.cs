using Fortify.Core.Queues;

namespace Fortify.Proxy.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The spool for deliveries the scan agent cannot take right now.
        builder.AddRedisClient(JobStreams.ConnectionName);
    }
}
