using System.Security.Cryptography;
using System.Text;

namespace Fortify.GitHubEmulator.Tarballs;

/// <summary>
/// Download links that carry their own proof, as codeload's <c>?token=</c> does, so the redirect target needs no
/// credentials and a private repository's archive is still not open to anyone who guesses the URL.
/// </summary>
internal sealed class CodeloadLinks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Token(string path) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(path)));

    public bool IsValid(string path, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Token(path)), Encoding.UTF8.GetBytes(token));
}
