using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Revalidation.Core.Common;

namespace Revalidation.Api.Audit;

/// <summary>
/// An audit entry's "what" in plain UK English at read time (issue 15, item 7), for events stored before their wording
/// was plain: ISO dates ("RSD 2027-01-14") become UK dates ("revalidation date 14 January 2027"), and the names of the
/// domain's enum values ("NonEngagement", "UnderReview") become words. A person's name is never rewritten: only enum
/// member names of the domain with two or more words are.
/// </summary>
public static partial class AuditWording
{
    private static readonly FrozenDictionary<string, string> EnumWords = typeof(RuleIds).Assembly.GetTypes()
        .Where(t => t.IsEnum)
        .SelectMany(t => Enum.GetNames(t))
        .Where(n => CamelWords().Count(n) >= 2)
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(n => n, Words, StringComparer.Ordinal);

    public static string Plain(string summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = RuleCode().Replace(summary, string.Empty);
        text = RsdDate().Replace(text, m => "revalidation date " + UkDate(m.Groups["date"].Value));
        text = IsoDate().Replace(text, m => UkDate(m.Value));
        text = Word().Replace(text, m => EnumWords.TryGetValue(m.Value, out var words) ? words : m.Value);
        return text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    private static string Words(string name) => name == "NonEngagement"
        ? "non-engagement"
        : string.Join(' ', CamelWords().Matches(name).Select(m => m.Value == "Gmc" ? "GMC" : m.Value.ToLowerInvariant()));

    private static string UkDate(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : iso;

    /// <summary>" (R13)": the design's rule numbers, for engineers, never for the people who read the record.</summary>
    [GeneratedRegex(@"\s*\(R\d{1,2}\)", RegexOptions.CultureInvariant)]
    private static partial Regex RuleCode();

    [GeneratedRegex(@"\bRSD (?<date>\d{4}-\d{2}-\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex RsdDate();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"[A-Z][a-z]*", RegexOptions.CultureInvariant)]
    private static partial Regex CamelWords();
}
