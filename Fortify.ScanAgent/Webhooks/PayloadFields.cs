using System.Text.Json;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// The fields of a payload that every delivery's record keeps, whatever its event: read in one forward pass that also
/// checks the whole payload is well-formed JSON. Cheaper than a <see cref="JsonDocument"/> of a payload that the
/// decision then deserializes again.
/// </summary>
internal readonly record struct PayloadFields(string? Action, string? Repository, long? InstallationId)
{
    /// <exception cref="JsonException">The payload is not one well-formed JSON value.</exception>
    public static PayloadFields Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var fields = new PayloadFields();
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("action"u8))
                {
                    fields = fields with { Action = StringValue(ref reader) };
                }
                else if (reader.ValueTextEquals("repository"u8))
                {
                    fields = fields with { Repository = ValueIn(ref reader, "full_name"u8, StringValue) };
                }
                else if (reader.ValueTextEquals("installation"u8))
                {
                    fields = fields with { InstallationId = ValueIn(ref reader, "id"u8, Int64Value) };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        // Anything after the one value makes the reader throw, as it does for a value cut short.
        while (reader.Read())
        {
        }

        return fields;
    }

    private delegate T ValueReader<out T>(ref Utf8JsonReader reader);

    /// <summary>
    /// The named property of the object that follows, read with <paramref name="read"/>; the reader is left at the
    /// object's end (or past a value that is not an object).
    /// </summary>
    private static T? ValueIn<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ValueReader<T> read)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        T? value = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    private static string? StringValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return value;
    }

    private static long? Int64Value(ref Utf8JsonReader reader)
    {
        reader.Read();
        var value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? number : (long?)null;
        reader.Skip();
        return value;
    }
}
