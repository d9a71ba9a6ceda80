using System.Text;
using Fortify.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Fortify.Tests.Webhooks;

public sealed class WebhookSignatureVerifierTests
{
    // GitHub's documented test vector for X-Hub-Signature-256.
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubBody = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void GitHubs_test_vector_verifies() =>
        Assert.Equal(SignatureCheck.Valid, Verifier(GitHubSecret).Verify(Encoding.UTF8.GetBytes(GitHubBody), GitHubSignature));

    [Fact]
    public void Our_signing_matches_GitHubs_test_vector() =>
        Assert.Equal(GitHubSignature, Infrastructure.WebhookSender.Sign(GitHubSecret, Encoding.UTF8.GetBytes(GitHubBody)));

    [Fact]
    public void A_previous_secret_still_verifies_during_a_rotation() =>
        Assert.Equal(SignatureCheck.Valid, Verifier("the-new-secret", GitHubSecret).Verify(Encoding.UTF8.GetBytes(GitHubBody), GitHubSignature));

    [Fact]
    public void A_changed_body_does_not_verify() =>
        Assert.Equal(SignatureCheck.Mismatch, Verifier(GitHubSecret).Verify(Encoding.UTF8.GetBytes("Hello, World?"), GitHubSignature));

    [Fact]
    public void Another_secret_does_not_verify() =>
        Assert.Equal(SignatureCheck.Mismatch, Verifier("not the secret").Verify(Encoding.UTF8.GetBytes(GitHubBody), GitHubSignature));

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.Malformed)]
    [InlineData("sha256=757107ea", SignatureCheck.Malformed)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.Malformed)]
    public void Missing_or_malformed_signatures_are_told_apart(string? header, SignatureCheck expected) =>
        Assert.Equal(expected, Verifier(GitHubSecret).Verify(Encoding.UTF8.GetBytes(GitHubBody), header));

    [Fact]
    public void Without_a_configured_secret_nothing_verifies() =>
        Assert.Equal(SignatureCheck.NoSecretConfigured, Verifier().Verify(Encoding.UTF8.GetBytes(GitHubBody), GitHubSignature));

    private static WebhookSignatureVerifier Verifier(params string[] secrets)
    {
        var options = new WebhookSecretOptions { WebhookSecret = secrets.FirstOrDefault(), PreviousWebhookSecrets = secrets.Skip(1).ToList() };
        return new WebhookSignatureVerifier(new StaticOptionsMonitor(options));
    }

    private sealed class StaticOptionsMonitor(WebhookSecretOptions value) : IOptionsMonitor<WebhookSecretOptions>
    {
        public WebhookSecretOptions CurrentValue => value;

        public WebhookSecretOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookSecretOptions, string?> listener) => null;
    }
}
