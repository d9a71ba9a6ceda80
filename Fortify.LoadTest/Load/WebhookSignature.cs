using System.Security.Cryptography;

namespace Fortify.LoadTest.Load;

/// <summary>GitHub's <c>X-Hub-Signature-256</c>: HMAC-SHA256 of the exact body bytes, in lowercase hex.</summary>
internal static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";

    public static string Compute(byte[] key, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, body, mac);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
