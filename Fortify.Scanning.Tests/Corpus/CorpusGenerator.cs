using System.Text;

namespace Fortify.Scanning.Tests.Corpus;

/// <summary>One generated source file.</summary>
public sealed record CorpusFile(string Path, string Content);

/// <summary>A secret planted in the corpus: where it is, what family (and rule) should find it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Line">1-based line the finding must be reported on.</param>
/// <param name="Family">The rule family.</param>
/// <param name="RuleId">The rule expected to report it.</param>
/// <param name="Secret">The secret (random characters from a fixed seed; never a real credential).</param>
/// <param name="Syntax">How it was written (for diagnostics).</param>
public sealed record PlantedSecret(string Path, int Line, string Family, string RuleId, string Secret, string Syntax);

/// <summary>A generated source tree with its list of planted secrets.</summary>
public sealed class SyntheticCorpus(IReadOnlyList<CorpusFile> files, IReadOnlyList<PlantedSecret> secrets, int lookAlikes)
{
    public IReadOnlyList<CorpusFile> Files { get; } = files;

    public IReadOnlyList<PlantedSecret> Secrets { get; } = secrets;

    /// <summary>How many non-secret look-alike lines were inserted (placeholders, hashes, UUIDs...).</summary>
    public int LookAlikes { get; } = lookAlikes;

    public int TotalLines => Files.Sum(f => f.Content.Count(c => c == '\n'));

    public long TotalBytes => Files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Content));

    /// <summary>Writes the tree under <paramref name="root"/>.</summary>
    public void WriteTo(string root)
    {
        foreach (var file in Files)
        {
            var full = System.IO.Path.Combine(root, file.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, file.Content);
        }
    }
}

/// <summary>
/// Generates a realistic, deterministic source tree (C#, JavaScript, Python, YAML, JSON, .env, Markdown, HTML, XML,
/// shell, INI, properties) with planted secrets of every rule family in varied syntaxes, and look-alikes that are
/// not secrets: documentation examples, placeholders, environment references, git SHAs, SHA-256 digests, npm
/// integrity hashes, UUIDs, base64 images, public keys, test keys and lorem ipsum.
/// </summary>
/// <remarks>
/// Every planted secret is random characters drawn from a fixed seed after a well-known prefix, so none is a real
/// credential; values that happen to contain placeholder words ("test", "example"...) are redrawn.
/// </remarks>
public static class CorpusGenerator
{
    public const int DefaultSeed = 424_242;

    public static SyntheticCorpus Generate(int seed = DefaultSeed) => new Builder(seed).Build();

    private enum Kind
    {
        Cs,
        Js,
        Py,
        Yaml,
        Json,
        Env,
        Md,
        Html,
        Xml,
        Sh,
        Ini,
        Properties,
    }

    /// <summary>A block of lines inserted as a unit; <see cref="PlantedIndex"/> marks the secret's line.</summary>
    private sealed record Insert(Kind Kind, string[] Lines, int PlantedIndex, string? Family, string? RuleId, string? Secret, string Syntax);

    private sealed class FileDraft(Kind kind, string path, List<string> header, List<List<string>> body, List<string> footer)
    {
        public Kind Kind { get; } = kind;

        public string Path { get; } = path;

        public List<string> Header { get; } = header;

        public List<List<string>> Body { get; } = body;

        public List<string> Footer { get; } = footer;

        public List<(int Slot, Insert Insert)> Inserts { get; } = [];
    }

    private sealed class Builder(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<FileDraft> _files = [];
        private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

        public SyntheticCorpus Build()
        {
            (Kind Kind, int Count)[] plan =
            [
                (Kind.Cs, 30), (Kind.Js, 24), (Kind.Py, 24), (Kind.Yaml, 22), (Kind.Json, 14), (Kind.Env, 12),
                (Kind.Md, 8), (Kind.Html, 5), (Kind.Xml, 4), (Kind.Sh, 6), (Kind.Ini, 4), (Kind.Properties, 4),
            ];
            foreach (var (kind, count) in plan)
            {
                for (var i = 0; i < count; i++)
                {
                    _files.Add(NewFile(kind));
                }
            }

            var inserts = new List<Insert>();
            inserts.AddRange(Planted());
            var lookAlikes = LookAlikes();
            inserts.AddRange(lookAlikes);
            foreach (var insert in inserts)
            {
                var candidates = _files.Where(f => f.Kind == insert.Kind).ToList();
                var file = candidates[_random.Next(candidates.Count)];
                file.Inserts.Add((_random.Next(file.Body.Count + 1), insert));
            }

            var files = new List<CorpusFile>();
            var secrets = new List<PlantedSecret>();
            foreach (var file in _files)
            {
                var lines = new List<string>(file.Header);
                for (var slot = 0; slot <= file.Body.Count; slot++)
                {
                    foreach (var (_, insert) in file.Inserts.Where(i => i.Slot == slot))
                    {
                        if (insert.Family is not null)
                        {
                            secrets.Add(new PlantedSecret(file.Path, lines.Count + insert.PlantedIndex + 1, insert.Family, insert.RuleId!, insert.Secret!, insert.Syntax));
                        }

                        lines.AddRange(insert.Lines);
                    }

                    if (slot < file.Body.Count)
                    {
                        lines.AddRange(file.Body[slot]);
                    }
                }

                lines.AddRange(file.Footer);
                files.Add(new CorpusFile(file.Path, string.Join('\n', lines) + "\n"));
            }

            return new SyntheticCorpus(files, secrets, lookAlikes.Count);
        }

        // ---- Random values ------------------------------------------------------------------------------------------

        private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        private const string Lower = "abcdefghijklmnopqrstuvwxyz";
        private const string Digits = "0123456789";
        private const string AlnumChars = Upper + Lower + Digits;
        private const string Base64Chars = AlnumChars + "+/";
        private const string Base64UrlChars = AlnumChars + "-_";
        private const string HexChars = "0123456789abcdef";

        private static readonly string[] Forbidden =
        [
            "example", "test", "fake", "mock", "xxx", "sample", "dummy", "todo", "lorem", "ipsum", "1234", "abcd",
            "qwer", "insert", "replace", "your", "change", "redact", "placeholder", "fixme", "****", "....", "notreal",
        ];

        private string Chars(string alphabet, int length)
        {
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                builder.Append(alphabet[_random.Next(alphabet.Length)]);
            }

            return builder.ToString();
        }

        /// <summary>Random characters with no placeholder words, no runs and (when mixed) every class present.</summary>
        private string Secret(string alphabet, int length, bool needDigit = true)
        {
            while (true)
            {
                var value = Chars(alphabet, length);
                if (Forbidden.Any(f => value.Contains(f, StringComparison.OrdinalIgnoreCase)) || HasRun(value, 3))
                {
                    continue;
                }

                if (needDigit && alphabet.Contains('0') && !value.Any(char.IsAsciiDigit))
                {
                    continue;
                }

                if (alphabet.Contains('a') && alphabet.Contains('A') && (!value.Any(char.IsAsciiLetterLower) || !value.Any(char.IsAsciiLetterUpper)))
                {
                    continue;
                }

                return value;
            }
        }

        private static bool HasRun(string value, int length)
        {
            var run = 1;
            for (var i = 1; i < value.Length; i++)
            {
                run = value[i] == value[i - 1] ? run + 1 : 1;
                if (run >= length)
                {
                    return true;
                }
            }

            return false;
        }

        private string Alnum(int length) => Secret(AlnumChars, length);

        private string Hex(int length) => Chars(HexChars, length);

        private string Uuid() => $"{Hex(8)}-{Hex(4)}-4{Hex(3)}-{"89ab"[_random.Next(4)]}{Hex(3)}-{Hex(12)}";

        private string Base64Blob(int bytes)
        {
            var data = new byte[bytes];
            _random.NextBytes(data);
            return Convert.ToBase64String(data);
        }

        private static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>A human-made-looking password: letters, digits and symbols.</summary>
        private string Password(int length = 14)
        {
            while (true)
            {
                var value = Secret(AlnumChars + "!#%^*-_+=", length);
                if (value.Any(c => !char.IsAsciiLetterOrDigit(c)))
                {
                    return value;
                }
            }
        }

