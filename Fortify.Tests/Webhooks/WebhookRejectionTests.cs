using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fortify.Core.Webhooks;
using Fortify.Tests.Infrastructure;

namespace Fortify.Tests.Webhooks;

/// <summary>Bad input gets a clear problem+json with a reason, and the right status code; never a 5xx.</summary>
[Collection(FortifyStackCollection.Name)]
public sealed class WebhookRejectionTests(FortifyStack stack)
{
    private static readonly string PullRequest = FixturePayload.Get("pull_request", "opened.payload.json").Json;

    [Fact]
    public async Task A_wrong_signature_is_401_with_a_reason()
    {
        using var response = await stack.CreateSender().SendJsonAsync("pull_request", PullRequest, signWith: "not-the-secret");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "signature");
    }

    [Fact]
    public async Task A_missing_signature_is_401()
    {
        using var response = await stack.CreateSender().SendAsync(
            "pull_request", Encoding.UTF8.GetBytes(PullRequest), "application/json", null, signWith: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "missing");
    }

    [Fact]
    public async Task A_previous_secret_verifies_until_it_is_removed_without_a_restart()
    {
        var oldSecret = "old-secret-" + Guid.NewGuid().ToString("N");
        var secretFile = Path.Combine(stack.WebhookSecretsDirectory.FullName, "GitHub__PreviousWebhookSecrets__0");
        var sender = stack.CreateSender();
        try
        {
            await File.WriteAllTextAsync(secretFile, oldSecret);
            var accepted = await ScanAgentApi.EventuallyAsync(
                () => StatusAsync(sender, oldSecret), status => status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.Accepted, accepted);
        }
        finally
        {
            File.Delete(secretFile);
        }

        var refused = await ScanAgentApi.EventuallyAsync(
            () => StatusAsync(sender, oldSecret), status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(sender, stack.WebhookSecret));
    }

    [Fact]
    public async Task An_unsupported_content_type_is_415()
    {
        using var response = await stack.CreateSender().SendAsync(
            "pull_request", Encoding.UTF8.GetBytes(PullRequest), "text/plain", null, stack.WebhookSecret);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "Content type");
    }

    [Theory]
    [InlineData(GitHubHeaders.Event)]
    [InlineData(GitHubHeaders.Delivery)]
    public async Task A_delivery_without_GitHubs_headers_is_400(string missingHeader)
    {
        var body = Encoding.UTF8.GetBytes(PullRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GitHubHeaders.Signature256, WebhookSender.Sign(stack.WebhookSecret, body));
        foreach (var (name, value) in new[] { (GitHubHeaders.Event, "pull_request"), (GitHubHeaders.Delivery, Guid.NewGuid().ToString()) })
        {
            if (name != missingHeader)
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await stack.CreateClient("proxy").SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, missingHeader);
    }

    [Fact]
    public async Task A_delivery_id_longer_than_what_is_stored_is_400_and_nothing_is_stored()
    {
        var deliveryId = new string('d', GitHubHeaders.MaxIdentifierLength + 1);
        var body = Encoding.UTF8.GetBytes(PullRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GitHubHeaders.Signature256, WebhookSender.Sign(stack.WebhookSecret, body));
        request.Headers.Add(GitHubHeaders.Event, "pull_request");
        request.Headers.Add(GitHubHeaders.Delivery, deliveryId);

        using var response = await stack.CreateClient("proxy").SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"limited to {GitHubHeaders.MaxIdentifierLength} characters");
        using var stored = await stack.CreateAgentApi().SendAsync(HttpMethod.Get, $"/api/deliveries/{deliveryId}");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task A_form_without_a_payload_field_is_400()
    {
        using var response = await stack.CreateSender().SendAsync(
            "push", Encoding.UTF8.GetBytes("other=1"), "application/x-www-form-urlencoded", null, stack.WebhookSecret);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "payload");
    }

    [Fact]
    public async Task A_body_over_25_MB_is_413()
    {
        var body = new byte[(25 * 1024 * 1024) + 1];
        Array.Fill(body, (byte)' ');

        using var response = await stack.CreateSender().SendAsync("push", body, "application/json", null, stack.WebhookSecret);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limited");
    }

    [Fact]
    public async Task Ping_answers_200_at_once()
    {
        var ping = FixturePayload.Get("ping", "payload.json").Json;

        using var response = await stack.CreateSender().SendJsonAsync("ping", ping);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", (await WebhookSender.ReceiptAsync(response)).Status);
    }

    [Fact]
    public async Task Malformed_JSON_that_is_signed_is_stored_and_ignored_with_a_reason()
    {
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await stack.CreateSender().SendJsonAsync("pull_request", "{ not json", deliveryId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await WebhookSender.ReceiptAsync(response);
        Assert.Equal("ignored", receipt.Status);
        Assert.Contains("not valid JSON", receipt.Reason);
    }

    [Fact]
    public async Task The_scan_agent_refuses_callers_without_the_service_credential()
    {
        var body = Encoding.UTF8.GetBytes(PullRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/deliveries") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GitHubHeaders.Event, "pull_request");
        request.Headers.Add(GitHubHeaders.Delivery, Guid.NewGuid().ToString());
        request.Headers.Add(GitHubHeaders.Signature256, WebhookSender.Sign(stack.WebhookSecret, body));

        using var response = await stack.CreateClient("scan-agent").SendAsync(request);
        using var query = await stack.CreateClient("scan-agent").GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
    }

    [Fact]
    public async Task A_flood_is_429_with_Retry_After_and_the_limit_recovers()
    {
        using var client = stack.CreateClient("proxy");

        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpResponseMessage>();
        await Parallel.ForEachAsync(Enumerable.Range(0, FortifyStack.RateLimitPerSource * 3), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            statuses.Add(await client.SendAsync(request, ct));
        });

        var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.DoesNotContain(statuses, r => (int)r.StatusCode >= 500);
        await AssertProblemAsync(limited[0], HttpStatusCode.TooManyRequests, "retry after");

        // The bucket refills: once Retry-After has passed, deliveries are taken again.
        var sender = stack.CreateSender();
        var recovered = await ScanAgentApi.EventuallyAsync(
            () => StatusAsync(sender, stack.WebhookSecret), status => status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Accepted, recovered);
    }

    private static async Task<HttpStatusCode> StatusAsync(WebhookSender sender, string secret)
    {
        using var response = await sender.SendJsonAsync("pull_request", PullRequest, signWith: secret);
        return response.StatusCode;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string reasonContains)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(reasonContains, (string?)problem["reason"], StringComparison.OrdinalIgnoreCase);
    }
}
