using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Fortify.Scanning.External;

/// <summary>
/// Runs one external tool: no shell, arguments passed as a list, standard output optionally saved to a file,
/// the first lines of standard error kept, and the whole process tree killed on timeout or cancellation.
/// </summary>
internal static class ToolProcess
{
    public static async Task RunAsync(ExternalScannerOptions options, IReadOnlyList<string> arguments, string workingDirectory, string? standardOutputFile, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Command)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ExternalScannerException(options.Name, $"could not start '{options.Command}': {ex.Message}", null, "", ex);
        }

        process.StandardInput.Close();
        var standardError = new HeadOfText(options.StandardErrorLinesKept);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Timeout);
        try
        {
            var output = SaveOrDrainAsync(process.StandardOutput.BaseStream, standardOutputFile, limit.Token);
            var error = standardError.ReadAsync(process.StandardError, limit.Token);
            await process.WaitForExitAsync(limit.Token);

            // A child the tool left running may hold the pipes open: the timeout still bounds the wait.
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new ExternalScannerException(
                options.Name,
                string.Create(CultureInfo.InvariantCulture, $"timed out after {options.Timeout.TotalSeconds:0.###} s and was killed with its child processes"),
                null,
                standardError.Text);
        }

        if (!options.ExitCodesMeaningSuccess.Contains(process.ExitCode))
        {
            throw new ExternalScannerException(
                options.Name,
                string.Create(CultureInfo.InvariantCulture, $"exited with code {process.ExitCode} (success is {string.Join(" or ", options.ExitCodesMeaningSuccess)})"),
                process.ExitCode,
                standardError.Text);
        }
    }

    private static async Task SaveOrDrainAsync(Stream standardOutput, string? file, CancellationToken ct)
    {
        if (file is null)
        {
            await standardOutput.CopyToAsync(Stream.Null, ct);
            return;
        }

        await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await standardOutput.CopyToAsync(target, ct);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            // Reap it so no zombie outlives the scan; killing is immediate, so this is short.
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }

    /// <summary>The first lines of a text stream (each cut at 500 characters); the rest is read and dropped.</summary>
    private sealed class HeadOfText(int maxLines)
    {
        private readonly StringBuilder _text = new();
        private int _lines;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString().TrimEnd();
                }
            }
        }

        public async Task ReadAsync(StreamReader reader, CancellationToken ct)
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (_lines++ >= maxLines)
                {
                    continue;
                }

                lock (_text)
                {
                    _text.AppendLine(line.Length <= 500 ? line : string.Concat(line.AsSpan(0, 500), "…"));
                }
            }
        }
    }
}
