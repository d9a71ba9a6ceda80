namespace Fortify.Core.Jobs;

/// <summary>
/// SQL predicates on <c>scan_jobs</c> shared by a partial index and the query it serves. Postgres uses a partial
/// index only when the query's WHERE clause implies the index's predicate, and with literal values the surest way to
/// keep both in step is one text for both (a bound parameter in its place would not match).
/// </summary>
public static class ScanJobFilters
{
    /// <summary>Jobs cancelled after their check run was opened, whose run still has to be closed as neutral.</summary>
    public const string CheckRunsToClose = "\"Status\" = 'Cancelled' AND \"CheckRunState\" = 'Open'";
}
