using System.Text.Json;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.DesignatedBodies;

/// <summary>
/// The GMC's code for a designated body (for example "1-AIIDWA"). It is the partition of every query:
/// all data belongs to exactly one designated body.
/// </summary>
[JsonConverter(typeof(DesignatedBodyCodeJsonConverter))]
public readonly record struct DesignatedBodyCode
{
    public const int MaxLength = 20;

    private DesignatedBodyCode(string value) => Value = value;

    public string Value { get; }

    public static Result<DesignatedBodyCode> Create(string? text, string field = "designatedBodyCode")
    {
        var trimmed = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Result<DesignatedBodyCode>.Fail(RuleIds.Validation, field, "A designated body code is required.");
        }

        if (trimmed.Length > MaxLength || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return Result<DesignatedBodyCode>.Fail(RuleIds.Validation, field,
                $"A designated body code has at most {MaxLength} letters, digits or hyphens.");
        }

        return Result<DesignatedBodyCode>.Ok(new DesignatedBodyCode(trimmed));
    }

    public static DesignatedBodyCode Parse(string text)
    {
        var r = Create(text);
        return r.IsSuccess ? r.Value : throw new FormatException(r.ToString());
    }

    public override string ToString() => Value ?? string.Empty;
}

internal sealed class DesignatedBodyCodeJsonConverter : JsonConverter<DesignatedBodyCode>
{
    public override DesignatedBodyCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DesignatedBodyCode.Parse(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, DesignatedBodyCode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
