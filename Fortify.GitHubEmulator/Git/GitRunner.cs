using System.Diagnostics;
using System.Text;

namespace Fortify.GitHubEmulator.Git;

/// <summary>Runs the <c>git</c> CLI against one bare repository. The only place the emulator starts processes.</summary>
internal sealed class GitRunner
{
    /// <summary>
    /// Who commits: fixed, so commits work as root on a machine without any git configuration, and no user or
    /// system configuration changes what the emulator serves.
    /// </summary>
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["GIT_AUTHOR_NAME"] = "Octocat",
        ["GIT_AUTHOR_EMAIL"] = "octocat@github.com",
        ["GIT_COMMITTER_NAME"] = "GitHub",
        ["GIT_COMMITTER_EMAIL"] = "noreply@github.com",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["LC_ALL"] = "C",
    };

    public async Task<GitResult> RunAsync(
        string gitDirectory,
        IEnumerable<string> arguments,
        byte[]? input = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The repositories are created by this process, whoever owns the folder.
        foreach (var argument in (string[])["-c", "safe.directory=*", "-c", "core.autocrlf=false", "--git-dir", gitDirectory])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment.Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        using var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var readingErrors = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
        }

        process.StandardInput.Close();
        await reading;
        var errors = await readingErrors;
        await process.WaitForExitAsync(cancellationToken);
        return new GitResult(process.ExitCode, output.ToArray(), errors);
    }

    /// <summary>Runs git and returns its standard output, trimmed; throws when git fails.</summary>
    public async Task<string> TextAsync(
        string gitDirectory, IEnumerable<string> arguments, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(gitDirectory, arguments, input, environment);
        return result.EnsureSuccess().Text.TrimEnd('\n');
    }
}

internal sealed record GitResult(int ExitCode, byte[] Output, string Error)
{
    public string Text => Encoding.UTF8.GetString(Output);

    public GitResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new GitException($"git failed with exit code {ExitCode}: {Error.Trim()}");
}

internal sealed class GitException(string message) : Exception(message);
