using Fortify.Core.Jobs;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>One entry read from a job stream.</summary>
internal sealed record JobEntry(string Stream, RedisValue EntryId, Guid JobId, JobPriority Priority);
