using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Fortify.Core.GitHub;

/// <summary>Fails the start, not the first scan, when the GitHub settings cannot work.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();
        if (!options.BaseUrl.IsAbsoluteUri)
        {
            failures.Add("GitHub:BaseUrl must be an absolute URL.");
        }

        if (options.App.IsConfigured)
        {
            ValidateApp(options.App, failures);
        }

        var resilience = options.Resilience;
        if (resilience.AttemptTimeout <= TimeSpan.Zero || resilience.AttemptTimeout > resilience.TotalTimeout)
        {
            failures.Add("GitHub:Resilience:AttemptTimeout must be positive and no longer than TotalTimeout.");
        }

        if (resilience.MaxRateLimitWait < TimeSpan.Zero || resilience.MaxRateLimitWait >= resilience.TotalTimeout)
        {
            failures.Add("GitHub:Resilience:MaxRateLimitWait must be shorter than TotalTimeout, or the wait would time out.");
        }

        if (resilience.MaxRetryAttempts < 1 || resilience.CircuitMinimumThroughput < 2)
        {
            failures.Add("GitHub:Resilience needs MaxRetryAttempts >= 1 and CircuitMinimumThroughput >= 2.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateApp(GitHubAppOptions app, List<string> failures)
    {
        if (app.Id is not > 0)
        {
            failures.Add("GitHub:App:Id must be the App's numeric id.");
        }

        string pem;
        try
        {
            pem = app.ReadPrivateKey();
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"GitHub:App's private key cannot be read: {exception.Message}");
            return;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            failures.Add($"GitHub:App's private key is not an RSA key in PEM: {exception.Message}");
        }
    }
}
