using Fortify.Scanning.External;

namespace Fortify.Scanning.Tests.External;

/// <summary>
/// A bash script standing in for a SARIF-emitting scanner. Its mode (third argument) picks what it does; it records
/// its arguments, the files it was given and its process ids in a folder of its own.
/// </summary>
internal sealed class FakeSarifTool : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        set -euo pipefail
        source_dir="$1"; output="$2"; mode="$3"
        printf '%s\n' "$@" > "$FAKE_RECORD/args.txt"
        (cd "$source_dir" && find . -type f | sed 's|^\./||' | sort) > "$FAKE_RECORD/files.txt"
        case "$mode" in
          sarif) sed "s|__SOURCE__|$source_dir|g" "$FAKE_RECORD/template.sarif" > "$output" ;;
          stdout) sed "s|__SOURCE__|$source_dir|g" "$FAKE_RECORD/template.sarif" ;;
          findings-exit-1) sed "s|__SOURCE__|$source_dir|g" "$FAKE_RECORD/template.sarif" > "$output"; exit 1 ;;
          fail) echo "fake-sast: cannot parse rules file rules.yml" >&2; echo "fake-sast: line 3: unexpected token" >&2; exit 3 ;;
          garbage) echo "this is not json" > "$output" ;;
          silent) ;;
          hang)
            echo $$ > "$FAKE_RECORD/parent.pid"
            sleep 300 &
            echo $! > "$FAKE_RECORD/child.pid"
            wait ;;
        esac
        """;

    private readonly TempDirectory _folder = new();

    public FakeSarifTool()
    {
        ScriptPath = _folder.Write("fake-sast.sh", Script.ReplaceLineEndings("\n") + "\n");
        RecordPath = Directory.CreateDirectory(Path.Combine(_folder.Path, "record")).FullName;
    }

    public string ScriptPath { get; }

    public string RecordPath { get; }

    /// <summary>SARIF the tool writes; <c>__SOURCE__</c> becomes the folder it was given.</summary>
    public string Template
    {
        set => File.WriteAllText(Path.Combine(RecordPath, "template.sarif"), value);
    }

    public string[] Arguments => File.ReadAllLines(Path.Combine(RecordPath, "args.txt"));

    public string[] FilesSeen => File.ReadAllLines(Path.Combine(RecordPath, "files.txt"));

    public int Pid(string name) => int.Parse(File.ReadAllText(Path.Combine(RecordPath, name + ".pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public ExternalScannerOptions Options(string mode, bool output = true, TimeSpan? timeout = null, int[]? success = null) => new()
    {
        Name = "fake-sast",
        Command = "bash",
        Arguments = [ScriptPath, "{source}", output ? "{output}" : "-", mode],
        Environment = new Dictionary<string, string> { ["FAKE_RECORD"] = RecordPath },
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        ExitCodesMeaningSuccess = success ?? [0],
    };

    public void Dispose() => _folder.Dispose();

    /// <summary>Whether a process still runs (a zombie no parent reaped counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