        /// <summary>A password safe inside URLs and connection strings.</summary>
        private string UrlPassword(int length = 18) => Secret(AlnumChars + "-_.~", length);

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Word() => Pick(Words);

        private string Pascal(int words = 2) =>
            string.Concat(Enumerable.Range(0, words).Select(_ => Capitalize(Word())));

        private string Camel(int words = 2)
        {
            var pascal = Pascal(words);
            return char.ToLowerInvariant(pascal[0]) + pascal[1..];
        }

        private string Snake(int words = 2) => string.Join('_', Enumerable.Range(0, words).Select(_ => Word()));

        private string Kebab(int words = 2) => string.Join('-', Enumerable.Range(0, words).Select(_ => Word()));

        private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

        private string Sentence(int min = 6, int max = 14)
        {
            var count = _random.Next(min, max + 1);
            var words = Enumerable.Range(0, count).Select(_ => Pick(Lorem)).ToList();
            return Capitalize(string.Join(' ', words)) + ".";
        }

        private string Prose(int min = 6, int max = 14)
        {
            var count = _random.Next(min, max + 1);
            var words = Enumerable.Range(0, count).Select(_ => _random.Next(3) == 0 ? Word() : Pick(Prosaic)).ToList();
            return Capitalize(string.Join(' ', words)) + ".";
        }

        private string Host() => $"{Word()}-{Pick(["db", "api", "cache", "mq", "svc"])}.{Pick(["internal", "prod.local", "corp.net", "cluster.local"])}";

        private static readonly string[] Words =
        [
            "order", "customer", "invoice", "payment", "account", "session", "report", "widget", "catalog", "inventory",
            "shipment", "profile", "message", "channel", "event", "metric", "tenant", "project", "build", "artifact",
            "user", "team", "billing", "price", "cart", "checkout", "review", "rating", "search", "index", "job",
            "queue", "worker", "schedule", "notification", "email", "address", "region", "zone", "cluster", "node",
            "pipeline", "stage", "release", "deployment", "feature", "flag", "audit", "log", "trace", "span", "batch",
            "export", "import", "upload", "download", "file", "folder", "document", "page", "section", "comment",
        ];

        private static readonly string[] Prosaic =
        [
            "the", "a", "service", "returns", "when", "is", "not", "available", "we", "retry", "with", "backoff",
            "and", "then", "fail", "request", "response", "handler", "reads", "writes", "from", "to", "cache",
            "database", "for", "each", "call", "this", "method", "should", "be", "idempotent", "keys", "are",
            "rotated", "monthly", "tokens", "expire", "after", "one", "hour", "see", "runbook",
        ];

        private static readonly string[] Lorem =
        [
            "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
            "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam",
            "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
        ];

        // ---- Files --------------------------------------------------------------------------------------------------

        private string UniquePath(Func<string> make)
        {
            while (true)
            {
                var path = make();
                if (_paths.Add(path))
                {
                    return path;
                }
            }
        }

        private FileDraft NewFile(Kind kind) => kind switch
        {
            Kind.Cs => CsFile(),
            Kind.Js => JsFile(),
            Kind.Py => PyFile(),
            Kind.Yaml => YamlFile(),
            Kind.Json => JsonFile(),
            Kind.Env => EnvFile(),
            Kind.Md => MdFile(),
            Kind.Html => HtmlFile(),
            Kind.Xml => XmlFile(),
            Kind.Sh => ShFile(),
            Kind.Ini => IniFile(),
            _ => PropertiesFile(),
        };

        private List<List<string>> Blocks(int count, Func<List<string>> block) =>
            [.. Enumerable.Range(0, count).Select(_ => block())];

        private FileDraft CsFile()
        {
            var area = Capitalize(Word());
            var type = Pascal() + Pick(["Service", "Repository", "Controller", "Handler", "Processor", "Client"]);
            var path = UniquePath(() => $"src/Contoso.{area}/{Pascal()}{Pick(["Service", "Repository", "Controller", "Handler", "Processor", "Client"])}.cs");
            var entity = Capitalize(Word());
            List<string> header =
            [
                "using System;",
                "using System.Collections.Generic;",
                "using System.Threading;",
                "using System.Threading.Tasks;",
                "using Microsoft.Extensions.Logging;",
                "",
                $"namespace Contoso.{area};",
                "",
                "/// <summary>",
                $"/// {Prose()}",
                "/// </summary>",
                $"public sealed class {type}",
                "{",
                $"    private readonly ILogger<{type}> _logger;",
                $"    private readonly I{entity}Repository _repository;",
                $"    private readonly Dictionary<string, {entity}> _cache = new(StringComparer.Ordinal);",
                "",
                $"    public {type}(ILogger<{type}> logger, I{entity}Repository repository)",
                "    {",
                "        _logger = logger;",
                "        _repository = repository;",
                "    }",
                "",
            ];
            return new FileDraft(Kind.Cs, path, header, Blocks(_random.Next(14, 20), () => CsMethod(entity)), ["}"]);
        }

        private List<string> CsMethod(string entity)
        {
            var verb = Pick(["Get", "Create", "Update", "Delete", "Load", "Save", "Process", "Validate", "Sync", "Publish"]);
            var noun = Capitalize(Word());
            var variant = _random.Next(6);
            var lines = new List<string>
            {
                "    /// <summary>",
                $"    /// {Prose()}",
                "    /// </summary>",
                $"    public async Task<{entity}?> {verb}{noun}Async(Guid id, CancellationToken cancellationToken)",
                "    {",
            };
            switch (variant)
            {
                case 0:
                    lines.Add($"        var cacheKey = $\"{Word()}:{{id}}\";");
                    lines.Add("        if (_cache.TryGetValue(cacheKey, out var cached))");
                    lines.Add("        {");
                    lines.Add("            return cached;");
                    lines.Add("        }");
                    break;
                case 1:
                    lines.Add("        ArgumentOutOfRangeException.ThrowIfEqual(id, Guid.Empty);");
                    lines.Add($"        using var scope = _logger.BeginScope(\"{verb} {{Id}}\", id);");
                    break;
                case 2:
                    lines.Add("        foreach (var (key, value) in _cache)");
                    lines.Add("        {");
                    lines.Add($"            _logger.LogDebug(\"Cached {{Key}} {{Value}}\", key, value);");
                    lines.Add("        }");
                    break;
                case 3:
                    lines.Add("        var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken.None;");
                    lines.Add("        await Task.Yield();");
                    break;
                case 4:
                    lines.Add($"        var options = new JwtBearerOptions {{ SaveToken = true, RequireHttpsMetadata = true }};");
                    lines.Add("        options.TokenValidationParameters.ValidateIssuerSigningKey = true;");
                    break;
                default:
                    lines.Add($"        var password = await _secrets.GetSecretAsync(\"{Kebab()}-password\", cancellationToken);");
                    lines.Add("        var apiKey = _configuration[\"Payments:ApiKey\"] ?? throw new InvalidOperationException(\"Missing key.\");");
                    break;
            }

            lines.Add($"        var item = await _repository.FindAsync(id, cancellationToken);");
            lines.Add("        if (item is null)");
            lines.Add("        {");
            lines.Add($"            throw new KeyNotFoundException($\"{noun} {{id}} was not found.\");");
            lines.Add("        }");
            lines.Add("");
            lines.Add($"        _logger.LogInformation(\"{verb} {noun} {{Id}} in {{Elapsed}} ms\", id, {_random.Next(1, 500)});");
            lines.Add($"        item.{Capitalize(Word())}At = DateTimeOffset.UtcNow;");
            lines.Add("        return item;");
            lines.Add("    }");
            lines.Add("");
            return lines;
        }

        private FileDraft JsFile()
        {
            var path = UniquePath(() => $"web/src/{Word()}/{Camel()}.{Pick(["js", "ts", "mjs"])}");
            List<string> header =
            [
                $"import {{ {Camel()} }} from '../{Word()}/{Camel()}.js';",
                $"import {{ {Camel()}, {Camel()} }} from '../lib/{Word()}.js';",
                "",
                $"const API_BASE = process.env.API_BASE_URL ?? 'https://api.{Word()}.contoso.net';",
                $"const {Word()}Cache = new Map();",
                "",
            ];
            return new FileDraft(Kind.Js, path, header, Blocks(_random.Next(12, 18), JsFunction), []);
        }

