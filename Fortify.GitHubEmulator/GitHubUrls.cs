namespace Fortify.GitHubEmulator;

/// <summary>The emulator's stand-ins for https://github.com and https://api.github.com.</summary>
internal sealed record GitHubUrls(string Html)
{
    public string Api => $"{Html}/api/v3";

    public string Repository(string fullName) => $"{Api}/repos/{fullName}";

    public static GitHubUrls For(HttpRequest request, EmulatorOptions options) =>
        new(string.IsNullOrEmpty(options.PublicUrl) ? $"{request.Scheme}://{request.Host}" : options.PublicUrl.TrimEnd('/'));
}
