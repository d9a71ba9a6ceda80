using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>Failures that say the database cannot be used now, not that a delivery is wrong: worth a 503, never a record.</summary>
internal static class DatabaseOutage
{
    public static bool Is(Exception exception) => exception
        is DbException
        or RetryLimitExceededException
        or TimeoutException
        // The intake's batch deadline: retries after an outage took longer than any caller waits.
        or OperationCanceledException;
}
