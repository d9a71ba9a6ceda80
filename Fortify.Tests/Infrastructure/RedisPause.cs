using StackExchange.Redis;

namespace Fortify.Tests.Infrastructure;

/// <summary>
/// Makes the stack's Redis stop answering (<c>CLIENT PAUSE</c>) until disposed or <c>duration</c> passes: a stalled
/// Redis, whose commands time out instead of failing fast. The asking connection is held open throughout, as Redis
/// ends a pause early once that client goes.
/// </summary>
public sealed class RedisPause : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _admin;

    private RedisPause(ConnectionMultiplexer admin) => _admin = admin;

    /// <param name="writesOnly">Pause only writes (<c>WRITE</c>), or every command (<c>ALL</c>).</param>
    public static async Task<RedisPause> StartAsync(FortifyStack stack, TimeSpan duration, bool writesOnly)
    {
        var admin = await ConnectionMultiplexer.ConnectAsync(await stack.App.GetConnectionStringAsync("redis") + ",allowAdmin=true");
        await Server(admin).ExecuteAsync("CLIENT", "PAUSE", (long)duration.TotalMilliseconds, writesOnly ? "WRITE" : "ALL");
        return new RedisPause(admin);
    }

    public async ValueTask DisposeAsync()
    {
        await Server(_admin).ExecuteAsync("CLIENT", "UNPAUSE");
        await _admin.DisposeAsync();
    }

    private static IServer Server(ConnectionMultiplexer admin) => admin.GetServer(admin.GetEndPoints().Single());
}
