using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Fortify.Chaos;

internal sealed record ChaosReport(
    int Sent, int Accepted, int Stored, int StoredWithJob, int DistinctJobs, int JobsWithOneDelivery,
    IReadOnlyDictionary<string, int> JobsByStatus, int ChaosActions, TimeSpan Elapsed, IReadOnlyList<string> Actions)
{
    private static readonly string[] FinalStatuses = ["completed", "failed", "cancelled"];

    public bool Passed =>
        Accepted == Sent && Stored == Sent && StoredWithJob == Sent && DistinctJobs == Sent && JobsWithOneDelivery == Sent
        && JobsByStatus.Where(s => !FinalStatuses.Contains(s.Key)).Sum(s => s.Value) == 0;

    public static ChaosReport From(
        IReadOnlyDictionary<string, HttpStatusCode> sent, List<JsonNode> deliveries, List<JsonNode> jobs, List<string> actions, TimeSpan elapsed)
    {
        var accepted = sent.Where(s => s.Value == HttpStatusCode.Accepted).Select(s => s.Key).ToHashSet();
        var stored = deliveries.Where(d => accepted.Contains((string)d["event_id"]!)).ToList();
        var jobIdsOfDeliveries = stored.Select(d => (string?)d["metadata"]!["job_id"]).Where(id => id is not null).ToList();
        return new ChaosReport(
            sent.Count,
            accepted.Count,
            stored.Count,
            jobIdsOfDeliveries.Count,
            jobs.Count,
            jobs.Count(j => jobIdsOfDeliveries.Count(id => id == (string?)j["job_id"]) == 1),
            jobs.GroupBy(j => (string)j["status"]!).ToDictionary(g => g.Key, g => g.Count()),
            actions.Count,
            elapsed,
            actions);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"chaos actions: {ChaosActions} ({string.Join(", ", Actions.GroupBy(a => a.Split(" (")[0].Split(' ')[0] + " " + a.Split(' ')[1]).Select(g => $"{g.Key} x{g.Count()}"))})");
        text.AppendLine($"deliveries sent: {Sent}, answered 202: {Accepted}, stored: {Stored}, stored with a job: {StoredWithJob}");
        text.AppendLine($"jobs: {DistinctJobs}, with exactly one delivery: {JobsWithOneDelivery}, by status: {string.Join(", ", JobsByStatus.Select(s => $"{s.Key} {s.Value}"))}");
        text.AppendLine($"elapsed: {Elapsed.TotalSeconds:0.0} s");
        text.Append(Passed ? "CHAOS PASSED: every delivery has exactly one job and every job is final." : "CHAOS FAILED");
        return text.ToString();
    }
}
