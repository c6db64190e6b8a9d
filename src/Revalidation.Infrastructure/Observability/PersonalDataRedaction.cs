using System.Text.RegularExpressions;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// The last line of defence before telemetry leaves the process: ids (doctor ids are GUIDs, and alert keys and
/// paths carry them) and email addresses are replaced wherever they appear in an exported string. The code itself
/// logs no names, emails or GMC numbers (README "Security"); this catches what a path, a key or an exception message
/// would otherwise carry. Designated-body codes and counts are not personal and pass through.
/// </summary>
public static partial class PersonalDataRedaction
{
    /// <summary>What a redacted id becomes.</summary>
    public const string IdMark = "{id}";

    /// <summary>What a redacted email address becomes.</summary>
    public const string EmailMark = "{email}";

    /// <summary>The text with every GUID (any of its usual spellings) and email address replaced; null stays null.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = Guids().Replace(text, IdMark);
        return result.Contains('@', StringComparison.Ordinal) ? Emails().Replace(result, EmailMark) : result;
    }

    /// <summary>A tag or attribute value, redacted when it is text (numbers, booleans and dates pass unchanged).</summary>
    public static object? RedactValue(object? value) => value switch
    {
        string s => Redact(s),
        Guid => IdMark,
        null => null,
        _ when value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan => value,
        _ => Redact(value.ToString()),
    };

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex Guids();

    [GeneratedRegex(@"[^\s<>""'(),;:@]+@[^\s<>""'(),;:@]+", RegexOptions.CultureInvariant)]
    private static partial Regex Emails();
}
