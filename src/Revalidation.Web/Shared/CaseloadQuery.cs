using System.Globalization;

namespace Revalidation.Web.Shared;

/// <summary>
/// The caseload's filters, search, sort and page, as the API's query string (the API filters, sorts and pages on the
/// server, so a 5,000-doctor body sends one page of rows). Changing a filter goes back to page 1.
/// </summary>
public sealed record CaseloadQuery(
    string? Search = null,
    string? Tag = null,
    string? Readiness = null,
    string? Department = null,
    string Status = "active",
    string Sort = "rsd",
    int Page = 1,
    int PageSize = 25)
{
    public static readonly IReadOnlyList<string> SortKeys = ["rsd", "name", "gaps"];

    public static readonly IReadOnlyList<string> FilterTags =
        ["under-notice", "ready", "gaps", "overdue", "deferred", "submitted", "draft", "leaver", "investigation", "on-hold", "local-process"];

    public string ToQueryString()
    {
        var parts = new List<string>();
        Add(parts, "q", Search?.Trim());
        Add(parts, "tag", Tag);
        Add(parts, "readiness", Readiness);
        Add(parts, "department", Department?.Trim());
        Add(parts, "status", Status == "active" ? null : Status);
        Add(parts, "sort", Sort == "rsd" ? null : Sort);
        Add(parts, "page", Page.ToString(CultureInfo.InvariantCulture));
        Add(parts, "pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }

    public CaseloadQuery WithFilter(Func<CaseloadQuery, CaseloadQuery> change) => change(this) with { Page = 1 };

    public CaseloadQuery SortBy(string key) => SortKeys.Contains(key) ? this with { Sort = key, Page = 1 } : this;

    public static int PageCount(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    public CaseloadQuery GoTo(int page, int total) => this with { Page = Math.Clamp(page, 1, PageCount(total, PageSize)) };

    /// <summary>The aria-sort value of a column header.</summary>
    public string AriaSort(string key) => Sort == key ? (key == "gaps" ? "descending" : "ascending") : "none";

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
