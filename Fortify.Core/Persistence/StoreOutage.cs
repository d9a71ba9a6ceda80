using System.Data.Common;
using StackExchange.Redis;

namespace Fortify.Core.Persistence;

public static class StoreOutage
{
    /// <summary>
    /// True when the exception says Redis or Postgres cannot be reached or answer now, which passes when it is back.
    /// </summary>
    /// <remarks>
    /// <see cref="RedisTimeoutException"/> derives from <see cref="TimeoutException"/>, not <see cref="RedisException"/>:
    /// a catch of <see cref="RedisException"/> alone misses the commonest failure of an outage, a command that timed out
    /// waiting for a connection, and the exception then stops the host.
    /// </remarks>
    public static bool IsStoreOutage(this Exception exception) =>
        exception is RedisException or RedisTimeoutException or DbException;
}
