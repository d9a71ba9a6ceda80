namespace Fortify.LoadTest.Cli;

internal static class Usage
{
    private const string Text = """
        Fortify webhook intake load generator.

        Usage:
          Fortify.LoadTest intake --url <url> --secret <secret> [load options] [--name <name>]
              Sends signed GitHub pull_request deliveries as fast as the senders can and prints the summary.
          Fortify.LoadTest bare-server [--port 5099]
              Serves POST /webhooks/github on 127.0.0.1 with a bare Kestrel endpoint (answers 202) until Ctrl+C.
          Fortify.LoadTest compare --url <url> --secret <secret> [load options]
              Loads an in-process bare Kestrel endpoint, then <url>, and prints both summaries and the ratios.

        Load options:
          --concurrency <n>    concurrent senders (default 50)
          --duration <s>       measured seconds (default 20)
          --warmup <s>         seconds sent before measuring, results discarded (default 5)
          --payload-size <b>   approximate body size in bytes (default 10240)
          --rate <n>           deliveries per second offered by all senders together, each on a schedule, latency
                               counted from when a delivery was due (default 0: closed loop, as fast as answered)

        Options may be written as --name value or --name=value; when one is repeated the last one wins.
        Exit codes: 0 done, 1 no delivery was accepted (202), 2 bad arguments, 130 interrupted.
        """;

    public static void Write(TextWriter writer) => writer.WriteLine(Text);
}
