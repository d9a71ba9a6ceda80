using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fortify.LoadTest.Load;

namespace Fortify.LoadTest.Cli;

internal static class CommandLineParser
{
    private const int DefaultConcurrency = 50;
    private const int DefaultDurationSeconds = 20;
    private const int DefaultWarmupSeconds = 5;
    private const int DefaultPayloadSize = 10 * 1024;
    private const int DefaultBarePort = 5099;

    private static readonly string[] LoadOptionNames = ["url", "secret", "concurrency", "duration", "warmup", "payload-size", "rate"];
    private static readonly string[] IntakeOptionNames = [.. LoadOptionNames, "name"];
    private static readonly string[] BareServerOptionNames = ["port"];

    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out Invocation? invocation,
        [NotNullWhen(false)] out string? error)
    {
        invocation = null;
        if (args.Count == 0)
        {
            error = "No command given.";
            return false;
        }

        var command = args[0];
        if (command is "-h" or "--help" or "help")
        {
            invocation = new HelpInvocation();
            error = null;
            return true;
        }

        var allowed = command switch
        {
            "intake" => IntakeOptionNames,
            "compare" => LoadOptionNames,
            "bare-server" => BareServerOptionNames,
            _ => null,
        };
        if (allowed is null)
        {
            error = $"Unknown command '{command}'.";
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var optionError = ReadOptions(args, allowed, values);
        if (optionError is not null)
        {
            error = optionError;
            return false;
        }

        if (command == "bare-server")
        {
            if (!TryReadInt(values, "port", DefaultBarePort, 0, ushort.MaxValue, out var port, out error))
            {
                return false;
            }

            invocation = new BareServerInvocation(port);
            return true;
        }

        if (!TryReadLoadOptions(values, command, out var options, out error))
        {
            return false;
        }

        invocation = command == "intake" ? new IntakeInvocation(options) : new CompareInvocation(options);
        return true;
    }

    private static string? ReadOptions(IReadOnlyList<string> args, string[] allowed, Dictionary<string, string> values)
    {
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return "Help is 'Fortify.LoadTest --help'.";
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                return $"Unexpected argument '{arg}'.";
            }

            string name;
            string value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count)
                {
                    return $"Option --{name} needs a value.";
                }

                value = args[++i];
            }

            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                return $"Unknown option --{name} for '{args[0]}'.";
            }

            // Last one wins, so a wrapper script can put defaults first and pass the caller's options after them.
            values[name] = value;
        }

        return null;
    }

    private static bool TryReadLoadOptions(
        Dictionary<string, string> values,
        string defaultName,
        [NotNullWhen(true)] out LoadOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!values.TryGetValue("url", out var urlText))
        {
            error = "Option --url is required.";
            return false;
        }

        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            error = $"Option --url must be an absolute http or https URL, not '{urlText}'.";
            return false;
        }

        if (!values.TryGetValue("secret", out var secret) || secret.Length == 0)
        {
            error = "Option --secret is required and must not be empty.";
            return false;
        }

        var name = values.GetValueOrDefault("name", defaultName);
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            // The RESULT line is split on spaces by whoever reads it.
            error = "Option --name must be non-empty and without spaces.";
            return false;
        }

        if (!TryReadInt(values, "concurrency", DefaultConcurrency, 1, 10_000, out var concurrency, out error)
            || !TryReadInt(values, "duration", DefaultDurationSeconds, 1, 24 * 3600, out var duration, out error)
            || !TryReadInt(values, "warmup", DefaultWarmupSeconds, 0, 3600, out var warmup, out error)
            || !TryReadInt(values, "payload-size", DefaultPayloadSize, 0, 25 * 1024 * 1024, out var payloadSize, out error)
            || !TryReadInt(values, "rate", 0, 0, 1_000_000, out var rate, out error))
        {
            return false;
        }

        options = new LoadOptions(url, secret, concurrency, duration, warmup, payloadSize, name, rate);
        return true;
    }

    private static bool TryReadInt(
        Dictionary<string, string> values,
        string name,
        int fallback,
        int min,
        int max,
        out int value,
        [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!values.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"Option --{name} must be a whole number from {min} to {max}, not '{text}'.";
            return false;
        }

        return true;
    }
}
