using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Caseload;
using Revalidation.Core.Common;

namespace Revalidation.Api.Caseload;

/// <summary>The RO's caseload: every doctor of the designated body, filtered, searched, sorted (by RSD unless asked), paged.</summary>
public static class CaseloadEndpoints
{
    public const int MaxPageSize = CaseloadQuery.MaxPageSize;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/caseload", Get).RequireAuthorization(Policies.Oversight)
            .WithSummary("Caseload. Filters: underNotice, dueBefore (yyyy-MM-dd), readiness (ready|gaps), tag, department (contains, any case), departmentIs (one department exactly, any case; (none) for doctors without one), appraisal (completed|approved-missed|unapproved-missed|due|overdue: the AOA classification of the current appraisal year, or of the previous with appraisalYear=previous), status (active|leaver|all), q (name or GMC number); sort (rsd|name|gaps), dir (asc|desc; default: rsd and name asc, gaps desc), page, pageSize. RO, medical director.");

    private static async Task<Results<Ok<CaseloadPage>, ProblemHttpResult>> Get(CurrentUser user, ApiServices api, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        var caseload = new CaseloadQuery(
            UnderNotice: query.Flag("underNotice"),
            DueBefore: query.Date("dueBefore"),
            Ready: query.OneOf("readiness", "ready", "gaps") is { } readiness ? readiness == "ready" : null,
            Tag: query.OneOf("tag", [.. CaseloadQuery.Tags]),
            Department: query.Text("department", 200),
            Status: (query.OneOf("status", "active", "leaver", "all") ?? "active") switch
            {
                "leaver" => DoctorStatus.Leaver,
                "all" => null,
                _ => DoctorStatus.Active,
            },
            Search: query.Text("q"),
            Sort: query.OneOf("sort", "rsd", "name", "gaps") switch
            {
                "name" => CaseloadSort.Name,
                "gaps" => CaseloadSort.Gaps,
                _ => CaseloadSort.Rsd,
            },
            Page: query.Number("page", 1, 1, int.MaxValue),
            PageSize: query.Number("pageSize", 50, 1, CaseloadQuery.MaxPageSize),
            Descending: query.OneOf("dir", "asc", "desc") is { } dir ? dir == "desc" : null,
            DepartmentIs: query.Text("departmentIs", 200),
            Appraisal: query.OneOf("appraisal", "completed", "approved-missed", "unapproved-missed", "due", "overdue") switch
            {
                "completed" => AppraisalYearStatus.Completed,
                "approved-missed" => AppraisalYearStatus.ApprovedMissed,
                "unapproved-missed" => AppraisalYearStatus.UnapprovedMissed,
                "due" => AppraisalYearStatus.Due,
                "overdue" => AppraisalYearStatus.Overdue,
                _ => null,
            },
            PreviousAppraisalYear: query.OneOf("appraisalYear", "current", "previous") == "previous");
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var page = CaseloadView.Page(summaries, caseload, api.Today, api.Options);
        return TypedResults.Ok(new CaseloadPage(page.Items.Select(r => r.ToContract()).ToList(), caseload.Page, caseload.PageSize, page.Total));
    }
}
