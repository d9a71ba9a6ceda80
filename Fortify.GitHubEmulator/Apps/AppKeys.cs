using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Fortify.GitHubEmulator.Apps;

/// <summary>
/// The GitHub App's key. With a configured public key the emulator only verifies; without one it makes a key pair
/// and hands out the private half (<c>GET /_emulator/app</c>) so a development stack needs no set-up.
/// </summary>
internal sealed class AppKeys : IDisposable
{
    private readonly RSA _rsa = RSA.Create();

    public AppKeys(IOptions<EmulatorOptions> options)
    {
        AppId = options.Value.App.Id;
        if (string.IsNullOrWhiteSpace(options.Value.App.PublicKey))
        {
            _rsa.KeySize = 2048;
            PrivateKeyPem = _rsa.ExportRSAPrivateKeyPem();
        }
        else
        {
            _rsa.ImportFromPem(options.Value.App.PublicKey);
        }

        VerificationKey = new RsaSecurityKey(_rsa);
    }

    public string AppId { get; }

    /// <summary>Null when the key pair is not the emulator's own.</summary>
    public string? PrivateKeyPem { get; }

    public SecurityKey VerificationKey { get; }

    public void Dispose() => _rsa.Dispose();
}
