namespace Fortify.GitHubEmulator;

/// <summary>GitHub's error bodies, so clients react to the emulator exactly as to GitHub.</summary>
internal static class GitHubErrors
{
    private const string Docs = "https://docs.github.com/rest";

    public static IResult NotFound() =>
        Results.Json(new { message = "Not Found", documentation_url = Docs }, statusCode: StatusCodes.Status404NotFound);
}
