using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Doctors;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Doctors;

namespace Revalidation.Api.Appraisals;

/// <summary>
/// Issue 16 (docs/domain.md#decision-h): the doctor asks, from their own page, for a year's appraisal to be postponed or
/// approved as missed; the RO team (RO and revalidation manager) approves or declines. Every change goes through the one
/// write path (rule-checked, audited once); the audit records the kind, year and dates, never the reason's text.
/// </summary>
public static class AppraisalRequestEndpoints
{
    private static readonly string[] Readers = [Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager];

    public static void Map(RouteGroupBuilder api)
    {
        var doctors = api.MapGroup("/doctors/{doctorId:guid}/appraisal-requests");
        doctors.MapGet("/", List).RequireAuthorization(Policies.AppraisalRequestReaders)
            .WithSummary("The doctor's postponement and approved-missed requests, oldest first. Doctor (own), RO, revalidation manager.");
        doctors.MapPost("/", Ask).RequireAuthorization(Policies.Doctor)
            .WithSummary("Ask for a year's appraisal to be postponed (before the year ends) or approved as missed, with a reason. Doctor (own).");
        doctors.MapPost("/{requestId:guid}/withdraw", Withdraw).RequireAuthorization(Policies.Doctor)
            .WithSummary("Withdraw a request still waiting for a decision. Doctor (own).");
        doctors.MapPost("/{requestId:guid}/approve", Approve).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Approve a request: a postponement only before its year ends (R21); a missed year after it ended is marked retrospective (R15). RO, revalidation manager.");
        doctors.MapPost("/{requestId:guid}/decline", Decline).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Decline a request, with the reason the doctor reads. RO, revalidation manager.");

        api.MapGet("/appraisal-requests", Queue).RequireAuthorization(Policies.RoTeam)
            .WithSummary("The designated body's pending requests, oldest first, with the days left before each year ends. RO, revalidation manager.");
    }

    private static async Task<Results<Ok<IReadOnlyList<AppraisalYearRequestResponse>>, ProblemHttpResult>> List(
        Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        return problem is not null
            ? problem
            : TypedResults.Ok<IReadOnlyList<AppraisalYearRequestResponse>>(doctor!.Appraisals.Requests.Select(r => r.ToResponse(api.Options)).ToList());
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Ask(
        Guid doctorId, NewAppraisalYearRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Kind))
        {
            return ApiResults.Invalid("kind", "Say whether you ask for a postponement or for the year to be approved as missed.");
        }

        if (!DoctorEndpoints.ValidYear(request.Year, api))
        {
            return ApiResults.Invalid("year", "The appraisal year is the calendar year it starts in, e.g. 2025 for 2025/26.");
        }

