namespace Fortify.GitHubEmulator;

/// <summary>GitHub's error bodies, so clients react to the emulator exactly as to GitHub.</summary>
internal static class GitHubErrors
{
    private const string Docs = "https://docs.github.com/rest";

    public static IResult NotFound() => Message("Not Found", StatusCodes.Status404NotFound);

    public static IResult BadCredentials() => Message("Bad credentials", StatusCodes.Status401Unauthorized);

    public static IResult RequiresAuthentication() => Message("Requires authentication", StatusCodes.Status401Unauthorized);

    public static IResult BadJwt() => Message("A JSON web token could not be decoded", StatusCodes.Status401Unauthorized);

    public static IResult MustBeGitHubApp() => Message("You must authenticate via a GitHub App.", StatusCodes.Status403Forbidden);

    public static IResult Unprocessable(string message) => Message(message, StatusCodes.Status422UnprocessableEntity);

    public static IResult ValidationFailed(IEnumerable<ValidationError> errors) =>
        Results.Json(
            new { message = "Validation Failed", errors = errors.ToList(), documentation_url = Docs },
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult Message(string message, int status) =>
        Results.Json(new { message, documentation_url = Docs }, statusCode: status);
}

/// <summary>One entry of GitHub's <c>errors</c> array.</summary>
internal sealed record ValidationError(string Resource, string Field, string Code, string? Message = null);
