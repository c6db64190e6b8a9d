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

/// <summary>Appraisers record appraisals; the RO team approves missed ones (R14, R15; docs/domain.md#decision-h).</summary>
public static class AppraisalEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var doctors = api.MapGroup("/doctors/{doctorId:guid}/appraisals/{year:int}");
        doctors.MapPut("/", PutAppraisal).RequireAuthorization(Policies.Appraiser)
            .WithSummary("Record the appraisal of a year (meeting date, PDP agreed, sign-off). Sign-off locks the year's evidence. Appraiser (allocated).");
        doctors.MapPost("/approve-missed", ApproveMissed).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Approve a missed or incomplete appraisal year with a reason and, optionally, the dates of absence (R15; after the year ended it is marked retrospective; docs/domain.md#decision-h). RO, revalidation manager.");
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutAppraisal(
        Guid doctorId, int year, AppraisalRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!DoctorEndpoints.ValidYear(year, api))
        {
            return ApiResults.Invalid("year", "The appraisal year is the calendar year it starts in, e.g. 2025 for 2025/26.");
        }

        var appraisalYear = new AppraisalYear(year, api.Options.AppraisalYearStartMonth);
        return await DoctorEndpoints.Change(api, user, doctorId, [Roles.Appraiser], Roles.Appraiser, http, response, new DoctorChange(
            request.SignOff ? "appraisal.signed-off" : "appraisal.recorded",
            d => d.Appraisals.Record(appraisalYear, request.MeetingDate, request.SignOff, request.PdpAgreed, user.UserId, api.Today,
                request.Notes?.Select(n => new Core.Appraisals.AppraiserNote(n.Code ?? string.Empty, n.Note ?? string.Empty)).ToList()),
            _ => request.SignOff ? $"Appraisal {appraisalYear.Label} signed off; its evidence is locked" : $"Appraisal {appraisalYear.Label} recorded",
            request), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> ApproveMissed(
        Guid doctorId, int year, ApproveMissedRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!DoctorEndpoints.ValidYear(year, api))
        {
            return ApiResults.Invalid("year", "The appraisal year is the calendar year it starts in, e.g. 2025 for 2025/26.");
        }

        var appraisalYear = new AppraisalYear(year, api.Options.AppraisalYearStartMonth);
        var role = user.ActingRole([.. Roles.RoTeam]);
        var retrospective = api.Today > appraisalYear.End;
        return await DoctorEndpoints.Change(api, user, doctorId, [.. Roles.RoTeam], role, http, response, new DoctorChange(
            "appraisal.missed-approved",
            d => d.Appraisals.ApproveMissed(appraisalYear, request.Reason ?? string.Empty, user.UserId, api.Today, request.AbsentFrom, request.AbsentTo, role),
            _ => $"Missed appraisal {appraisalYear.Label} approved{(retrospective ? " (after the year ended: retrospective)" : "")}",
            new { year, request.AbsentFrom, request.AbsentTo, retrospective }), ct);
    }
}
