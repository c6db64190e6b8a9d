using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Doctors;

/// <summary>R12: a GMC reference number is exactly seven digits (uniqueness is the store's job).</summary>
[JsonConverter(typeof(GmcNumberJsonConverter))]
public readonly record struct GmcNumber
{
    public const int Length = 7;

    private GmcNumber(string value) => Value = value;

    public string Value { get; }

    public static Result<GmcNumber> Create(string? text, string field = "gmcNumber")
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Result<GmcNumber>.Fail(RuleIds.GmcNumberFormat, field, "A GMC reference number is required.");
        }

        if (trimmed.Length != Length || !trimmed.All(char.IsAsciiDigit))
        {
            return Result<GmcNumber>.Fail(RuleIds.GmcNumberFormat, field, "A GMC reference number is exactly 7 digits.");
        }

        return Result<GmcNumber>.Ok(new GmcNumber(trimmed));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out GmcNumber number)
    {
        var result = Create(text);
        number = result.Value;
        return result.IsSuccess;
    }

    public static GmcNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException("A GMC reference number is exactly 7 digits.");

    public override string ToString() => Value ?? string.Empty;
}

internal sealed class GmcNumberJsonConverter : JsonConverter<GmcNumber>
{
    public override GmcNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        GmcNumber.Parse(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, GmcNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
