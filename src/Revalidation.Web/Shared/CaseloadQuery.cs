using System.Globalization;

namespace Revalidation.Web.Shared;

/// <summary>
/// The caseload's filters, search, sort and page, as the API's query string (the API filters, sorts and pages on the
/// server, so a 5,000-doctor body sends one page of rows) and as the page's own address (so Back from a doctor, or a
/// shared link, shows the same view). Changing a filter goes back to page 1. <see cref="Dir"/> null sorts the column
/// its usual way (RSD soonest first, names A to Z, most gaps first); selecting the sorted column again reverses it.
/// </summary>
public sealed record CaseloadQuery(
    string? Search = null,
    string? Tag = null,
    string? Readiness = null,
    string? Department = null,
    string Status = "active",
    string Sort = "rsd",
    int Page = 1,
    int PageSize = 25,
    string? Dir = null,
    string? DepartmentIs = null,
    string? Appraisal = null,
    string? AppraisalYear = null)
{
    public static readonly IReadOnlyList<string> SortKeys = ["rsd", "name", "gaps"];

    public static readonly IReadOnlyList<string> Statuses = ["active", "leaver", "all"];

    /// <summary>The AOA classifications a compliance count opens, as the API names them, with their plain words.</summary>
    public static readonly IReadOnlyDictionary<string, string> Appraisals = new Dictionary<string, string>
    {
        ["completed"] = "was completed",
        ["approved-missed"] = "was missed with the responsible officer’s approval",
        ["unapproved-missed"] = "was missed without approval",
        ["due"] = "is still due",
        ["overdue"] = "is overdue",
    };

    public static readonly IReadOnlyList<string> Readinesses = ["ready", "gaps"];

    public static readonly IReadOnlyList<string> FilterTags =
        ["under-notice", "ready", "gaps", "overdue", "deferred", "submitted", "draft", "leaver", "investigation", "on-hold", "local-process"];

    /// <summary>Whether the rows run high to low.</summary>
    public bool Descending => Dir is null ? Sort == "gaps" : Dir == "desc";

    /// <summary>Whether anything narrows the default view (connected doctors, everything else open).</summary>
    public bool IsFiltered =>
        !string.IsNullOrWhiteSpace(Search) || !string.IsNullOrEmpty(Tag) || !string.IsNullOrEmpty(Readiness)
        || !string.IsNullOrWhiteSpace(Department) || Status != "active" || HasScope;

    /// <summary>Whether a compliance count narrowed the view (one department exactly, a readiness, an appraisal classification), which the form does not show.</summary>
    public bool HasScope => !string.IsNullOrWhiteSpace(DepartmentIs) || !string.IsNullOrEmpty(Readiness) || !string.IsNullOrEmpty(Appraisal);

    /// <summary>What a compliance count narrowed the view to, in plain English: "Only doctors in Cardiology whose appraisal this year was completed."</summary>
    public string? Scope()
    {
        if (!HasScope)
        {
            return null;
        }

        var text = "Only doctors";
        if (!string.IsNullOrWhiteSpace(DepartmentIs))
        {
            text += DepartmentIs == NoDepartment ? " with no department recorded" : $" in {DepartmentIs}";
        }

        var clauses = new List<string>();
        if (Readiness is "ready")
        {
            clauses.Add("who are ready for a recommendation");
        }
        else if (Readiness is "gaps")
        {
            clauses.Add("who have gaps in their evidence");
        }

        if (Appraisal is { } a && Appraisals.TryGetValue(a, out var words))
        {
            clauses.Add($"whose appraisal {(AppraisalYear == "previous" ? "last year" : "this year")} {words}");
        }

        return text + (clauses.Count == 0 ? "" : " " + string.Join(" and ", clauses)) + ".";
    }

    /// <summary>The compliance dashboard's name for the doctors with no department.</summary>
    public const string NoDepartment = "(none)";

    /// <summary>The view an address asks for. Anything the page does not offer is dropped, so a mistyped link still opens the caseload.</summary>
    public static CaseloadQuery FromAddress(
        string? search, string? tag, string? department, string? status, string? sort, string? dir, string? page,
        string? readiness = null, string? departmentIs = null, string? appraisal = null, string? appraisalYear = null) => new CaseloadQuery(
        Search: Clean(search, 100),
        Tag: tag is not null && FilterTags.Contains(tag) ? tag : null,
        Readiness: readiness is not null && Readinesses.Contains(readiness) ? readiness : null,
        Department: Clean(department, 200),
        Status: status is not null && Statuses.Contains(status) ? status : "active",
        Sort: sort is not null && SortKeys.Contains(sort) ? sort : "rsd",
        Page: int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 1 ? number : 1,
        DepartmentIs: Clean(departmentIs, 200),
        Appraisal: appraisal is not null && Appraisals.ContainsKey(appraisal) ? appraisal : null,
        AppraisalYear: appraisal is not null && Appraisals.ContainsKey(appraisal) && appraisalYear == "previous" ? "previous" : null).WithDirection(dir is "asc" or "desc" ? dir == "desc" : null);

    /// <summary>This view as its address would give it back (trimmed, unknown values dropped), keeping the page size.</summary>
    public CaseloadQuery Normalised() =>
        FromAddress(Search, Tag, Department, Status, Sort, Dir, Page.ToString(CultureInfo.InvariantCulture), Readiness, DepartmentIs, Appraisal, AppraisalYear) with { PageSize = PageSize };

    public string ToQueryString()
    {
        var parts = Filters();
        Add(parts, "page", Page.ToString(CultureInfo.InvariantCulture));
        Add(parts, "pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }

    /// <summary>The page's own address for this view: only what differs from the default view.</summary>
    public string ToAddress()
    {
        var parts = Filters();
        Add(parts, "page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "caseload" : "caseload?" + string.Join('&', parts);
    }

    public CaseloadQuery WithFilter(Func<CaseloadQuery, CaseloadQuery> change) => change(this) with { Page = 1 };

    /// <summary>Sorts by <paramref name="key"/> its usual way; the column already sorted by is reversed.</summary>
    public CaseloadQuery SortBy(string key)
    {
        if (!SortKeys.Contains(key))
        {
            return this;
        }

        return key == Sort ? WithDirection(!Descending) with { Page = 1 } : this with { Sort = key, Dir = null, Page = 1 };
    }

    public static int PageCount(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    public CaseloadQuery GoTo(int page, int total) => this with { Page = Math.Clamp(page, 1, PageCount(total, PageSize)) };

    /// <summary>The aria-sort value of a column header.</summary>
    public string AriaSort(string key) => Sort == key ? (Descending ? "descending" : "ascending") : "none";

    /// <summary>"1 doctor", "2 doctors", "1,250 doctors".</summary>
    public static string Doctors(int count, string? kind = null) =>
        $"{Number(count)} {(kind is null ? "" : kind + " ")}{(count == 1 ? "doctor" : "doctors")}";

    /// <summary>"1,250": UK digit grouping written out (the UI runs in invariant globalization, whose grouping is the UK one).</summary>
    public static string Number(int count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>What an empty result means, in plain English: "No connected doctors match ‘psych’ in a department containing ‘Cardio’."</summary>
    public string NoneMatch(Func<string, string> tagLabel)
    {
        ArgumentNullException.ThrowIfNull(tagLabel);
        var subject = Status switch
        {
            "leaver" => "No leavers",
            "all" => "No doctors (connected or leavers)",
            _ => "No connected doctors",
        };
        var clauses = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            clauses.Add($"match ‘{Search.Trim()}’");
        }

        if (!string.IsNullOrWhiteSpace(Department))
        {
            clauses.Add($"work in a department containing ‘{Department.Trim()}’");
        }

        if (!string.IsNullOrEmpty(Tag))
        {
            clauses.Add($"have the status ‘{tagLabel(Tag)}’");
        }

        if (HasScope && clauses.Count == 0)
        {
            return $"{subject} match this count of the compliance dashboard.";
        }

        return clauses.Count switch
        {
            0 => subject + ".",
            1 => $"{subject} {clauses[0]}.",
            _ => $"{subject} {string.Join(", ", clauses.Take(clauses.Count - 1))} and {clauses[^1]}.",
        };
    }

    private CaseloadQuery WithDirection(bool? descending) =>
        this with { Dir = descending is not { } d || d == (Sort == "gaps") ? null : (d ? "desc" : "asc") };

    private List<string> Filters()
    {
        var parts = new List<string>();
        Add(parts, "q", Search?.Trim());
        Add(parts, "tag", Tag);
        Add(parts, "readiness", Readiness);
        Add(parts, "department", Department?.Trim());
        Add(parts, "departmentIs", DepartmentIs?.Trim());
        Add(parts, "appraisal", Appraisal);
        Add(parts, "appraisalYear", AppraisalYear);
        Add(parts, "status", Status == "active" ? null : Status);
        Add(parts, "sort", Sort == "rsd" ? null : Sort);
        Add(parts, "dir", Dir);
        return parts;
    }

    private static string? Clean(string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > maxLength ? t[..maxLength] : text.Trim();

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
