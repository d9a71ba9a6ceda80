using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fortify.Core.Webhooks;

public enum SignatureCheck
{
    Valid,
    NoSecretConfigured,
    Missing,
    Malformed,
    Mismatch,
}

/// <summary>
/// Checks <c>X-Hub-Signature-256</c> (HMAC-SHA256 of the raw body) against every configured secret, in constant time.
/// </summary>
public sealed class WebhookSignatureVerifier(IOptionsMonitor<WebhookSecretOptions> options)
{
    private const string Prefix = "sha256=";
    private const int HashLength = 32;

    public SignatureCheck Verify(ReadOnlySpan<byte> body, string? signatureHeader)
    {
        var secrets = options.CurrentValue.All().ToList();
        if (secrets.Count == 0)
        {
            return SignatureCheck.NoSecretConfigured;
        }

        if (string.IsNullOrEmpty(signatureHeader))
        {
            return SignatureCheck.Missing;
        }

        Span<byte> expected = stackalloc byte[HashLength];
        if (!signatureHeader.StartsWith(Prefix, StringComparison.Ordinal)
            || signatureHeader.Length != Prefix.Length + (HashLength * 2)
            || Convert.FromHexString(signatureHeader.AsSpan(Prefix.Length), expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != HashLength)
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> actual = stackalloc byte[HashLength];
        var matched = false;
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);
            // Every secret is tried, so the time taken says nothing about which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(actual, expected);
        }

        return matched ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}
