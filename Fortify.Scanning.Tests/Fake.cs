using System.Text;
using System.Text.RegularExpressions;

namespace Fortify.Scanning.Tests;

/// <summary>
/// Builds obviously fake secrets at run time from a fixed seed, so the test sources hold no token-shaped literal.
/// Templates use <c>{alnum:36}</c>, <c>{upper:16}</c> (base32 upper case), <c>{b64:40}</c>, <c>{b64url:35}</c>,
/// <c>{hex:32}</c>, <c>{digits:11}</c>, <c>{pw:14}</c>, <c>{jwt}</c> and <c>{pem}</c> (escaped PEM body lines); anything else is
/// left as written.
/// </summary>
internal static partial class Fake
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";

    public static string Expand(string template, int seed = 7)
    {
        var random = new Random(seed);
        return Token().Replace(template, match => match.Groups["kind"].Value switch
        {
            "alnum" => Chars(random, Upper + Lower + Digits, Length(match)),
            "upper" => Chars(random, Upper + "234567", Length(match)),
            "b64" => Chars(random, Upper + Lower + Digits + "+/", Length(match)),
            "b64url" => Chars(random, Upper + Lower + Digits + "-_", Length(match)),
            "hex" => Chars(random, "0123456789abcdef", Length(match)),
            "digits" => Chars(random, Digits, Length(match)),
            "pw" => Chars(random, Upper + Lower + Digits + "!%^*-_", Length(match)),
            "jwt" => Jwt(random),
            "pem" => string.Join("\\n", Enumerable.Range(0, 6).Select(_ => Chars(random, Upper + Lower + Digits + "+/", 64))),
            _ => match.Value,
        });
    }

    /// <summary>Random characters with every class of the alphabet present and no run of three.</summary>
    public static string Chars(Random random, string alphabet, int length)
    {
        while (true)
        {
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var value = builder.ToString();
            var ok = (!alphabet.Any(char.IsAsciiDigit) || value.Any(char.IsAsciiDigit) || length < 8)
                && (!alphabet.Any(char.IsAsciiLetterUpper) || value.Any(char.IsAsciiLetterUpper) || length < 8)
                && (!alphabet.Any(char.IsAsciiLetterLower) || value.Any(char.IsAsciiLetterLower) || length < 8)
                && !Regex.IsMatch(value, "(.)\\1\\1")
                && !Regex.IsMatch(value, "example|test|fake|mock|sample|dummy|todo|your|1234|abcd|change", RegexOptions.IgnoreCase);
            if (ok)
            {
                return value;
            }
        }
    }

    public static string Jwt(Random random)
    {
        static string Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Url($"{{\"sub\":\"{random.Next()}\",\"iat\":{random.Next()}}}")}.{Chars(random, Upper + Lower + Digits + "-_", 43)}";
    }

    /// <summary>A multi-line PEM private key block (random body).</summary>
    public static string PemBlock(string type = "RSA ", int seed = 11)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 8).Select(_ => Chars(random, Upper + Lower + Digits + "+/", 64));
        return $"-----BEGIN {type}PRIVATE KEY-----\n{string.Join('\n', lines)}\n-----END {type}PRIVATE KEY-----";
    }

    private static int Length(Match match) => int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("\\{(?<kind>[a-z0-9]+)(?::(?<n>[0-9]+))?\\}")]
    private static partial Regex Token();
}
