using System.Security.Cryptography;

namespace Fortify.Tests.Scanning;

/// <summary>What the scan tests plant in the emulator's repositories, shared by the App and the token stacks.</summary>
internal static class ScanScenarios
{
    /// <summary>A new name per test, so tests on one stack never see each other's commits, jobs or faults.</summary>
    public static string NewRepositoryName(string name) => $"fortify-tests/{name}-{Guid.NewGuid():N}";

    /// <summary>A fresh key in the AWS access key id format, never a documented example.</summary>
    public static string PlantedAwsKey() =>
        "AKIA" + new string([.. RandomNumberGenerator.GetItems<char>("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)]);
}
