using Fortify.Core.Persistence;
using Fortify.Core.Queues;

namespace Fortify.ScanAgent.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<FortifyDbContext>(FortifyDbContext.ConnectionName);
        builder.AddRedisClient(JobStreams.ConnectionName);
    }
}
