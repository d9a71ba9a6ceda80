namespace Fortify.Core.GitHub;

/// <summary>A GitHub App's identity: its id and the private key that signs its JWTs.</summary>
public sealed class GitHubAppOptions
{
    public long? Id { get; set; }

    /// <summary>The PEM text of the App's private key (GitHub hands out PKCS#1; PKCS#8 works too).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the PEM, for keys mounted as secrets; <see cref="PrivateKey"/> wins when both are set.</summary>
    public string? PrivateKeyPath { get; set; }

    public bool IsConfigured => Id is not null || !string.IsNullOrWhiteSpace(PrivateKey) || !string.IsNullOrWhiteSpace(PrivateKeyPath);

    public string ReadPrivateKey() =>
        !string.IsNullOrWhiteSpace(PrivateKey) ? PrivateKey
        : !string.IsNullOrWhiteSpace(PrivateKeyPath) ? File.ReadAllText(PrivateKeyPath)
        : throw new InvalidOperationException("GitHub:App has neither a PrivateKey nor a PrivateKeyPath.");
}