        private List<string> JsFunction()
        {
            var name = Pick(["load", "save", "render", "fetch", "update", "remove", "sync"]) + Pascal();
            var noun = Word();
            var lines = new List<string>
            {
                "/**",
                $" * {Prose()}",
                $" * @param {{string}} id The {noun} id.",
                " */",
                $"export async function {name}(id, options = {{}}) {{",
                $"  const key = `{noun}:${{id}}`;",
                $"  if ({noun}Cache.has(key)) {{",
                $"    return {noun}Cache.get(key);",
                "  }",
            };
            switch (_random.Next(5))
            {
                case 0:
                    lines.Add($"  const response = await fetch(`${{API_BASE}}/{noun}s/${{id}}`, {{");
                    lines.Add("    headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },");
                    lines.Add("  });");
                    break;
                case 1:
                    lines.Add($"  const response = await client.get(`/{noun}s/${{encodeURIComponent(id)}}`, {{ timeout: {_random.Next(1, 30) * 1000} }});");
                    break;
                case 2:
                    lines.Add("  const token = await getAccessToken({ scopes: ['api.read'] });");
                    lines.Add($"  const response = await fetch(`${{API_BASE}}/{noun}s/${{id}}`, {{ headers: authHeaders(token) }});");
                    break;
                case 3:
                    lines.Add("  const sortKey = options.sortKey ?? 'createdAt';");
                    lines.Add($"  const response = await fetch(`${{API_BASE}}/{noun}s?sort=${{sortKey}}`);");
                    break;
                default:
                    lines.Add($"  const response = await fetch(`${{API_BASE}}/{noun}s/${{id}}`);");
                    break;
            }

            lines.Add("  if (!response.ok) {");
            lines.Add($"    throw new Error(`Failed to load {noun} ${{id}}: ${{response.status}}`);");
            lines.Add("  }");
            lines.Add("  const body = await response.json();");
            lines.Add($"  {noun}Cache.set(key, body);");
            lines.Add("  return body;");
            lines.Add("}");
            lines.Add("");
            return lines;
        }

        private FileDraft PyFile()
        {
            var path = UniquePath(() => $"services/{Word()}/{Snake()}.py");
            List<string> header =
            [
                $"\"\"\"{Prose()}\"\"\"",
                "",
                "from __future__ import annotations",
                "",
                "import logging",
                "import os",
                $"from dataclasses import dataclass",
                $"from typing import Any",
                "",
                "log = logging.getLogger(__name__)",
                "",
            ];
            return new FileDraft(Kind.Py, path, header, Blocks(_random.Next(12, 18), PyFunction), []);
        }

        private List<string> PyFunction()
        {
            var noun = Word();
            var name = $"{Pick(["get", "create", "update", "delete", "sync", "export", "load"])}_{Snake()}";
            var lines = new List<string>
            {
                $"def {name}(session, {noun}_id: int, *, timeout: float = {_random.Next(1, 30)}.0) -> dict[str, Any]:",
                $"    \"\"\"{Prose()}\"\"\"",
                $"    key = f\"{noun}:{{{noun}_id}}\"",
            };
            switch (_random.Next(5))
            {
                case 0:
                    lines.Add("    token = session.headers.get(\"Authorization\")");
                    lines.Add("    if token is None:");
                    lines.Add("        raise PermissionError(\"not signed in\")");
                    break;
                case 1:
                    lines.Add("    password = os.environ.get(\"DB_PASSWORD\")");
                    lines.Add("    api_key = os.getenv(\"PAYMENTS_API_KEY\", \"\")");
                    break;
                case 2:
                    lines.Add("    for key, value in sorted(session.cookies.items()):");
                    lines.Add("        log.debug(\"cookie %s=%s\", key, value)");
                    break;
                case 3:
                    lines.Add("    secret = settings.SECRET_KEY");
                    lines.Add("    signer = Signer(secret, salt=\"profile\")");
                    break;
                default:
                    lines.Add($"    log.info(\"{Sentence(3, 6)}\")");
                    break;
            }

            lines.Add($"    response = session.get(f\"/{noun}s/{{{noun}_id}}\", timeout=timeout)");
            lines.Add("    response.raise_for_status()");
            lines.Add("    result = response.json()");
            lines.Add("    cache[key] = result");
            lines.Add("    return result");
            lines.Add("");
            lines.Add("");
            return lines;
        }

        private FileDraft YamlFile()
        {
            var workflow = _random.Next(3) == 0;
            var path = workflow
                ? UniquePath(() => $".github/workflows/{Kebab()}.yml")
                : UniquePath(() => $"deploy/k8s/{Kebab()}.yaml");
            if (workflow)
            {
                List<string> header =
                [
                    $"name: {Capitalize(Word())} {Pick(["CI", "Release", "Nightly", "Deploy"])}",
                    "on:",
                    "  push:",
                    "    branches: [main]",
                    "  pull_request:",
                    "permissions:",
                    "  contents: read",
                    "  id-token: write",
                    "env:",
                    "  DOTNET_NOLOGO: true",
                    "  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
                    "jobs:",
                ];
                return new FileDraft(Kind.Yaml, path, header, Blocks(_random.Next(5, 8), WorkflowJob), []);
            }

            return new FileDraft(Kind.Yaml, path, [$"# {Prose()}"], Blocks(_random.Next(3, 6), K8sDocument), []);
        }

        private List<string> WorkflowJob()
        {
            var job = Kebab();
            return
            [
                $"  {job}:",
                "    runs-on: ubuntu-latest",
                "    steps:",
                $"      - uses: actions/checkout@{Hex(40)} # v4",
                $"      - uses: actions/setup-dotnet@{Hex(40)}",
                "        with:",
                "          dotnet-version: 10.0.x",
                $"      - name: {Capitalize(Word())} {Word()}",
                $"        run: dotnet test --filter Category={Capitalize(Word())} --logger trx",
                "        env:",
                "          NUGET_AUTH_TOKEN: ${{ secrets.NUGET_TOKEN }}",
                $"          {Snake().ToUpperInvariant()}: ${{{{ vars.{Snake().ToUpperInvariant()} }}}}",
                "",
            ];
        }

        private List<string> K8sDocument()
        {
            var app = Kebab();
            return
            [
                "---",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata:",
                $"  name: {app}",
                "  labels:",
                $"    app.kubernetes.io/name: {app}",
                "spec:",
                $"  replicas: {_random.Next(1, 6)}",
                "  template:",
                "    spec:",
                "      containers:",
                $"        - name: {app}",
                $"          image: registry.contoso.net/{app}@sha256:{Hex(64)}",
                "          env:",
                "            - name: DB_PASSWORD",
                "              valueFrom:",
                "                secretKeyRef:",
                $"                  name: {app}-secrets",
                "                  key: db-password",
                "            - name: LOG_LEVEL",
                $"              value: {Pick(["info", "debug", "warning"])}",
                "          resources:",
                "            limits:",
                $"              memory: {_random.Next(1, 8) * 128}Mi",
            ];
        }

        private FileDraft JsonFile()
        {
            var path = UniquePath(() => Pick(["config", "web/config", "services/config"]) + $"/{Kebab()}.json");
            List<string> header = ["{", $"  \"name\": \"{Kebab()}\",", $"  \"version\": \"{_random.Next(0, 5)}.{_random.Next(0, 20)}.{_random.Next(0, 40)}\","];
            return new FileDraft(Kind.Json, path, header, Blocks(_random.Next(20, 30), JsonEntry), ["  \"private\": true", "}"]);
        }

