using System.Diagnostics;
using System.Net;
using Octokit;
using Polly.CircuitBreaker;

namespace Fortify.Core.Tests.GitHub;

public sealed class GitHubResilienceTests
{
    private const string RepositoryPath = "/repos/o/r";
    private const string CheckRunsPath = "/repos/o/r/check-runs";
    private const string CheckRun = """{"id":7,"name":"fortify","head_sha":"abc","status":"queued"}""";

    [Fact]
    public async Task Exhausted_rate_limit_resetting_in_two_seconds_is_waited_out()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        var calls = 0;
        var gitHub = new FakeGitHub { Api = _ => ++calls == 1 ? RateLimited(reset) : Ok() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());
        var stopwatch = Stopwatch.StartNew();

        var repository = await Client(host).Repository.Get("o", "r");

        Assert.Equal("main", repository.DefaultBranch);
        Assert.Equal(2, calls);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Exhausted_rate_limit_resetting_in_an_hour_fails_fast_with_RateLimitExceededException()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600;
        var gitHub = new FakeGitHub { Api = _ => RateLimited(reset) };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());
        var stopwatch = Stopwatch.StartNew();

        var limited = await Assert.ThrowsAsync<RateLimitExceededException>(() => Client(host).Repository.Get("o", "r"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(reset, limited.Reset.ToUnixTimeSeconds());
        Assert.Equal(1, gitHub.Count("GET", RepositoryPath));
    }

    [Fact]
    public async Task Retry_After_of_a_secondary_rate_limit_is_honoured()
    {
        var calls = 0;
        var gitHub = new FakeGitHub { Api = _ => ++calls == 1 ? SecondaryLimited(retryAfterSeconds: 1) : Ok() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());
        var stopwatch = Stopwatch.StartNew();

        await Client(host).Repository.Get("o", "r");

        Assert.Equal(2, calls);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Long_Retry_After_fails_fast_with_SecondaryRateLimitExceededException()
    {
        var gitHub = new FakeGitHub { Api = _ => SecondaryLimited(retryAfterSeconds: 120) };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        await Assert.ThrowsAsync<SecondaryRateLimitExceededException>(() => Client(host).Repository.Get("o", "r"));

        Assert.Equal(1, gitHub.Count("GET", RepositoryPath));
    }

    [Fact]
    public async Task Rate_limited_post_is_sent_again_after_the_wait()
    {
        var calls = 0;
        var gitHub = new FakeGitHub
        {
            Api = _ => ++calls == 1 ? SecondaryLimited(retryAfterSeconds: 0) : FakeGitHub.Json(HttpStatusCode.Created, CheckRun),
        };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        var run = await Client(host).Check.Run.Create("o", "r", new NewCheckRun("fortify", "abc"));

        Assert.Equal(7, run.Id);
        Assert.Equal(2, gitHub.Count("POST", CheckRunsPath));
    }

    [Fact]
    public async Task Get_answered_503_then_200_is_retried()
    {
        var calls = 0;
        var gitHub = new FakeGitHub { Api = _ => ++calls == 1 ? ServiceUnavailable() : Ok() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        var repository = await Client(host).Repository.Get("o", "r");

        Assert.Equal("main", repository.DefaultBranch);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Post_answered_503_is_not_retried()
    {
        var gitHub = new FakeGitHub { Api = _ => ServiceUnavailable() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        var failure = await Assert.ThrowsAsync<ApiException>(() => Client(host).Check.Run.Create("o", "r", new NewCheckRun("fortify", "abc")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        // The service defaults' standard handler would have sent it again: it must be gone from the "github" client.
        Assert.Equal(1, gitHub.Count("POST", CheckRunsPath));
    }

    [Fact]
    public async Task Post_failing_to_connect_is_retried()
    {
        var calls = 0;
        var gitHub = new FakeGitHub
        {
            Api = _ => ++calls == 1
                ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
                : FakeGitHub.Json(HttpStatusCode.Created, CheckRun),
        };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        var run = await Client(host).Check.Run.Create("o", "r", new NewCheckRun("fortify", "abc"));

        Assert.Equal(7, run.Id);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Post_losing_its_connection_after_sending_is_not_retried()
    {
        var gitHub = new FakeGitHub { Api = _ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely") };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        await Assert.ThrowsAsync<HttpRequestException>(() => Client(host).Check.Run.Create("o", "r", new NewCheckRun("fortify", "abc")));

        Assert.Equal(1, gitHub.Count("POST", CheckRunsPath));
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures()
    {
        var gitHub = new FakeGitHub { Api = _ => ServiceUnavailable() };
        using var host = GitHubTestHost.Start(gitHub, new Dictionary<string, string?>
        {
            ["GitHub:Token"] = GitHubTestHost.Pat,
            ["GitHub:Resilience:MaxRetryAttempts"] = "1",
            ["GitHub:Resilience:CircuitMinimumThroughput"] = "4",
            ["GitHub:Resilience:CircuitBreakDuration"] = "00:01:00",
        });
        var client = Client(host);

        await Assert.ThrowsAsync<ApiException>(() => client.Repository.Get("o", "r"));
        await Assert.ThrowsAsync<ApiException>(() => client.Repository.Get("o", "r"));
        var sentBeforeOpening = gitHub.Count("GET", RepositoryPath);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.Repository.Get("o", "r"));

        Assert.Equal(4, sentBeforeOpening);
        Assert.Equal(sentBeforeOpening, gitHub.Count("GET", RepositoryPath));
    }

    private static IGitHubClient Client(GitHubTestHost host) =>
        host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None).GetAwaiter().GetResult().Client;

    private static HttpResponseMessage Ok() => FakeGitHub.Json(HttpStatusCode.OK, FakeGitHub.Repository);

    private static HttpResponseMessage ServiceUnavailable() => FakeGitHub.Json(HttpStatusCode.ServiceUnavailable, """{"message":"Service Unavailable"}""");

    private static HttpResponseMessage RateLimited(long reset)
    {
        var response = FakeGitHub.Json(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded for installation ID 42."}""");
        response.Headers.Add("x-ratelimit-limit", "5000");
        response.Headers.Add("x-ratelimit-remaining", "0");
        response.Headers.Add("x-ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    private static HttpResponseMessage SecondaryLimited(int retryAfterSeconds)
    {
        var response = FakeGitHub.Json(HttpStatusCode.Forbidden, """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}
