using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Api.Doctors;

/// <summary>
/// What the RO team records that the rules depend on (docs/domain.md#r1, #r14, #r17, #r20, #r21): the cycle's start, the due
/// month, a postponement, patient feedback not applicable, and (admin) a conflict of interest with the additional RO.
/// Every change goes through the one write path, so each is rule-checked and audited once.
/// </summary>
public static class DoctorSafetyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var doctors = api.MapGroup("/doctors/{doctorId:guid}");
        doctors.MapPut("/cycle-start", PutCycleStart).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Set the current cycle's first day (R1: a first cycle after a new or restored licence, or CCT, is shorter). RO.");
        doctors.MapPut("/appraisal-due-month", PutDueMonth).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Change the doctor's appraisal due month (R14; March gives a warning). RO, revalidation manager.");
        doctors.MapPut("/patient-feedback", PutPatientFeedback).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Record that patient feedback does not apply this cycle, or an alternative was agreed, and why (R17); null clears it. RO.");
        doctors.MapPost("/appraisals/{year:int}/postpone", Postpone).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Approve a postponement of a year's appraisal, before the year ends (R21, decision (a)). RO, revalidation manager.");
        doctors.MapPut("/conflict", PutConflict).RequireAuthorization(Policies.Admin)
            .WithSummary("Declare (or clear) a conflict of interest between the body's RO and the doctor, naming the additional RO who acts instead (R20). Admin.");
    }

    private static Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutCycleStart(
        Guid doctorId, CycleStartRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        DoctorEndpoints.Change(api, user, doctorId, [Roles.ResponsibleOfficer], Roles.ResponsibleOfficer, http, response, new DoctorChange(
            "cycle.start-changed",
            d => d.Cycles.SetStart(request.StartDate, api.Today),
            _ => $"Cycle start set to {request.StartDate:yyyy-MM-dd}",
            request), ct);

    private static Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutDueMonth(
        Guid doctorId, DueMonthRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        DoctorEndpoints.Change(api, user, doctorId, [.. Roles.RoTeam], user.ActingRole([.. Roles.RoTeam]), http, response, new DoctorChange(
            "appraisal.due-month-changed",
            d => d.Appraisals.ChangeDueMonth(request.Month).Outcome,
            _ => request.Month == 3
                ? "Appraisal due month set to March (a March due month leaves no time before the year end: keep a closer eye on it)"
                : $"Appraisal due month set to {new DateOnly(2000, request.Month is >= 1 and <= 12 ? request.Month : 1, 1):MMMM}",
            request), ct);

    private static Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutPatientFeedback(
        Guid doctorId, PatientFeedbackRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        DoctorEndpoints.Change(api, user, doctorId, [Roles.ResponsibleOfficer], Roles.ResponsibleOfficer, http, response, new DoctorChange(
            "cycle.patient-feedback-not-applicable",
            d => d.Cycles.SetPatientFeedbackNotApplicable(request.NotApplicableReason).Outcome,
            _ => request.NotApplicableReason is null ? "Patient feedback expected again this cycle" : "Patient feedback recorded as not applicable this cycle",
            request), ct);

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Postpone(
        Guid doctorId, int year, PostponementRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!DoctorEndpoints.ValidYear(year, api))
        {
            return ApiResults.Invalid("year", "The appraisal year is the calendar year it starts in, e.g. 2025 for 2025/26.");
        }

        var appraisalYear = new AppraisalYear(year, api.Options.AppraisalYearStartMonth);
        return await DoctorEndpoints.Change(api, user, doctorId, [.. Roles.RoTeam], user.ActingRole([.. Roles.RoTeam]), http, response, new DoctorChange(
            "appraisal.postponed",
            d => d.Appraisals.ApprovePostponement(appraisalYear, request.Until, request.Reason ?? string.Empty, api.Today),
            _ => $"Appraisal {appraisalYear.Label} postponed to {request.Until:yyyy-MM-dd}",
            request), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutConflict(
        Guid doctorId, ConflictRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var additional = request.AdditionalResponsibleOfficer;
        if (request.Conflict && (additional is null || string.IsNullOrWhiteSpace(additional.UserId) || string.IsNullOrWhiteSpace(additional.Name)))
        {
            return ApiResults.Invalid("additionalResponsibleOfficer", "Name the additional responsible officer (their user id and name) who acts for this doctor instead.");
        }

        if (additional?.GmcNumber is { } number && !GmcNumber.TryParse(number, out _))
        {
            return ApiResults.Invalid("additionalResponsibleOfficer.gmcNumber", "The additional responsible officer's GMC reference number is exactly 7 digits.");
        }

        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        if (request.Conflict && body?.ResponsibleOfficer?.UserId == additional!.UserId)
        {
            return ApiResults.Invalid("additionalResponsibleOfficer.userId", "The additional responsible officer must be someone other than the body's responsible officer.");
        }

        var officer = request.Conflict ? new StaffMember(additional!.UserId.Trim(), additional.Name.Trim(), additional.Email?.Trim(), additional.GmcNumber) : null;
        return await DoctorEndpoints.Change(api, user, doctorId, [Roles.Admin], Roles.Admin, http, response, new DoctorChange(
            "doctor.conflict-declared",
            d => officer is not null && officer.GmcNumber == d.GmcNumber.Value
                ? Result.Fail(RuleIds.ResponsibleOfficer, "additionalResponsibleOfficer", "The additional responsible officer cannot be the doctor.")
                : d.Concerns.SetResponsibleOfficerConflict(request.Conflict, officer),
            _ => request.Conflict ? "Conflict of interest declared; the additional responsible officer acts for this doctor" : "Conflict of interest cleared",
            request), ct);
    }
}
