namespace Fortify.Core.Webhooks;

/// <summary>
/// The secrets GitHub signs with. A rotation adds the new secret as current and keeps the old one under
/// <see cref="PreviousWebhookSecrets"/> until GitHub uses only the new one. Read through IOptionsMonitor, so a
/// reloadable source (a mounted secrets folder) changes them without a restart.
/// </summary>
public sealed class WebhookSecretOptions
{
    public const string Section = "GitHub";

    public string? WebhookSecret { get; set; }

    public List<string> PreviousWebhookSecrets { get; set; } = [];

    /// <summary>A folder with one file per setting (<c>GitHub__WebhookSecret</c>), watched for changes.</summary>
    public string? SecretsDirectory { get; set; }

    public IEnumerable<string> All() =>
        new[] { WebhookSecret }.Concat(PreviousWebhookSecrets).Where(s => !string.IsNullOrEmpty(s))!;
}