        private List<string> JsonEntry()
        {
            var package = Kebab();
            return _random.Next(5) switch
            {
                0 =>
                [
                    $"  \"node_modules/{package}\": {{",
                    $"    \"version\": \"{_random.Next(0, 9)}.{_random.Next(0, 30)}.{_random.Next(0, 30)}\",",
                    $"    \"resolved\": \"https://registry.npmjs.org/{package}/-/{package}-1.0.0.tgz\",",
                    $"    \"integrity\": \"sha512-{Base64Blob(64)}\",",
                    "    \"dev\": true",
                    "  },",
                ],
                1 =>
                [
                    $"  \"{Camel()}\": {{",
                    $"    \"id\": \"{Uuid()}\",",
                    $"    \"createdAt\": \"2024-0{_random.Next(1, 9)}-1{_random.Next(0, 9)}T10:00:00Z\",",
                    $"    \"etag\": \"W/\\\"{Hex(32)}\\\"\",",
                    $"    \"sha256\": \"{Hex(64)}\"",
                    "  },",
                ],
                2 =>
                [
                    $"  \"{Camel()}\": {{",
                    $"    \"endpoint\": \"https://{Word()}.contoso.net/api\",",
                    $"    \"timeoutSeconds\": {_random.Next(1, 120)},",
                    "    \"retry\": { \"count\": 3, \"backoff\": \"exponential\" },",
                    $"    \"tokenEndpoint\": \"https://login.contoso.net/{Uuid()}/oauth2/v2.0/token\"",
                    "  },",
                ],
                3 =>
                [
                    $"  \"{Camel()}\": [",
                    $"    \"{Sentence(3, 8)}\",",
                    $"    \"{Sentence(3, 8)}\"",
                    "  ],",
                ],
                _ =>
                [
                    $"  \"{Camel()}\": {{ \"enabled\": {(_random.Next(2) == 0 ? "true" : "false")}, \"commit\": \"{Hex(40)}\" }},",
                ],
            };
        }

        private FileDraft EnvFile()
        {
            var path = UniquePath(() => Pick(["envs/", "deploy/env/", "services/" + Word() + "/"]) + Pick([".env", ".env.production", ".env.staging", Word() + ".env"]));
            return new FileDraft(Kind.Env, path, [$"# {Prose(4, 8)}"], Blocks(_random.Next(6, 10), EnvBlock), []);
        }

        private List<string> EnvBlock()
        {
            var prefix = Word().ToUpperInvariant();
            return
            [
                $"# {Prose(3, 7)}",
                $"{prefix}_URL=https://{Word()}.contoso.net/v{_random.Next(1, 4)}",
                $"{prefix}_TIMEOUT_SECONDS={_random.Next(1, 120)}",
                $"{prefix}_ENABLED={(_random.Next(2) == 0 ? "true" : "false")}",
                $"{prefix}_REQUEST_ID={Uuid()}",
                "",
            ];
        }

        private FileDraft MdFile()
        {
            var path = UniquePath(() => $"docs/{Kebab()}.md");
            return new FileDraft(Kind.Md, path, [$"# {Capitalize(Word())} {Word()}", ""], Blocks(_random.Next(10, 16), MdBlock), []);
        }

        private List<string> MdBlock()
        {
            return _random.Next(4) switch
            {
                0 => [$"## {Capitalize(Word())}", "", Sentence(12, 30), Sentence(12, 30), ""],
                1 => [Prose(12, 30), Prose(8, 20), ""],
                2 => ["```bash", $"dotnet run --project src/Contoso.{Capitalize(Word())} -- --{Word()} {Word()}", $"git checkout {Hex(40)}", "```", ""],
                _ => [$"- {Prose(4, 9)}", $"- {Prose(4, 9)}", $"- Fixed in commit {Hex(12)} ({Hex(40)}).", ""],
            };
        }

        private FileDraft HtmlFile()
        {
            var path = UniquePath(() => $"web/public/{Kebab()}.html");
            List<string> header = ["<!doctype html>", "<html lang=\"en\">", "<head>", "  <meta charset=\"utf-8\">", $"  <title>{Capitalize(Word())}</title>", "</head>", "<body>"];
            return new FileDraft(Kind.Html, path, header, Blocks(_random.Next(8, 12), HtmlBlock), ["</body>", "</html>"]);
        }

        private List<string> HtmlBlock()
        {
            return _random.Next(3) switch
            {
                0 => ["  <section>", $"    <h2>{Capitalize(Word())}</h2>", $"    <p>{Sentence(10, 25)}</p>", "  </section>"],
                1 => ["  <figure>", $"    <img alt=\"{Word()}\" src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{Base64Blob(_random.Next(600, 4000))}\">", "  </figure>"],
                _ => ["  <form method=\"post\">", "    <label for=\"password\">Password</label>", "    <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">", "    <input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"@token\">", "  </form>"],
            };
        }

        private FileDraft XmlFile()
        {
            var path = UniquePath(() => $"src/Contoso.{Capitalize(Word())}/{Pick(["App.config", "Web.config", "app.release.config"])}");
            List<string> header = ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <appSettings>"];
            return new FileDraft(Kind.Xml, path, header, Blocks(_random.Next(10, 16), XmlEntry), ["  </appSettings>", "</configuration>"]);
        }

        private List<string> XmlEntry() =>
            _random.Next(3) switch
            {
                0 => [$"    <add key=\"{Pascal()}Url\" value=\"https://{Word()}.contoso.net/\" />"],
                1 => [$"    <add key=\"{Pascal()}TimeoutSeconds\" value=\"{_random.Next(1, 300)}\" />", $"    <add key=\"{Pascal()}Enabled\" value=\"true\" />"],
                _ => [$"    <!-- {Prose(4, 10)} -->", $"    <add key=\"{Pascal()}Id\" value=\"{Uuid()}\" />"],
            };

        private FileDraft ShFile()
        {
            var path = UniquePath(() => $"scripts/{Kebab()}.sh");
            return new FileDraft(Kind.Sh, path, ["#!/usr/bin/env bash", "set -euo pipefail", ""], Blocks(_random.Next(8, 12), ShBlock), []);
        }

        private List<string> ShBlock() =>
            _random.Next(3) switch
            {
                0 => [$"# {Prose(4, 10)}", $"curl -fsSL -H \"Authorization: Bearer ${{API_TOKEN}}\" \"https://api.contoso.net/{Word()}s\" -o {Word()}.json", ""],
                1 => [$"echo \"{Sentence(3, 6)}\"", $"sha256sum --check <<< \"{Hex(64)}  {Word()}.tar.gz\"", ""],
                _ => [$"for {Word()} in $(seq 1 {_random.Next(2, 9)}); do", $"  dotnet run --project src/{Capitalize(Word())} -- --batch \"${{{Word()}}}\"", "done", ""],
            };

        private FileDraft IniFile()
        {
            var path = UniquePath(() => $"config/{Word()}.ini");
            return new FileDraft(Kind.Ini, path, [$"; {Prose(4, 8)}"], Blocks(_random.Next(6, 10), IniSection), []);
        }

        private List<string> IniSection() =>
        [
            $"[{Word()}]",
            $"host = {Host()}",
            $"port = {_random.Next(1000, 9999)}",
            $"pool_size = {_random.Next(1, 50)}",
            "",
        ];

        private FileDraft PropertiesFile()
        {
            var path = UniquePath(() => $"java/src/main/resources/application-{Word()}.properties");
            return new FileDraft(Kind.Properties, path, [$"# {Prose(4, 8)}"], Blocks(_random.Next(6, 10), PropertiesBlock), []);
        }

        private List<string> PropertiesBlock()
        {
            var prefix = $"contoso.{Word()}";
            return
            [
                $"{prefix}.url=https://{Word()}.contoso.net",
                $"{prefix}.timeout={_random.Next(1, 60)}s",
                $"{prefix}.cache.key-prefix={Word()}:",
                "",
            ];
        }

        // ---- Planted secrets ----------------------------------------------------------------------------------------

        private Insert Plant(Kind kind, string family, string ruleId, string secret, string syntax, params string[] lines) =>
            new(kind, lines, 0, family, ruleId, secret, syntax);