        var year = new AppraisalYear(request.Year, api.Options.AppraisalYearStartMonth);
        var kind = request.Kind.ToCore();
        return await DoctorEndpoints.Change(api, user, doctorId, [Roles.Doctor], Roles.Doctor, http, response, new DoctorChange(
            kind == AppraisalRequestKind.Postponement ? "appraisal.postponement-requested" : "appraisal.missed-requested",
            d => d.Appraisals.Ask(kind, year, request.Reason, request.ProposedDate, request.AbsentFrom, request.AbsentTo, user.UserId, api.Today).Outcome,
            _ => kind == AppraisalRequestKind.Postponement
                ? $"Postponement of the {year.Label} appraisal requested"
                : $"Approval of the {year.Label} appraisal as missed requested",
            new { kind = request.Kind, year = request.Year, request.ProposedDate, request.AbsentFrom, request.AbsentTo }), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Withdraw(
        Guid doctorId, Guid requestId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(api, user, doctorId, requestId, [Roles.Doctor], ct);
        return problem is not null
            ? problem
            : await DoctorEndpoints.Change(api, user, doctorId, [Roles.Doctor], Roles.Doctor, http, response, new DoctorChange(
                "appraisal.request-withdrawn",
                d => d.Appraisals.Withdraw(requestId, api.Today),
                _ => $"{KindWords(found!)} request for {Label(found!, api)} withdrawn",
                new { requestId }), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Approve(
        Guid doctorId, Guid requestId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (found, problem) = await FindAsync(api, user, doctorId, requestId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        var role = user.ActingRole([.. Roles.RoTeam]);
        var retrospective = found!.Kind == AppraisalRequestKind.ApprovedMissed && api.Today > new AppraisalYear(found.Year, api.Options.AppraisalYearStartMonth).End;
        return await DoctorEndpoints.Change(api, user, doctorId, [.. Roles.RoTeam], role, http, response, new DoctorChange(
            found.Kind == AppraisalRequestKind.Postponement ? "appraisal.postponed" : "appraisal.missed-approved",
            d => d.Appraisals.Approve(requestId, api.Options.AppraisalYearStartMonth, user.UserId, user.Name, role, api.Today),
            _ => found.Kind == AppraisalRequestKind.Postponement
                ? $"Appraisal {Label(found, api)} postponed to {found.ProposedDate:yyyy-MM-dd}, as the doctor asked"
                : $"Missed appraisal {Label(found, api)} approved, as the doctor asked{(retrospective ? " (after the year ended: retrospective)" : "")}",
            new { requestId, kind = found.Kind.ToContract(), year = found.Year, found.ProposedDate, found.AbsentFrom, found.AbsentTo, retrospective }), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Decline(
        Guid doctorId, Guid requestId, DeclineAppraisalYearRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > AppraisalHistory.MaxReasonLength)
        {
            return ApiResults.Invalid("reason", $"Enter the reason for declining (at most {AppraisalHistory.MaxReasonLength:N0} characters).");
        }

        var (found, problem) = await FindAsync(api, user, doctorId, requestId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        var role = user.ActingRole([.. Roles.RoTeam]);
        return await DoctorEndpoints.Change(api, user, doctorId, [.. Roles.RoTeam], role, http, response, new DoctorChange(
            "appraisal.request-declined",
            d => d.Appraisals.Decline(requestId, request.Reason, user.Name, role, api.Today),
            _ => $"{KindWords(found!)} request for {Label(found!, api)} declined",
            new { requestId, kind = found!.Kind.ToContract(), year = found.Year }), ct);
    }

    private static async Task<Ok<IReadOnlyList<AppraisalRequestQueueItem>>> Queue(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var items = new List<AppraisalRequestQueueItem>();
        foreach (var summary in summaries.Where(s => s.PendingAppraisalRequests > 0 && s.Status == Core.Common.DoctorStatus.Active))
        {
            var doctor = await api.DoctorStore.GetDoctorAsync(user.DesignatedBody, summary.Id, ct);
            foreach (var r in doctor?.Appraisals.Requests.Where(r => r.IsPending) ?? [])
            {
                var end = new AppraisalYear(r.Year, api.Options.AppraisalYearStartMonth).End;
                items.Add(new AppraisalRequestQueueItem(doctor!.Id, doctor.DisplayName, doctor.GmcNumber.Value, r.ToResponse(api.Options), end, end.DayNumber - api.Today.DayNumber));
            }
        }

        return TypedResults.Ok<IReadOnlyList<AppraisalRequestQueueItem>>(
            items.OrderBy(i => i.Request.RequestedOn).ThenBy(i => i.DaysUntilYearEnd).ThenBy(i => i.DoctorName, StringComparer.Ordinal).ToList());
    }

    /// <summary>The doctor (by the caller's access) and the request of theirs; 404 for either missing.</summary>
    private static async Task<(AppraisalYearRequest? Request, ProblemHttpResult? Problem)> FindAsync(
        ApiServices api, CurrentUser user, Guid doctorId, Guid requestId, string[] roles, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, roles, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        return doctor!.Appraisals.Request(requestId) is { } found ? (found, null) : (null, ApiResults.NotFound("No such request for this doctor."));
    }

    private static string KindWords(AppraisalYearRequest r) => r.Kind == AppraisalRequestKind.Postponement ? "Postponement" : "Approved-missed";

    private static string Label(AppraisalYearRequest r, ApiServices api) => new AppraisalYear(r.Year, api.Options.AppraisalYearStartMonth).Label;
}
