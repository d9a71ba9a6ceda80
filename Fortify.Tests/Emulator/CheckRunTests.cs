using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fortify.Tests.Emulator;

public sealed class CheckRunTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task A_check_run_is_created_patched_with_appended_annotations_and_read_back_by_commit()
    {
        var sha = await RepositoryAsync("acme/checks");
        var token = await _client.MintTokenAsync("installation");

        using var created = await SendAsync(HttpMethod.Post, "/api/v3/repos/acme/checks/check-runs", token, new
        {
            name = "Fortify",
            head_sha = sha,
            status = "in_progress",
            external_id = "scan-1",
            output = new { title = "Scanning", summary = "Two so far", annotations = Annotations(2) },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await EmulatorControl.JsonOf(created);
        var id = run.GetProperty("id").GetInt64();
        Assert.Equal(("in_progress", sha, "scan-1"), (run.GetProperty("status").GetString(), run.GetProperty("head_sha").GetString(), run.GetProperty("external_id").GetString()));
        Assert.Equal(2, run.GetProperty("output").GetProperty("annotations_count").GetInt32());

        using var patched = await SendAsync(HttpMethod.Patch, $"/api/v3/repos/acme/checks/check-runs/{id}", token, new
        {
            conclusion = "failure",
            output = new { title = "Done", summary = "Three findings", annotations = Annotations(1) },
        });
        var done = await EmulatorControl.JsonOf(patched);
        Assert.Equal(("completed", "failure"), (done.GetProperty("status").GetString(), done.GetProperty("conclusion").GetString()));
        Assert.Equal(3, done.GetProperty("output").GetProperty("annotations_count").GetInt32());
        Assert.Equal("Three findings", done.GetProperty("output").GetProperty("summary").GetString());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("completed_at").ValueKind);

        using var annotations = await _client.GetAsync($"/api/v3/repos/acme/checks/check-runs/{id}/annotations");
        Assert.Equal(3, (await EmulatorControl.JsonOf(annotations)).GetArrayLength());

        using var byCommit = await _client.GetAsync($"/api/v3/repos/acme/checks/commits/{sha}/check-runs");
        var list = await EmulatorControl.JsonOf(byCommit);
        Assert.Equal(1, list.GetProperty("total_count").GetInt32());
        Assert.Equal(id, list.GetProperty("check_runs")[0].GetProperty("id").GetInt64());
        using var byBranch = await _client.GetAsync("/api/v3/repos/acme/checks/commits/main/check-runs");
        Assert.Equal(1, (await EmulatorControl.JsonOf(byBranch)).GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task More_than_fifty_annotations_in_one_request_is_a_validation_failure()
    {
        var sha = await RepositoryAsync("acme/checks-many");
        var token = await _client.MintTokenAsync("installation");

        using var response = await SendAsync(HttpMethod.Post, "/api/v3/repos/acme/checks-many/check-runs", token, new
        {
            name = "Fortify",
            head_sha = sha,
            output = new { title = "Too many", summary = "51", annotations = Annotations(51) },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await EmulatorControl.JsonOfAnyStatus(response);
        Assert.Equal("Validation Failed", body.GetProperty("message").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "output.annotations");

        using var fifty = await SendAsync(HttpMethod.Post, "/api/v3/repos/acme/checks-many/check-runs", token, new
        {
            name = "Fortify",
            head_sha = sha,
            output = new { title = "Fifty", summary = "50", annotations = Annotations(50) },
        });
        Assert.Equal(HttpStatusCode.Created, fifty.StatusCode);
    }

    [Theory]
    [InlineData("completed", null)]
    [InlineData("bogus", null)]
    [InlineData(null, "bogus")]
    public async Task Invalid_status_and_conclusion_are_validation_failures(string? status, string? conclusion)
    {
        var sha = await RepositoryAsync($"acme/checks-invalid-{status}-{conclusion}");
        var token = await _client.MintTokenAsync("installation");

        using var response = await SendAsync(HttpMethod.Post, $"/api/v3/repos/acme/checks-invalid-{status}-{conclusion}/check-runs", token, new { name = "Fortify", head_sha = sha, status, conclusion });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task A_summary_over_65535_characters_is_a_validation_failure()
    {
        var sha = await RepositoryAsync("acme/checks-long");
        var token = await _client.MintTokenAsync("installation");

        using var response = await SendAsync(HttpMethod.Post, "/api/v3/repos/acme/checks-long/check-runs", token, new
        {
            name = "Fortify",
            head_sha = sha,
            output = new { title = "Long", summary = new string('x', 65536) },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    // Configured is how the AppHost's token mode hands the stack its token; minted is how a test makes one.
    [Theory]
    [InlineData("minted")]
    [InlineData("configured")]
    public async Task A_personal_token_may_not_write_check_runs(string origin)
    {
        var repository = $"acme/checks-pat-{origin}";
        var sha = await RepositoryAsync(repository);
        var token = origin == "configured" ? EmulatorFactory.ConfiguredPersonalToken : await _client.MintTokenAsync("personal");

        using var response = await SendAsync(HttpMethod.Post, $"/api/v3/repos/{repository}/check-runs", token, new { name = "Fortify", head_sha = sha });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You must authenticate via a GitHub App.", (await EmulatorControl.JsonOfAnyStatus(response)).GetProperty("message").GetString());
    }

    private async Task<string> RepositoryAsync(string fullName) =>
        (await _client.CreateRepositoryAsync(fullName)).GetProperty("head_sha").GetString()!;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        return await _client.SendAsync(request.WithToken(token));
    }

    private static object[] Annotations(int count) => [.. Enumerable.Range(1, count).Select(i => new
    {
        path = "src/app.cs",
        start_line = i,
        end_line = i,
        annotation_level = "warning",
        message = $"Finding {i}",
    })];
}
