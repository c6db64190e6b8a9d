using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Doctors;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;
using Microsoft.Extensions.DependencyInjection;

namespace Revalidation.Api.Recommendations;

/// <summary>The RO's recommendation workflow: draft, edit, submit, record the GMC's outcome (R4–R11).</summary>
public static class RecommendationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/doctors/{doctorId:guid}/recommendations");
        group.MapGet("/", List).RequireAuthorization(Policies.Oversight)
            .WithSummary("Every recommendation for the doctor, newest first. RO, medical director.");
        group.MapPost("/", Draft).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Draft a recommendation (R6: one open at a time; R8/R9 content checked now). RO.");
        group.MapPut("/{recommendationId:guid}", Edit).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Edit a draft (R7: not once submitted). Send If-Match to avoid overwriting a colleague's edit. RO.");
        group.MapPost("/{recommendationId:guid}/submit", Submit).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Submit a draft (R4 window, R8, R9, R10). RO.");
        group.MapPost("/{recommendationId:guid}/outcome", RecordOutcome).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Record the GMC's outcome: approved, rejected or under review (R11). RO.");
    }

    private static async Task<Results<Ok<IReadOnlyList<RecommendationResponse>>, ProblemHttpResult>> List(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.ResponsibleOfficer, Roles.MedicalDirector], ct);
        return problem is not null
            ? problem
            : TypedResults.Ok<IReadOnlyList<RecommendationResponse>>(doctor!.Recommendations.Items.OrderByDescending(r => r.CreatedAt).Select(r => r.ToResponse()).ToList());
    }

    private static async Task<Results<Created<RecommendationResponse>, ProblemHttpResult>> Draft(
        Guid doctorId, RecommendationRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var result = await Change(api, user, doctorId, http, new DoctorChange(
            "recommendation.drafted",
            d => d.Recommendations.Draft(request.ToDetails(), api.Time.GetUtcNow(), user.UserId, api.Options, id).Outcome,
            _ => $"{request.Type} recommendation drafted",
            request), ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        ApiResults.SetETag(response, result.Value!.ETag);
        return TypedResults.Created($"/api/doctors/{doctorId}/recommendations/{id}", result.Value.Recommendations.ById(id)!.ToResponse());
    }

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> Edit(
        Guid doctorId, Guid recommendationId, RecommendationRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, http, response, new DoctorChange(
            "recommendation.edited",
            d => d.Recommendations.EditDraft(recommendationId, request.ToDetails(), api.Options),
            _ => $"Draft {request.Type} recommendation edited",
            request), ct);

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> Submit(
        Guid doctorId, Guid recommendationId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        // A body on the GMC web service queues the submission for the GMC dispatcher (the outbox); otherwise the RO submits in GMC Connect.
        var webService = http.HttpContext.RequestServices.GetService<IGmcConnect>()?.ModeOf(user.DesignatedBody) == GmcMode.WebService;
        return ChangeRecommendation(api, user, doctorId, recommendationId, http, response, new DoctorChange(
            "recommendation.submitted",
            d =>
            {
                var submitted = d.Recommendations.Submit(recommendationId, api.Today, user.UserId, api.Options);
                return submitted.IsSuccess && webService ? d.Recommendations.QueueForGmc(recommendationId, api.Time.GetUtcNow()) : submitted;
            },
            d => $"{d.Recommendations.ById(recommendationId)!.Type} recommendation submitted" + (webService ? "; queued for the GMC web service" : " to the GMC"),
            new { recommendationId, gmcWebService = webService }), ct);
    }

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> RecordOutcome(
        Guid doctorId, Guid recommendationId, OutcomeRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (request.NewRsd is { } rsd && (rsd < api.Today.AddYears(-1) || rsd > api.Today.AddYears(api.Options.CycleYears + 2)))
        {
            return ApiResults.Invalid("newRsd", "The new submission date is out of range.");
        }

        if (request.GmcRecommendationId is { Length: > 50 })
        {
            return ApiResults.Invalid("gmcRecommendationId", "The GMC's recommendation id is at most 50 characters.");
        }

        return await ChangeRecommendation(api, user, doctorId, recommendationId, http, response, new DoctorChange(
            "recommendation.outcome-recorded",
            d => d.Recommendations.RecordGmcOutcome(recommendationId, request.Outcome, api.Today, api.Options, request.NewRsd, request.GmcRecommendationId),
            _ => $"GMC outcome recorded: {request.Outcome}",
            request), ct);
    }

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> ChangeRecommendation(
        ApiServices api, CurrentUser user, Guid doctorId, Guid recommendationId, HttpRequest http, HttpResponse response, DoctorChange change, CancellationToken ct)
    {
        var result = await Change(api, user, doctorId, http, change, ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        ApiResults.SetETag(response, result.Value!.ETag);
        return TypedResults.Ok(result.Value.Recommendations.ById(recommendationId)!.ToResponse());
    }

    private static async Task<ServiceResult<DoctorRecord>> Change(ApiServices api, CurrentUser user, Guid doctorId, HttpRequest http, DoctorChange change, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.ResponsibleOfficer], ct);
        if (problem is not null)
        {
            return ServiceResult<DoctorRecord>.NotFound(DoctorAccess.NotFoundDetail);
        }

        // R20: where the body's RO has a conflict of interest with this doctor, only the additional RO acts.
        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        if (body is not null && (doctor!.ResponsibleOfficerConflict || body.ResponsibleOfficer?.GmcNumber == doctor.GmcNumber.Value))
        {
            var acting = body.ResponsibleOfficerFor(doctor);
            if (!acting.IsSuccess)
            {
                return ServiceResult<DoctorRecord>.Invalid(acting.Outcome);
            }

            if (acting.Value!.UserId != user.UserId)
            {
                return ServiceResult<DoctorRecord>.Invalid(RuleIds.ResponsibleOfficer, "responsibleOfficer",
                    "The responsible officer has a conflict of interest with this doctor; only the additional responsible officer may act on recommendations.");
            }
        }

        return await api.Doctors.ChangeAsync(user.DesignatedBody, doctorId, user.AsActor(Roles.ResponsibleOfficer), change, ApiResults.IfMatch(http), doctor, ct);
    }
}
