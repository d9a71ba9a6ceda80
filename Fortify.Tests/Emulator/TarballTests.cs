using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace Fortify.Tests.Emulator;

public sealed class TarballTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task The_tarball_redirects_to_a_download_with_every_file_under_one_top_folder()
    {
        await _client.CreateRepositoryAsync("acme/tar", new() { ["README.md"] = "# tar\n", ["src/main.py"] = "print('hi')\n" });
        var commit = await _client.CommitAsync("acme/tar", "feature", new() { ["src/extra.py"] = "x = 1\n" });
        var sha = commit.GetProperty("sha").GetString()!;

        using var redirect = await _client.GetAsync("/api/v3/repos/acme/tar/tarball/feature");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        using var download = await _client.GetAsync(redirect.Headers.Location);
        Assert.Equal("application/x-gzip", download.Content.Headers.ContentType?.MediaType);

        var entries = await ReadAsync(await download.Content.ReadAsByteArrayAsync());
        var top = $"acme-tar-{sha[..7]}/";
        Assert.All(entries.Keys, name => Assert.StartsWith(top, name, StringComparison.Ordinal));
        Assert.Equal("print('hi')\n", entries[$"{top}src/main.py"]);
        Assert.Equal("x = 1\n", entries[$"{top}src/extra.py"]);
        Assert.Equal("# tar\n", entries[$"{top}README.md"]);
    }

    [Fact]
    public async Task An_override_is_served_instead_of_git_archive()
    {
        var created = await _client.CreateRepositoryAsync("acme/tar-override");
        var sha = created.GetProperty("head_sha").GetString()!;
        var hostile = await ArchiveAsync("../../escape.txt", "outside the folder");
        using (var put = new ByteArrayContent(hostile))
        {
            put.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/gzip");
            using var response = await _client.PutAsync($"/_emulator/repositories/acme/tar-override/tarballs/{sha}", put);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var redirect = await _client.GetAsync($"/api/v3/repos/acme/tar-override/tarball/{sha}");
        using var download = await _client.GetAsync(redirect.Headers.Location);
        Assert.Equal(hostile, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_download_link_without_its_token_is_refused()
    {
        await _client.CreateRepositoryAsync("acme/tar-token");
        using var redirect = await _client.GetAsync("/api/v3/repos/acme/tar-token/tarball/main");
        var location = redirect.Headers.Location!;
        using var tampered = await _client.GetAsync(location.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
    }

    private static async Task<Dictionary<string, string>> ReadAsync(byte[] archive)
    {
        var entries = new Dictionary<string, string>();
        await using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            // git archive adds a pax header with the commit id; only files and folders are the tree.
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                using var reader = new StreamReader(entry.DataStream!, Encoding.UTF8);
                entries[entry.Name] = await reader.ReadToEndAsync();
            }
            else if (entry.EntryType == TarEntryType.Directory)
            {
                entries[entry.Name] = "";
            }
        }

        return entries;
    }

    private static async Task<byte[]> ArchiveAsync(string name, string content)
    {
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            await tar.WriteEntryAsync(entry);
        }

        return output.ToArray();
    }
}
