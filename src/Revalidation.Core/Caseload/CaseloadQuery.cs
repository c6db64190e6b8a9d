using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Caseload;

/// <summary>
/// What the RO asks of the caseload: filters, search, sort and page. Null filters select everything. The department
/// filter is a case-insensitive "contains" ("psych" finds Psychiatry); <see cref="DepartmentIs"/> is one department
/// exactly (any case; <see cref="Compliance.ComplianceSummary.NoDepartment"/> is the doctors with none), as the
/// compliance dashboard counts them. <see cref="Appraisal"/> selects the doctors whose appraisal year (the current one,
/// or the previous when <see cref="PreviousAppraisalYear"/>) has that AOA classification, again as the dashboard
/// counts them (Due includes a year not yet started). <see cref="Descending"/> null sorts each column its usual way:
/// RSD soonest first, names A to Z, most gaps first.
/// </summary>
public sealed record CaseloadQuery(
    bool? UnderNotice = null,
    DateOnly? DueBefore = null,
    bool? Ready = null,
    string? Tag = null,
    string? Department = null,
    DoctorStatus? Status = DoctorStatus.Active,
    string? Search = null,
    CaseloadSort Sort = CaseloadSort.Rsd,
    int Page = 1,
    int PageSize = 50,
    bool? Descending = null,
    string? DepartmentIs = null,
    AppraisalYearStatus? Appraisal = null,
    bool PreviousAppraisalYear = false)
{
    /// <summary>Whether the sort runs high to low: as asked, else the column's usual way (only gaps run high to low).</summary>
    public bool SortsDescending => Descending ?? Sort == CaseloadSort.Gaps;

    public const int MaxPageSize = 500;

    /// <summary>Every status tag a caseload row can carry, to filter by.</summary>
    public static readonly IReadOnlyList<string> Tags =
    [
        CaseloadTags.UnderNotice, CaseloadTags.Ready, CaseloadTags.Gaps, CaseloadTags.Overdue, CaseloadTags.Deferred, CaseloadTags.Submitted,
        CaseloadTags.Draft, CaseloadTags.Leaver, CaseloadTags.Investigation, CaseloadTags.OnHold, CaseloadTags.LocalProcess,
    ];
}

public enum CaseloadSort
{
    Rsd,
    Name,
    Gaps,
}

/// <summary>One page of the caseload and how many rows the query selects in all.</summary>
public sealed record CaseloadResult(IReadOnlyList<CaseloadRow> Items, int Total);

/// <summary>The caseload as of a day: each doctor's row (readiness, tags), filtered, searched, sorted and paged.</summary>
public static class CaseloadView
{
    public static CaseloadResult Page(IEnumerable<DoctorSummary> summaries, CaseloadQuery query, DateOnly today, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        var doctors = summaries as IReadOnlyCollection<DoctorSummary> ?? summaries.ToList();
        var rows = doctors.Select(s => CaseloadRow.From(s, today, options));
        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        if (query.UnderNotice is { } notice)
        {
            rows = rows.Where(r => r.UnderNotice == notice);
        }

        if (query.DueBefore is { } before)
        {
            rows = rows.Where(r => r.Rsd is { } rsd && rsd <= before);
        }

        if (query.Ready is { } ready)
        {
            rows = rows.Where(r => r.Ready == ready);
        }

        if (!string.IsNullOrEmpty(query.Tag))
        {
            rows = rows.Where(r => r.Tags.Contains(query.Tag));
        }

        if (!string.IsNullOrWhiteSpace(query.Department))
        {
            var department = query.Department.Trim();
            rows = rows.Where(r => r.Department is { } d && d.Contains(department, StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(query.DepartmentIs))
        {
            var department = query.DepartmentIs.Trim();
            rows = department == Compliance.ComplianceSummary.NoDepartment
                ? rows.Where(r => string.IsNullOrWhiteSpace(r.Department))
                : rows.Where(r => string.Equals(r.Department?.Trim(), department, StringComparison.OrdinalIgnoreCase));
        }

        if (query.Appraisal is { } classification)
        {
            var current = Appraisals.AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
            var year = query.PreviousAppraisalYear ? current with { StartYear = current.StartYear - 1 } : current;
            var selected = doctors
                .Where(d => Compliance.ComplianceSummary.Classify(d, year, today) is var c
                    && (c == classification || (classification == AppraisalYearStatus.Due && c == AppraisalYearStatus.NotStarted)))
                .Select(d => d.Id)
                .ToHashSet();
            rows = rows.Where(r => selected.Contains(r.DoctorId));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            rows = rows.Where(r => r.GmcNumber.StartsWith(text, StringComparison.Ordinal)
                || $"{r.GivenName} {r.FamilyName}".Contains(text, StringComparison.OrdinalIgnoreCase)
                || $"{r.FamilyName}, {r.GivenName}".Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        var descending = query.SortsDescending;
        rows = query.Sort switch
        {
            CaseloadSort.Name => descending
                ? rows.OrderByDescending(r => r.FamilyName, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.GivenName, StringComparer.OrdinalIgnoreCase)
                : rows.OrderBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.GivenName, StringComparer.OrdinalIgnoreCase),
            CaseloadSort.Gaps => descending
                ? rows.OrderByDescending(r => r.GapCount).ThenBy(r => r.Rsd)
                : rows.OrderBy(r => r.GapCount).ThenBy(r => r.Rsd),

            // A doctor without an RSD comes last either way: the RO is looking for the soonest or the latest date.
            _ => descending
                ? rows.OrderBy(r => r.Rsd is null).ThenByDescending(r => r.Rsd).ThenBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase)
                : rows.OrderBy(r => r.Rsd ?? DateOnly.MaxValue).ThenBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase),
        };
        var all = rows.ToList();
        var items = all.Skip((int)Math.Min((long)(query.Page - 1) * query.PageSize, int.MaxValue)).Take(query.PageSize).ToList();
        return new CaseloadResult(items, all.Count);
    }
}
