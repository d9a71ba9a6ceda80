extern alias ScanAgent;

using System.Text;
using System.Text.Json;
using ScanAgent::Fortify.ScanAgent.Webhooks;

namespace Fortify.Tests.Webhooks;

/// <summary>
/// The agent reads the action, repository and installation of every delivery in one forward pass: it must find what a
/// full parse of the document finds, for every real payload, and refuse what is not one JSON value.
/// </summary>
public sealed class PayloadFieldsTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in FixturePayload.All())
        {
            data.Add(fixture.Event, fixture.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reads_what_a_full_parse_of_the_payload_finds(string gitHubEvent, string name)
    {
        var json = FixturePayload.Get(gitHubEvent, name).Json;
        var root = JsonDocument.Parse(json).RootElement;

        var fields = PayloadFields.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Optional(root, "action")?.GetString(), fields.Action);
        Assert.Equal(Optional(root, "repository")?.GetProperty("full_name").GetString(), fields.Repository);
        Assert.Equal(Optional(root, "installation")?.GetProperty("id").GetInt64(), fields.InstallationId);
    }

    [Fact]
    public void Reads_the_fields_wherever_they_stand_and_ignores_them_nested_elsewhere()
    {
        var fields = PayloadFields.Read("""
            {"pull_request": {"action": "nested", "repository": {"full_name": "wrong/one"}},
             "installation": {"account": {"id": 7}, "id": 42},
             "repository": {"id": 1, "owner": {"full_name": "no"}, "full_name": "octo/repo"},
             "action": "opened"}
            """u8);

        Assert.Equal(new PayloadFields("opened", "octo/repo", 42), fields);
    }

    [Fact]
    public void Leaves_out_fields_of_another_type()
    {
        var fields = PayloadFields.Read("""{"action": 5, "repository": "octo/repo", "installation": {"id": "42"}}"""u8);

        Assert.Equal(new PayloadFields(null, null, null), fields);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{ not json")]
    [InlineData("""{"action": "opened" """)]
    [InlineData("""{"action": "opened"} trailing""")]
    [InlineData("""{"action": "opened"}{"action": "closed"}""")]
    [InlineData("""{"repository": {"full_name": "a/b",}}""")]
    public void Refuses_what_is_not_one_well_formed_JSON_value(string payload)
    {
        Assert.ThrowsAny<JsonException>(() => PayloadFields.Read(Encoding.UTF8.GetBytes(payload)));
    }

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