        private string GitHubToken(int i) => (i % 6) switch
        {
            0 => "ghp_" + Alnum(36),
            1 => "gho_" + Alnum(36),
            2 => "ghu_" + Alnum(36),
            3 => "ghs_" + Alnum(36),
            4 => "ghr_" + Alnum(36),
            _ => "github_pat_" + Alnum(22) + "_" + Alnum(59),
        };

        private string Base32Upper(int length) => Secret("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);

        private string PemBody(int lines)
        {
            var body = Base64Blob(lines * 48);
            return string.Join('\n', Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - (i * 64)))));
        }

        private string Jwt()
        {
            var header = Base64Url($"{{\"alg\":\"{Pick(["HS256", "RS256", "ES256"])}\",\"typ\":\"JWT\"}}");
            var payload = Base64Url($"{{\"sub\":\"{Uuid()}\",\"iat\":{_random.Next(1_600_000_000, 1_750_000_000)},\"scope\":\"{Word()}.read\"}}");
            return $"{header}.{payload}.{Secret(Base64UrlChars, 43)}";
        }

        private List<Insert> Planted()
        {
            var planted = new List<Insert>();

            // GitHub tokens.
            for (var i = 0; i < 18; i++)
            {
                var s = GitHubToken(i);
                const string F = "github";
                const string R = "FS001";
                planted.Add((i % 9) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"GITHUB_TOKEN={s}"),
                    1 => Plant(Kind.Yaml, F, R, s, "yaml", $"      GH_TOKEN: {s}"),
                    2 => Plant(Kind.Py, F, R, s, "py", $"GITHUB_TOKEN = \"{s}\""),
                    3 => Plant(Kind.Js, F, R, s, "js", $"const octokit = new Octokit({{ auth: '{s}' }});"),
                    4 => Plant(Kind.Cs, F, R, s, "cs", $"    private const string GitHubToken = \"{s}\";"),
                    5 => Plant(Kind.Sh, F, R, s, "sh", $"curl -H \"Authorization: token {s}\" https://api.github.com/user"),
                    6 => Plant(Kind.Json, F, R, s, "json", $"  \"githubToken\": \"{s}\","),
                    7 => Plant(Kind.Md, F, R, s, "md-url", $"    git clone https://x-access-token:{s}@github.com/contoso/app.git"),
                    _ => Plant(Kind.Ini, F, R, s, "ini", $"token = {s}"),
                });
            }

            // AWS access key ids.
            for (var i = 0; i < 10; i++)
            {
                var s = (i % 3 == 2 ? "ASIA" : "AKIA") + Base32Upper(16);
                const string F = "aws-access-key-id";
                const string R = "FS002";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"AWS_ACCESS_KEY_ID={s}"),
                    1 => Plant(Kind.Py, F, R, s, "py-kwarg", $"s3 = boto3.client(\"s3\", aws_access_key_id=\"{s}\", region_name=\"eu-west-1\")"),
                    2 => Plant(Kind.Yaml, F, R, s, "yaml", $"aws_access_key_id: {s}"),
                    3 => Plant(Kind.Json, F, R, s, "json", $"  \"AccessKeyId\": \"{s}\","),
                    4 => Plant(Kind.Cs, F, R, s, "cs", $"    private static readonly AWSCredentials Credentials = new BasicAWSCredentials(\"{s}\", SecretKey);"),
                    _ => Plant(Kind.Ini, F, R, s, "ini", $"aws_access_key_id = {s}"),
                });
            }

            // AWS secret access keys.
            for (var i = 0; i < 10; i++)
            {
                var s = Secret(Base64Chars, 40);
                const string F = "aws-secret-access-key";
                const string R = "FS003";
                planted.Add((i % 7) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"AWS_SECRET_ACCESS_KEY={s}"),
                    1 => Plant(Kind.Py, F, R, s, "py-kwarg", $"    aws_secret_access_key=\"{s}\","),
                    2 => Plant(Kind.Yaml, F, R, s, "yaml", $"  aws_secret_access_key: \"{s}\""),
                    3 => Plant(Kind.Json, F, R, s, "json", $"  \"SecretAccessKey\": \"{s}\","),
                    4 => Plant(Kind.Cs, F, R, s, "cs", $"    private const string AwsSecretKey = \"{s}\";"),
                    5 => Plant(Kind.Js, F, R, s, "js", $"  secretAccessKey: '{s}',"),
                    _ => Plant(Kind.Ini, F, R, s, "ini", $"aws_secret_access_key = {s}"),
                });
            }

            // Azure storage account keys and shared access keys.
            for (var i = 0; i < 9; i++)
            {
                var account = Word() + Hex(6);
                var s = i % 3 == 2 ? Secret(Base64Chars, 43) + "=" : Secret(Base64Chars, 86) + "==";
                var connection = i % 3 == 2
                    ? $"Endpoint=sb://{Word()}-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={s}"
                    : $"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={s};EndpointSuffix=core.windows.net";
                const string F = "azure-storage-key";
                const string R = "FS004";
                planted.Add((i % 5) switch
                {
                    0 => Plant(Kind.Cs, F, R, s, "cs", $"    private const string StorageConnection = \"{connection}\";"),
                    1 => Plant(Kind.Json, F, R, s, "json", $"  \"AzureWebJobsStorage\": \"{connection}\","),
                    2 => Plant(Kind.Env, F, R, s, "env", $"AZURE_CONNECTION_STRING={connection}"),
                    3 => Plant(Kind.Py, F, R, s, "py", $"blob_service = BlobServiceClient.from_connection_string(\"{connection}\")"),
                    _ => Plant(Kind.Yaml, F, R, s, "yaml", $"  storageConnectionString: \"{connection}\""),
                });
            }

            // Google Cloud service account keys (JSON key files and their embedding in code).
            for (var i = 0; i < 6; i++)
            {
                var body = PemBody(_random.Next(18, 26)).Replace("\n", "\\n", StringComparison.Ordinal);
                var key = $"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n";
                var project = $"{Word()}-{Word()}-{_random.Next(100000, 999999)}";
                const string F = "gcp-service-account-key";
                const string R = "FS005";
                if (i % 2 == 0)
                {
                    planted.Add(new Insert(Kind.Json,
                    [
                        "  \"serviceAccount\": {",
                        "    \"type\": \"service_account\",",
                        $"    \"project_id\": \"{project}\",",
                        $"    \"private_key_id\": \"{Hex(40)}\",",
                        $"    \"private_key\": \"{key}\",",
                        $"    \"client_email\": \"{Word()}@{project}.iam.gserviceaccount.com\",",
                        $"    \"client_id\": \"{_random.NextInt64(100000000000000000, 999999999999999999)}\",",
                        "    \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",",
                        "    \"token_uri\": \"https://oauth2.googleapis.com/token\"",
                        "  },",
                    ], 4, F, R, key, "json-service-account"));
                }
                else
                {
                    planted.Add(new Insert(Kind.Py,
                    [
                        "SERVICE_ACCOUNT_INFO = {",
                        "    \"type\": \"service_account\",",
                        $"    \"project_id\": \"{project}\",",
                        $"    \"private_key\": \"{key}\",",
                        $"    \"client_email\": \"{Word()}@{project}.iam.gserviceaccount.com\",",
                        "}",
                    ], 3, F, R, key, "py-dict"));
                }
            }

            // Google API keys.
            for (var i = 0; i < 8; i++)
            {
                var s = "AIza" + Secret(Base64UrlChars, 35);
                const string F = "gcp-api-key";
                const string R = "FS006";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Js, F, R, s, "js", $"const MAPS_API_KEY = \"{s}\";"),
                    1 => Plant(Kind.Html, F, R, s, "html", $"  <script src=\"https://maps.googleapis.com/maps/api/js?key={s}&callback=initMap\" async></script>"),
                    2 => Plant(Kind.Py, F, R, s, "py", $"client = googlemaps.Client(key=\"{s}\")"),
                    3 => Plant(Kind.Yaml, F, R, s, "yaml", $"firebase_api_key: {s}"),
                    4 => Plant(Kind.Json, F, R, s, "json", $"  \"apiKey\": \"{s}\","),
                    _ => Plant(Kind.Env, F, R, s, "env", $"REACT_APP_FIREBASE_KEY={s}"),
                });
            }

            // Slack tokens.
            for (var i = 0; i < 8; i++)
            {
                var s = (i % 4) switch
                {
                    0 => $"xoxb-{_random.NextInt64(10_000_000_000, 99_999_999_999)}-{_random.NextInt64(100_000_000_000, 999_999_999_999)}-{Alnum(24)}",
                    1 => $"xoxp-{_random.NextInt64(10_000_000_000, 99_999_999_999)}-{_random.NextInt64(10_000_000_000, 99_999_999_999)}-{_random.NextInt64(100_000_000_000, 999_999_999_999)}-{Secret(HexChars, 32)}",
                    2 => $"xoxa-2-{_random.NextInt64(10_000_000_000, 99_999_999_999)}-{Alnum(32)}",
                    _ => $"xoxr-{_random.NextInt64(10_000_000_000, 99_999_999_999)}-{Alnum(40)}",
                };
                const string F = "slack-token";
                const string R = "FS007";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"SLACK_BOT_TOKEN={s}"),
                    1 => Plant(Kind.Py, F, R, s, "py-kwarg", $"client = WebClient(token=\"{s}\")"),
                    2 => Plant(Kind.Js, F, R, s, "js", $"const slack = new WebClient('{s}');"),
                    3 => Plant(Kind.Yaml, F, R, s, "yaml", $"  slack_token: {s}"),
                    4 => Plant(Kind.Json, F, R, s, "json", $"  \"slackToken\": \"{s}\","),
                    _ => Plant(Kind.Cs, F, R, s, "cs", $"    private const string SlackToken = \"{s}\";"),
                });
            }

            // Slack webhooks.
            for (var i = 0; i < 6; i++)
            {
                var s = $"https://hooks.slack.com/services/T{Base32Upper(8)}/B{Base32Upper(10)}/{Alnum(24)}";
                const string F = "slack-webhook";
                const string R = "FS008";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"SLACK_WEBHOOK_URL={s}"),
                    1 => Plant(Kind.Yaml, F, R, s, "yaml", $"      webhook_url: {s}"),
                    2 => Plant(Kind.Py, F, R, s, "py", $"requests.post(\"{s}\", json={{\"text\": message}}, timeout=5)"),
                    3 => Plant(Kind.Js, F, R, s, "js", $"await fetch('{s}', {{ method: 'POST', body: JSON.stringify(payload) }});"),
                    4 => Plant(Kind.Json, F, R, s, "json", $"  \"alertsWebhook\": \"{s}\","),
                    _ => Plant(Kind.Sh, F, R, s, "sh", $"curl -X POST -H 'Content-type: application/json' --data \"{{\\\"text\\\":\\\"$MSG\\\"}}\" {s}"),
                });
            }

            // Stripe live keys.
            for (var i = 0; i < 8; i++)
            {
                var s = (i % 3 == 2 ? "rk_live_" : "sk_live_") + Alnum(i % 2 == 0 ? 24 : 99);
                const string F = "stripe-key";
                const string R = "FS009";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"STRIPE_SECRET_KEY={s}"),
                    1 => Plant(Kind.Py, F, R, s, "py", $"stripe.api_key = \"{s}\""),
                    2 => Plant(Kind.Js, F, R, s, "js", $"const stripe = require('stripe')('{s}');"),
                    3 => Plant(Kind.Cs, F, R, s, "cs", $"        StripeConfiguration.ApiKey = \"{s}\";"),
                    4 => Plant(Kind.Yaml, F, R, s, "yaml", $"stripe:\n  secret: {s}"),
                    _ => Plant(Kind.Json, F, R, s, "json", $"  \"stripe\": {{ \"secretKey\": \"{s}\" }},"),
                });
            }

            // npm tokens.
            for (var i = 0; i < 6; i++)
            {
                var s = "npm_" + Alnum(36);
                const string F = "npm-token";
                const string R = "FS010";
                planted.Add((i % 5) switch
                {
                    0 => Plant(Kind.Sh, F, R, s, "sh-npmrc", $"echo \"//registry.npmjs.org/:_authToken={s}\" > ~/.npmrc"),
                    1 => Plant(Kind.Yaml, F, R, s, "yaml", $"          NPM_TOKEN: {s}"),
                    2 => Plant(Kind.Env, F, R, s, "env", $"NPM_TOKEN={s}"),
                    3 => Plant(Kind.Json, F, R, s, "json", $"  \"npmToken\": \"{s}\","),
                    _ => Plant(Kind.Ini, F, R, s, "npmrc", $"//npm.pkg.github.com/:_authToken={s}"),
                });
            }

            // PyPI tokens.
            for (var i = 0; i < 5; i++)
            {
                var s = "pypi-AgEIcHlwaS5vcmc" + Secret(Base64UrlChars, 150);
                const string F = "pypi-token";
                const string R = "FS011";
                planted.Add((i % 5) switch
                {
                    0 => Plant(Kind.Ini, F, R, s, "pypirc", $"password = {s}"),
                    1 => Plant(Kind.Yaml, F, R, s, "yaml", $"          TWINE_PASSWORD: {s}"),
                    2 => Plant(Kind.Env, F, R, s, "env", $"PYPI_TOKEN={s}"),
                    3 => Plant(Kind.Sh, F, R, s, "sh", $"twine upload -u __token__ -p {s} dist/*"),
                    _ => Plant(Kind.Py, F, R, s, "py", $"PYPI_API_TOKEN = \"{s}\""),
                });
            }

            // Private key blocks.
            for (var i = 0; i < 8; i++)
            {
                var type = Pick(["RSA ", "EC ", "OPENSSH ", "", "DSA "]);
                var header = $"-----BEGIN {type}PRIVATE KEY-----";
                var footer = $"-----END {type}PRIVATE KEY-----";
                var body = PemBody(_random.Next(8, 25)).Split('\n');
                const string F = "private-key";
                const string R = "FS012";
                string[] block;
                int index;
                string syntax;
                Kind kind;
                switch (i % 5)
                {
                    case 0:
                        kind = Kind.Yaml;
                        syntax = "yaml-block";
                        block = ["stringData:", "  tls.key: |", "    " + header, .. body.Select(b => "    " + b), "    " + footer];
                        index = 2;
                        break;
                    case 1:
                        kind = Kind.Py;
                        syntax = "py-triple-quoted";
                        block = ["SIGNING_KEY = \"\"\"" + header, .. body, footer + "\"\"\""];
                        index = 0;
                        break;
                    case 2:
                        kind = Kind.Js;
                        syntax = "js-template";
                        block = ["const privateKey = `" + header, .. body, footer + "`;"];
                        index = 0;
                        break;
                    case 3:
                        kind = Kind.Env;
                        syntax = "env-escaped";
                        block = [$"JWT_PRIVATE_KEY=\"{header}\\n{string.Join("\\n", body)}\\n{footer}\""];
                        index = 0;
                        break;
                    default:
                        kind = Kind.Md;
                        syntax = "md-pem";
                        block = ["```", header, .. body, footer, "```"];
                        index = 1;
                        break;
                }

                // The key material's first line stands for the secret (the block's lines vary in indentation).
                var secret = body[0];
                planted.Add(new Insert(kind, block, index, F, R, secret, syntax));
            }

            // JWTs.
            for (var i = 0; i < 8; i++)
            {
                var s = Jwt();
                const string F = "jwt";
                const string R = "FS013";
                planted.Add((i % 8) switch
                {
                    0 => Plant(Kind.Js, F, R, s, "js", $"const SERVICE_JWT = \"{s}\";"),
                    1 => Plant(Kind.Py, F, R, s, "py-header", $"HEADERS = {{\"Authorization\": \"Bearer {s}\"}}"),
                    2 => Plant(Kind.Cs, F, R, s, "cs", $"        request.Headers.Add(\"Authorization\", \"Bearer {s}\");"),
                    3 => Plant(Kind.Yaml, F, R, s, "yaml", $"  access_token: {s}"),
                    4 => Plant(Kind.Json, F, R, s, "json", $"  \"access_token\": \"{s}\","),
                    5 => Plant(Kind.Env, F, R, s, "env", $"SERVICE_TOKEN={s}"),
                    6 => Plant(Kind.Sh, F, R, s, "sh", $"curl -H \"Authorization: Bearer {s}\" https://api.contoso.net/v1/me"),
                    _ => Plant(Kind.Md, F, R, s, "md", $"    export TOKEN={s}"),
                });
            }

            // Passwords in URLs.
            for (var i = 0; i < 10; i++)
            {
                var s = UrlPassword(_random.Next(14, 24));
                var host = Host();
                const string F = "url-credentials";
                const string R = "FS014";
                planted.Add((i % 7) switch
                {
                    0 => Plant(Kind.Env, F, R, s, "env", $"DATABASE_URL=postgres://{Word()}_app:{s}@{host}:5432/{Word()}"),
                    1 => Plant(Kind.Yaml, F, R, s, "yaml", $"  uri: mongodb+srv://svc-{Word()}:{s}@cluster0.{Hex(5)}.mongodb.net/{Word()}?retryWrites=true"),
                    2 => Plant(Kind.Py, F, R, s, "py", $"REDIS_URL = \"redis://:{s}@{host}:6379/0\""),
                    3 => Plant(Kind.Js, F, R, s, "js", $"const connection = await amqp.connect('amqp://worker:{s}@{host}:5672');"),
                    4 => Plant(Kind.Json, F, R, s, "json", $"  \"databaseUrl\": \"mysql://shop:{s}@10.0.{_random.Next(0, 255)}.{_random.Next(1, 255)}:3306/shop\","),
                    5 => Plant(Kind.Sh, F, R, s, "sh", $"git remote add mirror https://deploy:{s}@git.contoso.net/{Word()}/{Word()}.git"),
                    _ => Plant(Kind.Properties, F, R, s, "properties", $"spring.rabbitmq.addresses=amqps://{Word()}:{s}@{host}:5671"),
                });
            }

            // Passwords in connection strings.
            for (var i = 0; i < 10; i++)
            {
                var s = Secret(AlnumChars + "!#%^*-_", _random.Next(12, 20));
                var host = Host();
                const string F = "connection-string-password";
                const string R = "FS015";
                planted.Add((i % 6) switch
                {
                    0 => Plant(Kind.Cs, F, R, s, "cs", $"    private const string ConnectionString = \"Server=tcp:{host},1433;Initial Catalog={Word()};User ID={Word()}_app;Password={s};Encrypt=True;\";"),
                    1 => Plant(Kind.Json, F, R, s, "json", $"  \"ConnectionStrings\": {{ \"Default\": \"Host={host};Port=5432;Database={Word()};Username={Word()};Password={s}\" }},"),
                    2 => Plant(Kind.Xml, F, R, s, "xml", $"    <add key=\"Db\" value=\"Data Source={host};Initial Catalog={Capitalize(Word())};User Id=sa;Pwd={s};\" />"),
                    3 => Plant(Kind.Py, F, R, s, "py", $"conn = pyodbc.connect(\"DRIVER={{ODBC Driver 18 for SQL Server}};SERVER={host};DATABASE={Word()};UID={Word()};PWD={s}\")"),
                    4 => Plant(Kind.Env, F, R, s, "env", $"ConnectionStrings__Default=Server={host};Database={Word()};User Id={Word()};Password={s};"),
                    _ => Plant(Kind.Yaml, F, R, s, "yaml", $"  connectionString: \"Host={host};Database={Word()};Username={Word()};Password={s};SSL Mode=Require\""),
                });
            }

            // Bearer tokens.
            for (var i = 0; i < 8; i++)
            {
                var s = Secret(AlnumChars + "-._", _random.Next(32, 64));
                const string F = "bearer-token";
                const string R = "FS017";
                planted.Add((i % 5) switch
                {
                    0 => Plant(Kind.Sh, F, R, s, "sh", $"curl -H \"Authorization: Bearer {s}\" https://api.contoso.net/v2/{Word()}s"),
                    1 => Plant(Kind.Py, F, R, s, "py", $"session.headers[\"Authorization\"] = \"Bearer {s}\""),
                    2 => Plant(Kind.Js, F, R, s, "js", $"  headers: {{ Authorization: 'Bearer {s}' }},"),
                    3 => Plant(Kind.Yaml, F, R, s, "yaml", $"        Authorization: Bearer {s}"),
                    _ => Plant(Kind.Cs, F, R, s, "cs", $"        client.DefaultRequestHeaders.Add(\"Authorization\", \"Bearer {s}\");"),
                });
            }

            // Generic secrets: secret-like names with random values.
            for (var i = 0; i < 36; i++)
            {
                const string F = "generic-secret";
                const string R = "FS016";
                string s;
                planted.Add((i % 18) switch
                {
                    13 => Plant(Kind.Cs, F, R, s = Alnum(32), "cs-dictionary", $"        {{ \"StripeApiKey\", \"{s}\" }},"),
                    14 => Plant(Kind.Py, F, R, s = Alnum(40), "py-setdefault", $"os.environ.setdefault(\"SERVICE_API_TOKEN\", \"{s}\")"),
                    15 => Plant(Kind.Js, F, R, s = Secret(HexChars, 40), "js-header", $"  headers: {{ 'X-Api-Key': '{s}' }},"),
                    16 => Plant(Kind.Yaml, F, R, s = Secret(Base64UrlChars, 40), "yaml-single-quoted", $"  api_token: '{s}'"),
                    17 => Plant(Kind.Md, F, R, s = Alnum(48), "md-go", $"    const signingSecret = \"{s}\""),
                    0 => Plant(Kind.Py, F, R, s = Secret(AlnumChars + "!@#%^&*(-_=+)", 50), "py-django", $"SECRET_KEY = '{s}'"),
                    1 => Plant(Kind.Js, F, R, s = Alnum(32), "js-const", $"const apiKey = \"{s}\";"),
                    2 => Plant(Kind.Cs, F, R, s = Secret(AlnumChars + "~._-", 40), "cs-const", $"    private const string ClientSecret = \"{s}\";"),
                    3 => Plant(Kind.Yaml, F, R, s = Alnum(40), "yaml", $"  client_secret: {s}"),
                    4 => Plant(Kind.Json, F, R, s = Secret(HexChars, 32), "json-hex", $"  \"apiKey\": \"{s}\","),
                    5 => Plant(Kind.Env, F, R, s = $"SG.{Secret(Base64UrlChars, 22)}.{Secret(Base64UrlChars, 43)}", "env", $"SENDGRID_API_KEY={s}"),
                    6 => Plant(Kind.Env, F, R, s = Password(), "env-password", $"DB_PASSWORD={s}"),
                    7 => Plant(Kind.Yaml, F, R, s = Password(16), "yaml-password", $"    password: \"{s}\""),
                    8 => Plant(Kind.Xml, F, R, s = Alnum(40), "xml-appsetting", $"    <add key=\"PaymentGatewaySecret\" value=\"{s}\" />"),
                    9 => Plant(Kind.Properties, F, R, s = Password(), "properties", $"spring.datasource.password={s}"),
                    10 => Plant(Kind.Py, F, R, s = Alnum(40), "py-kwarg", $"client = ApiClient(base_url=BASE_URL, auth_token=\"{s}\")"),
                    11 => Plant(Kind.Cs, F, R, s = Secret(Base64Chars, 44), "cs-indexer", $"        configuration[\"Jwt:SigningKey\"] = \"{s}\";"),
                    _ => Plant(Kind.Js, F, R, s = Alnum(36), "js-object", $"  webhookSecret: '{s}',"),
                });
            }

            // The YAML Stripe case above spans two lines: the secret is on the second.
            return [.. planted.Select(p => p.Lines.Length == 1 && p.Lines[0].Contains('\n', StringComparison.Ordinal)
                ? p with { Lines = p.Lines[0].Split('\n'), PlantedIndex = p.Lines[0].Split('\n').Length - 1 }
                : p)];
        }

        // ---- Look-alikes: must not be reported --------------------------------------------------------------------

        private List<Insert> LookAlikes()
        {
            var list = new List<Insert>();
            void Add(Kind kind, params string[] lines) => list.Add(new Insert(kind, lines, 0, null, null, null, "look-alike"));

            for (var round = 0; round < 12; round++)
            {
                // Documentation examples and placeholders.
                Add(Kind.Env, "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
                Add(Kind.Md, "```ini", "[default]", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "```");
                Add(Kind.Py, "API_KEY = \"your_api_key\"", "PASSWORD = \"changeme\"");
                Add(Kind.Env, "API_KEY=", "SECRET_KEY=changeme", "DB_PASSWORD=<your-db-password>", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
                Add(Kind.Yaml, "  password: ${DB_PASSWORD}", "  api_key: \"{{ api_key }}\"", "  token: ${{ secrets.DEPLOY_TOKEN }}");
                Add(Kind.Js, "const apiKey = process.env.API_KEY;", "const secret = process.env['CLIENT_SECRET'] ?? '';", "const password = config.get('db.password');");
                Add(Kind.Cs, "        var token = Environment.GetEnvironmentVariable(\"API_TOKEN\");", "        var secret = configuration[\"Auth:ClientSecret\"];");
                Add(Kind.Json, "  \"password\": \"********\",", "  \"apiKey\": \"<insert-api-key-here>\",", "  \"clientSecret\": \"${CLIENT_SECRET}\",");
                Add(Kind.Md, "Set `SLACK_WEBHOOK_URL` to something like `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.");
                Add(Kind.Md, "Paste a token such as `xoxb-your-bot-token` and a Stripe key like `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`.");
                Add(Kind.Js, "// Example from the docs: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
                Add(Kind.Cs, "    private const string DevelopmentStorage = \"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\";");
                Add(Kind.Json, "  \"ConnectionStrings\": { \"Default\": \"Host=localhost;Database=app;Username=app;Password={0}\" },");
                Add(Kind.Xml, "    <add key=\"Db\" value=\"Server=.;Database=App;Integrated Security=true;TrustServerCertificate=true\" />", "    <add key=\"ApiSecret\" value=\"$(API_SECRET)\" />");
                Add(Kind.Env, "DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev", "REDIS_URL=redis://localhost:6379/0");
                Add(Kind.Yaml, "  url: https://${REGISTRY_USER}:${REGISTRY_TOKEN}@registry.contoso.net/v2/");
                Add(Kind.Sh, "git clone git@github.com:contoso/app.git", "git clone https://github.com/contoso/app.git", "npm config set //registry.npmjs.org/:_authToken \"${NPM_TOKEN}\"");
                Add(Kind.Properties, "spring.datasource.password=${DB_PASSWORD}", "spring.security.oauth2.client.registration.github.client-secret=${GITHUB_CLIENT_SECRET}");
                Add(Kind.Ini, "password = %(db_password)s", "token = ${PYPI_TOKEN}");
                Add(Kind.Py, "stripe.api_key = os.environ[\"STRIPE_SECRET_KEY\"]", $"STRIPE_TEST_KEY = \"sk_test_{Alnum(24)}\"");

                // Code that names secrets without holding one.
                Add(Kind.Cs, "        if (line.StartsWith(\"-----BEGIN RSA PRIVATE KEY-----\", StringComparison.Ordinal))", "        {", "            return KeyKind.Rsa;", "        }");
                Add(Kind.Js, "const TOKEN_PREFIX = 'ghp_';", "const isGitHubToken = (value) => /^gh[pousr]_[A-Za-z0-9]{36}$/.test(value);");
                Add(Kind.Py, "token_type = \"Bearer\"", "TOKEN_URL = \"https://login.contoso.net/oauth2/v2.0/token\"", "password_field = \"password\"");
                Add(Kind.Yaml, "  secretName: app-secrets", "  tokenEndpoint: https://login.contoso.net/oauth2/token", "  primaryKey: id");
                Add(Kind.Json, "  \"token_endpoint\": \"https://oauth2.googleapis.com/token\",", "  \"passwordPolicy\": { \"minLength\": 12, \"requireDigit\": true },");
                Add(Kind.Cs, "        public string PasswordHash { get; set; } = string.Empty;", "        public const string TokenHeaderName = \"X-Api-Key\";");
                Add(Kind.Js, "const cacheKey = `session:${userId}:${Date.now()}`;", "const { publicKey, privateKey } = await generateKeyPair('ec', { namedCurve: 'P-256' });");

                // Hashes, ids and encoded data.
                Add(Kind.Yaml, $"      - uses: actions/cache@{Hex(40)}", $"        key: nuget-{Hex(64)}");
                Add(Kind.Json, $"  \"commit\": \"{Hex(40)}\",", $"  \"checksum\": \"sha256:{Hex(64)}\",", $"  \"integrity\": \"sha512-{Base64Blob(64)}\",");
                Add(Kind.Py, $"EXPECTED_SHA256 = \"{Hex(64)}\"", $"BASE_REVISION = \"{Hex(40)}\"", $"REQUEST_ID = \"{Uuid()}\"");
                Add(Kind.Cs, $"    private static readonly Guid ProviderId = Guid.Parse(\"{Uuid()}\");", $"    private const string Etag = \"{Hex(32)}\";");
                Add(Kind.Env, $"TENANT_ID={Uuid()}", $"CLIENT_ID={Uuid()}", $"BUILD_SHA={Hex(40)}");
                Add(Kind.Md, $"Verify the download: `sha256sum app.tar.gz` must print `{Hex(64)}`.");
                Add(Kind.Js, $"const icon = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{Base64Blob(_random.Next(300, 1500))}';");
                Add(Kind.Html, $"  <link rel=\"icon\" href=\"data:image/svg+xml;base64,{Base64Blob(_random.Next(200, 900))}\">");
                Add(Kind.Yaml, "  ssh_authorized_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + Secret(Base64Chars, 43) + " deploy@contoso");
                Add(Kind.Md, ["```", "-----BEGIN PUBLIC KEY-----", .. PemBody(6).Split('\n'), "-----END PUBLIC KEY-----", "```"]);
                Add(Kind.Py, $"# {Sentence(10, 20)}", $"# {Sentence(10, 20)}");
                Add(Kind.Json, $"  \"keywords\": [\"{Word()}\", \"{Word()}\", \"monkey\", \"keyboard\"],");
                Add(Kind.Sh, $"export BUILD_ID={Uuid()}", $"export IMAGE_DIGEST=sha256:{Hex(64)}");

                // Harder ones: minified code, public keys, hashes and references under secret-like names.
                Add(Kind.Js, "!function(){var a=window.config||{};a.token=a.token||null;a.apiKey=e.apiKey;a.password=void 0;a.secret=r(a.secretKey)}();");
                Add(Kind.Json, $"  \"vapid\": {{ \"publicKey\": \"B{Secret(Base64UrlChars, 86)}\" }},");
                Add(Kind.Py, $"password_hash = \"$2b$12${Secret(AlnumChars + "./", 53)}\"");
                Add(Kind.Yaml, $"  secret_ref: projects/{_random.Next(100000, 999999)}/secrets/db-password/versions/latest");
                Add(Kind.Env, "AUTH_TOKEN_TTL=3600", $"SENTRY_DSN=https://{Hex(32)}@o{_random.Next(10000, 99999)}.ingest.sentry.io/{_random.Next(100000, 999999)}");
                Add(Kind.Json, "  \"auth.token.expired\": \"Your session has expired, please sign in again.\",", "  \"password\": \"Passwort\",");
                Add(Kind.Sh, "docker login -u \"$DOCKER_USER\" -p \"$DOCKER_PASSWORD\" registry.contoso.net");
                Add(Kind.Yaml, "          token: ${{ github.token }}");
                Add(Kind.Js, "const key = crypto.randomBytes(32).toString('hex');");
                Add(Kind.Cs, "        var secret = RandomNumberGenerator.GetHexString(64);");
                Add(Kind.Md, "Rotate the `client_secret` every 90 days; tokens expire after one hour (see the runbook).");
                Add(Kind.Cs, "        var headers = new Dictionary<string, string> { { \"Authorization\", $\"Bearer {accessToken}\" } };");
            }

            return list;
        }
    }
}
