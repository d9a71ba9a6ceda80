namespace Fortify.Core.Scanning;

/// <summary>Where a job's check run (or, for a token without the checks permission, its commit status) stands.</summary>
public enum CheckRunState
{
    /// <summary>Not on GitHub yet: the agent opens it as <c>queued</c>, or the final report creates it.</summary>
    Pending,

    /// <summary>Someone is creating it right now; others wait rather than make a second one.</summary>
    Opening,

    /// <summary>On GitHub with <see cref="Jobs.ScanJob.CheckRunId"/> (null for a commit status).</summary>
    Open,

    /// <summary>
    /// On GitHub and done with: the final report was published (or given up on), so no background query has to
    /// look at the job again. A later attempt of the same job still updates the run by its id.
    /// </summary>
    Closed,

    /// <summary>
    /// Not on GitHub, and not asked for while GitHub refuses the repository's check runs: the job waits, unread, until
    /// one probe job of the repository gets a run again (or the worker's final report creates it).
    /// </summary>
    Parked,
}
