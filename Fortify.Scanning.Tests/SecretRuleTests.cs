using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.Tests;

/// <summary>Each rule on its own: lines it must report and look-alikes it must leave alone.</summary>
public sealed class SecretRuleTests
{
    private static readonly SecretsScanner Scanner = new();

    [Theory]
    // GitHub
    [InlineData("FS001", "app.env", "GITHUB_TOKEN=ghp_{alnum:36}")]
    [InlineData("FS001", "ci.yml", "      token: gho_{alnum:36}")]
    [InlineData("FS001", "a.py", "client = Github(\"ghu_{alnum:36}\")")]
    [InlineData("FS001", "a.js", "const t = 'ghs_{alnum:36}';")]
    [InlineData("FS001", "a.sh", "curl -H \"Authorization: token ghr_{alnum:36}\" https://api.github.com")]
    [InlineData("FS001", "a.cs", "var pat = \"github_pat_{alnum:22}_{alnum:59}\";")]
    // AWS
    [InlineData("FS002", "a.env", "AWS_ACCESS_KEY_ID=AKIA{upper:16}")]
    [InlineData("FS002", "a.json", "{ \"AccessKeyId\": \"ASIA{upper:16}\" }")]
    [InlineData("FS003", "a.env", "AWS_SECRET_ACCESS_KEY={b64:40}")]
    [InlineData("FS003", "a.py", "    aws_secret_access_key=\"{b64:40}\",")]
    [InlineData("FS003", "a.json", "  \"SecretAccessKey\": \"{b64:40}\",")]
    [InlineData("FS003", "a.js", "  secretAccessKey: '{b64:40}',")]
    // Azure
    [InlineData("FS004", "a.cs", "var c = \"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={b64:86}==;EndpointSuffix=core.windows.net\";")]
    [InlineData("FS004", "a.env", "BUS=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={b64:43}=")]
    // Google
    [InlineData("FS005", "sa.json", "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{pem}\\n-----END PRIVATE KEY-----\\n\",")]
    [InlineData("FS006", "a.js", "const key = \"AIza{b64url:35}\";")]
    [InlineData("FS006", "a.html", "<script src=\"https://maps.googleapis.com/maps/api/js?key=AIza{b64url:35}&callback=init\"></script>")]
    // Slack
    [InlineData("FS007", "a.env", "SLACK_BOT_TOKEN=xoxb-{digits:11}-{digits:12}-{alnum:24}")]
    [InlineData("FS007", "a.py", "WebClient(token=\"xoxp-{digits:11}-{digits:11}-{digits:12}-{hex:32}\")")]
    [InlineData("FS007", "a.yml", "slack: xoxa-2-{digits:11}-{alnum:32}")]
    [InlineData("FS007", "a.yml", "slack: xoxr-{digits:11}-{alnum:40}")]
    [InlineData("FS008", "a.env", "SLACK_WEBHOOK=https://hooks.slack.com/services/T{upper:8}/B{upper:10}/{alnum:24}")]
    // Stripe, npm, PyPI
    [InlineData("FS009", "a.py", "stripe.api_key = \"sk_live_{alnum:24}\"")]
    [InlineData("FS009", "a.env", "STRIPE_RESTRICTED=rk_live_{alnum:99}")]
    [InlineData("FS010", ".npmrc", "//registry.npmjs.org/:_authToken=npm_{alnum:36}")]
    [InlineData("FS011", ".pypirc", "password = pypi-AgEIcHlwaS5vcmc{b64url:120}")]
    // Private keys
    [InlineData("FS012", "a.env", "KEY=\"-----BEGIN EC PRIVATE KEY-----\\n{pem}\\n-----END EC PRIVATE KEY-----\"")]
    // JWT
    [InlineData("FS013", "a.js", "const jwt = \"{jwt}\";")]
    [InlineData("FS013", "a.py", "HEADERS = {\"Authorization\": \"Bearer {jwt}\"}")]
    // URLs and connection strings
    [InlineData("FS014", "a.env", "DATABASE_URL=postgres://app:{alnum:18}@db.internal:5432/app")]
    [InlineData("FS014", "a.py", "REDIS_URL = \"redis://:{alnum:20}@cache:6379/0\"")]
    [InlineData("FS014", "a.yml", "uri: mongodb+srv://svc:{alnum:16}@cluster0.mongodb.net/db")]
    [InlineData("FS015", "a.json", "\"Default\": \"Host=db;Port=5432;Database=app;Username=app;Password={pw:16}\"")]
    [InlineData("FS015", "a.config", "<add name=\"Db\" connectionString=\"Data Source=.;Initial Catalog=App;User Id=sa;Pwd={alnum:14};\" />")]
    // Bearer and generic
    [InlineData("FS017", "a.sh", "curl -H \"Authorization: Bearer {alnum:40}\" https://api.contoso.net")]
    [InlineData("FS016", "a.js", "const apiKey = \"{alnum:32}\";")]
    [InlineData("FS016", "a.py", "SECRET_KEY = '{pw:50}'")]
    [InlineData("FS016", "a.cs", "private const string ClientSecret = \"{alnum:40}\";")]
    [InlineData("FS016", "a.yml", "  client_secret: {alnum:40}")]
    [InlineData("FS016", "a.json", "  \"apiKey\": \"{hex:32}\",")]
    [InlineData("FS016", "a.env", "DB_PASSWORD={pw:14}")]
    [InlineData("FS016", "a.properties", "spring.datasource.password={pw:14}")]
    [InlineData("FS016", "App.config", "<add key=\"PaymentGatewaySecret\" value=\"{alnum:40}\" />")]
    [InlineData("FS016", "a.cs", "configuration[\"Jwt:SigningKey\"] = \"{b64:44}\";")]
    [InlineData("FS016", "a.go", "signingKey := \"{alnum:32}\"")]
    [InlineData("FS016", "a.env", "SENDGRID_API_KEY=SG.{b64url:22}.{b64url:43}")]
    public void Reports_the_secret(string ruleId, string path, string template)
    {
        var line = Fake.Expand(template);
        var findings = Scanner.ScanText(path, "// header\n" + line + "\n// footer\n");

        var finding = Assert.Single(findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(2, finding.Line);
        Assert.Equal(path, finding.Path);
        Assert.Equal(SecretsScanner.DefaultName, finding.Scanner);
        Assert.NotNull(finding.SecretHash);
        Assert.Equal(64, finding.SecretHash!.Length);
        Assert.True(finding.Column >= 1 && finding.EndColumn > finding.Column);
    }

    [Theory]
    // Documentation examples and placeholders.
    [InlineData("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("api_key = \"your_api_key\"")]
    [InlineData("password: changeme")]
    [InlineData("password: \"********\"")]
    [InlineData("token: ${GITHUB_TOKEN}")]
    [InlineData("token: ${{ secrets.GITHUB_TOKEN }}")]
    [InlineData("secret = \"<your-secret>\"")]
    [InlineData("SECRET_KEY={{ secret_key }}")]
    [InlineData("webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("token = \"xoxb-your-bot-token-here\"")]
    [InlineData("stripe = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'")]
    [InlineData("const t = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\";")]
    [InlineData("UseDevelopmentStorage: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;")]
    // References to secrets kept elsewhere.
    [InlineData("const apiKey = process.env.API_KEY;")]
    [InlineData("password = os.environ[\"DB_PASSWORD\"]")]
    [InlineData("var token = Environment.GetEnvironmentVariable(\"API_TOKEN\");")]
    [InlineData("spring.datasource.password=${DB_PASSWORD}")]
    [InlineData("\"Default\": \"Host=localhost;Database=app;Username=app;Password={0}\"")]
    [InlineData("Server=.;Database=App;Integrated Security=true;")]
    [InlineData("DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev")]
    [InlineData("url: https://${USER}:${TOKEN}@registry.contoso.net/")]
    [InlineData("headers: { Authorization: `Bearer ${token}` }")]
    // Code that talks about secrets.
    [InlineData("if (line.StartsWith(\"-----BEGIN RSA PRIVATE KEY-----\")) return true;")]
    [InlineData("const TOKEN_PREFIX = 'ghp_';")]
    [InlineData("token_type = \"Bearer\"")]
    [InlineData("TOKEN_URL = \"https://login.contoso.net/oauth2/v2.0/token\"")]
    [InlineData("secretName: app-secrets")]
    [InlineData("var cacheKey = $\"orders:{id}\";")]
    [InlineData("primaryKey: 'id'")]
    [InlineData("public string PasswordHash { get; set; }")]
    [InlineData("var token = cancellationToken.CanBeCanceled ? cancellationToken : default;")]
    [InlineData("throw new KeyNotFoundException($\"Order {id} was not found.\");")]
    [InlineData("key: nuget-3f2a9c7d1b4e8f6a0c5d2e9b7a1f4c8d3e6b9a2c5f8d1e4b7a0c3f6d9e2b5a8c")]
    [InlineData("password_field = \"password\"")]
    [InlineData("<input id=\"password\" name=\"password\" type=\"password\">")]
    // Hashes, ids, data.
    [InlineData("  - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab")]
    [InlineData("image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")]
    [InlineData("\"integrity\": \"sha512-Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmE=\"")]
    [InlineData("\"id\": \"3b241101-e2bb-4255-8caf-4136c566a962\"")]
    [InlineData("TENANT_ID=3b241101-e2bb-4255-8caf-4136c566a962")]
    [InlineData("# Lorem ipsum dolor sit amet, consectetur adipiscing elit, token expires after one hour.")]
    [InlineData("STRIPE_TEST = \"sk_test_{alnum:24}\"")]
    [InlineData("Asia/Tokyo is the time zone of the AKIA team")]
    public void Ignores_look_alikes(string line)
    {
        var findings = Scanner.ScanText("file.txt", Fake.Expand(line) + "\n");

        Assert.Empty(findings);
    }

    [Fact]
    public void Reports_a_multi_line_private_key_once_with_the_whole_block_hashed()
    {
        var block = Fake.PemBlock("OPENSSH ");
        var text = "const key = `" + block + "`;\nconsole.log(key);\n";

        var finding = Assert.Single(Scanner.ScanText("k.js", text));

        Assert.Equal("FS012", finding.RuleId);
        Assert.Equal(1, finding.Line);
        Assert.Equal(Fingerprints.Sha256Hex(block), finding.SecretHash);
    }

    [Fact]
    public void A_header_without_key_material_is_not_a_private_key()
    {
        var text = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n";

        Assert.Empty(Scanner.ScanText("doc.md", text));
    }

    [Fact]
    public void The_specific_rule_wins_over_the_generic_one_on_the_same_value()
    {
        var line = Fake.Expand("api_token = \"ghp_{alnum:36}\"");

        var finding = Assert.Single(Scanner.ScanText("a.py", line));

        Assert.Equal("FS001", finding.RuleId);
    }

    [Fact]
    public void Reports_two_secrets_on_one_line_with_their_columns()
    {
        var id = Fake.Expand("AKIA{upper:16}", 1);
        var secret = Fake.Expand("{b64:40}", 2);
        var line = $"aws_access_key_id={id} aws_secret_access_key={secret}";

        var findings = Scanner.ScanText("creds.ini", line);

        Assert.Equal(["FS002", "FS003"], findings.Select(f => f.RuleId));
        Assert.Equal(line.IndexOf(id, StringComparison.Ordinal) + 1, findings[0].Column);
        Assert.Equal(line.IndexOf(id, StringComparison.Ordinal) + id.Length + 1, findings[0].EndColumn);
        Assert.Equal(line.IndexOf(secret, StringComparison.Ordinal) + 1, findings[1].Column);
        Assert.All(findings, f => Assert.DoesNotContain(id, f.Preview!, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain(secret, f.Preview!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eyJaaaaaaaaaa.eyJaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")]
    [InlineData("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl")]
    public void Malformed_or_unsigned_jwts_are_not_reported(string token)
    {
        Assert.Empty(Scanner.ScanText("a.txt", "t = \"" + token + "\""));
    }

    [Fact(Timeout = 60_000)]
    public async Task Pathological_lines_are_scanned_in_linear_time()
    {
        string[] inputs =
        [
            string.Concat(Enumerable.Repeat("key=", 250_000)),
            string.Concat(Enumerable.Repeat("token: \"", 120_000)),
            string.Concat(Enumerable.Repeat("-----BEGIN RSA PRIVATE KEY-----\n", 30_000)),
            string.Concat(Enumerable.Repeat("a://b:c@d ", 100_000)),
            string.Concat(Enumerable.Repeat("xoxb-1-1-1-1-", 80_000)),
        ];

        await Task.Run(() =>
        {
            foreach (var input in inputs)
            {
                Assert.Empty(Scanner.ScanText("evil.txt", input));
            }
        });
    }

    [Fact]
    public void Every_rule_is_described()
    {
        var ids = Scanner.Rules.Select(r => r.Id).ToList();

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(17, ids.Count);
        Assert.All(Scanner.Rules, r => Assert.Equal(FindingCategories.Secret, r.Category));
    }
}
