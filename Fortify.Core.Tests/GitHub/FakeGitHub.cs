using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Fortify.Core.Tests.GitHub;

/// <summary>
/// Plays GitHub behind the "github" client: mints installation tokens (<c>ghs_minted_1</c>, <c>_2</c>, ...), names
/// installation 42 for every repository, and hands everything else to <see cref="Api"/>.
/// </summary>
internal sealed partial class FakeGitHub(TimeProvider? clock = null) : HttpMessageHandler
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private int mints;

    public const long InstallationId = 42;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>How long a mint takes, so concurrent callers really overlap.</summary>
    public TimeSpan MintDelay { get; set; }

    public Func<HttpRequestMessage, HttpResponseMessage> Api { get; set; } = _ => Json(HttpStatusCode.OK, Repository);

    public int Mints => Volatile.Read(ref mints);

    public int Count(string method, string pathAndQuery) =>
        Requests.Count(r => r.Method == method && r.PathAndQuery == pathAndQuery);

    public const string Repository = """{"id":1,"name":"r","full_name":"o/r","default_branch":"main","private":false}""";

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        Requests.Enqueue(new SeenRequest(request.Method.Method, uri.PathAndQuery, request.Headers.Authorization?.Parameter));
        if (request.Method == HttpMethod.Post && AccessTokensPath().IsMatch(uri.AbsolutePath))
        {
            await Task.Delay(MintDelay, cancellationToken);
            var number = Interlocked.Increment(ref mints);
            var expiresAt = clock.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            return Json(HttpStatusCode.Created, $$"""{"token":"ghs_minted_{{number}}","expires_at":"{{expiresAt}}"}""");
        }

        if (request.Method == HttpMethod.Get && InstallationPath().IsMatch(uri.AbsolutePath))
        {
            return Json(HttpStatusCode.OK, $$"""{"id":{{InstallationId}},"app_id":123}""");
        }

        return Api(request);
    }

    [GeneratedRegex("^(/api/v3)?/app/installations/[0-9]+/access_tokens$")]
    private static partial Regex AccessTokensPath();

    [GeneratedRegex("^(/api/v3)?/repos/[^/]+/[^/]+/installation$")]
    private static partial Regex InstallationPath();
}

internal sealed record SeenRequest(string Method, string PathAndQuery, string? Credential);
