using System.Globalization;

namespace Revalidation.Web.Shared;

/// <summary>
/// The day, month and year boxes of the NHS date input, read as a date: numbers, or a month's name ("Mar", "march");
/// a four-digit year. The error wording is the NHS design system's ("… must include a month", "… must be a real date").
/// </summary>
public static class DateParts
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] WholeFormats = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "d M yyyy", "d MMM yyyy", "d MMMM yyyy", "yyyy-MM-dd"];

    public static (string? Day, string? Month, string? Year) Of(DateOnly? date) => date is { } d
        ? (d.Day.ToString(CultureInfo.InvariantCulture), d.Month.ToString(CultureInfo.InvariantCulture), d.Year.ToString(CultureInfo.InvariantCulture))
        : (null, null, null);

    /// <summary>A whole date typed or pasted into one box: "15/3/2027", "15 March 2027", "2027-03-15".</summary>
    public static bool TryWhole(string? text, out DateOnly date)
    {
        date = default;
        var trimmed = text?.Trim();
        return trimmed is { Length: >= 8 }
            && DateOnly.TryParseExact(trimmed, WholeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date);
    }

    /// <summary>The date the boxes hold, or null when they are empty or not a real date.</summary>
    public static DateOnly? Parse(string? day, string? month, string? year) =>
        Number(day) is { } d && MonthNumber(month) is { } m && Year(year) is { } y && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            ? new DateOnly(y, m, d)
            : null;

    /// <summary>Why the boxes are not a date, or null when they hold one or are all empty.</summary>
    public static string? Problem(string label, string? day, string? month, string? year)
    {
        bool Empty(string? s) => string.IsNullOrWhiteSpace(s);
        if (Empty(day) && Empty(month) && Empty(year))
        {
            return null;
        }

        var missing = new[] { ("day", day), ("month", month), ("year", year) }.Where(p => Empty(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            return $"{label} must include a {string.Join(" and a ", missing)}";
        }

        if (Year(year) is null && Number(year) is not null)
        {
            return $"{label} must include the year in full, for example 2027";
        }

        return Parse(day, month, year) is null ? $"{label} must be a real date" : null;
    }

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? Year(string? text) => text?.Trim() is { Length: 4 } && Number(text) is { } y && y >= 1900 ? y : null;

    private static int? MonthNumber(string? text)
    {
        if (Number(text) is { } n)
        {
            return n;
        }

        var name = text?.Trim().ToLowerInvariant();
        if (name is not { Length: >= 3 })
        {
            return null;
        }

        var index = Array.FindIndex(Months, m => m.StartsWith(name, StringComparison.Ordinal));
        return index < 0 ? null : index + 1;
    }
}
