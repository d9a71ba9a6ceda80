using System.Diagnostics;

namespace Fortify.AppHost.Infrastructure;

/// <summary>Asks the container runtime's engine, not just its client, whether it is there.</summary>
internal static class ContainerRuntimeProbe
{
    // A missing engine answers at once; a hung one must not cost the start-up more than this.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool Answers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the client itself is not installed
        }
    }
}
