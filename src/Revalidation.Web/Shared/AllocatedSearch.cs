using System.Globalization;

namespace Revalidation.Web.Shared;

/// <summary>
/// Issue 15, item 2: the appraiser's search of their allocated doctors (name or GMC number, contained, any case) and the
/// addresses that carry it, so Back from a doctor's appraisal returns to the same search and page.
/// </summary>
public static class AllocatedSearch
{
    public const int PageSize = 25;

    public static bool IsSearch(string? q) => !string.IsNullOrWhiteSpace(q);

    /// <summary>The rows whose name ("Given Family" or "Family, Given") or GMC number contains <paramref name="q"/>, any case.</summary>
    public static IReadOnlyList<CaseloadRow> Filter(IReadOnlyList<CaseloadRow> rows, string? q)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!IsSearch(q))
        {
            return rows;
        }

        var term = q!.Trim();
        return rows.Where(r => Contains($"{r.GivenName} {r.FamilyName}", term) || Contains($"{r.FamilyName}, {r.GivenName}", term)
            || Contains(r.GmcNumber, term)).ToList();
    }

    /// <summary>The list's address: "appraiser", "appraiser?q=hughes&amp;page=2".</summary>
    public static string ListHref(string? q, int page) => "appraiser" + Query(q, page, null);

    /// <summary>A doctor's appraisal page, carrying the list's search and page for its Back link.</summary>
    public static string DoctorHref(Guid doctorId, string? q, int page, int? year = null) => $"appraiser/{doctorId}" + Query(q, page, year);

    private static string Query(string? q, int page, int? year)
    {
        var parts = new List<string>();
        if (year is { } y)
        {
            parts.Add("year=" + y.ToString(CultureInfo.InvariantCulture));
        }

        if (IsSearch(q))
        {
            parts.Add("q=" + Uri.EscapeDataString(q!.Trim()));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }

    private static bool Contains(string text, string term) => text.Contains(term, StringComparison.OrdinalIgnoreCase);
}
