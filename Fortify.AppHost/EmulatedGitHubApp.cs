using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Fortify.AppHost;

/// <summary>The GitHub App the emulator plays: one RSA key pair per AppHost run, shared by every service.</summary>
internal sealed record EmulatedGitHubApp(string Id, string PrivateKeyPem, string PublicKeyPem)
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, EmulatedGitHubApp> Apps = [];

    public static EmulatedGitHubApp For(IDistributedApplicationBuilder builder) => Apps.GetValue(builder, _ =>
    {
        using var rsa = RSA.Create(2048);
        return new EmulatedGitHubApp("1", rsa.ExportRSAPrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    });
}
