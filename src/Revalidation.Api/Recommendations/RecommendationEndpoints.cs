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
using Revalidation.Core.Recommendations;

namespace Revalidation.Api.Recommendations;

/// <summary>The RO's recommendation workflow: draft, edit, mark ready for the RO (issue 16), submit, record the GMC's outcome (R4–R11).</summary>
public static class RecommendationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/doctors/{doctorId:guid}/recommendations");
        group.MapGet("/", List).RequireAuthorization(Policies.Oversight)
            .WithSummary("Every recommendation for the doctor, newest first. RO, revalidation manager, medical director.");
        group.MapPost("/", Draft).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Draft a recommendation (R6: one open at a time; R8/R9 content checked now). RO, revalidation manager.");
        group.MapPut("/{recommendationId:guid}", Edit).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Edit a draft (R7: not once submitted). Send If-Match to avoid overwriting a colleague's edit. RO, revalidation manager.");
        group.MapPut("/{recommendationId:guid}/ready", MarkReady).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Mark a draft ready for the RO to decide ({\"ready\":true}) or clear the mark ({\"ready\":false}); who and when are kept and audited. RO, revalidation manager.");
        group.MapPost("/{recommendationId:guid}/submit", Submit).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Submit a draft (R4 window and a confirmed RSD, R8, R9, R10; for revalidate a reason for each readiness gap and the GMC's statements, decision (d)). RO only: the revalidation manager prepares, the RO decides (403).");
        group.MapPost("/{recommendationId:guid}/cancel", CancelHold).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Cancel a held recommendation before its hold ends: back to draft (docs/decisions/0018). Refused once the hold ended or once sent. RO.");
        group.MapPost("/{recommendationId:guid}/send-now", SendNow).RequireAuthorization(Policies.RoTeam)
            .WithSummary("End the hold now: a web-service body queues it for the GMC, a manual body puts it on the GMC Connect worksheet. RO; the revalidation manager only where the body lets the manager send what the RO approved (ManagerMaySend), else 403.");
        group.MapPost("/{recommendationId:guid}/entered-in-gmc-connect", EnteredInGmcConnect).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Manual route: confirm the released recommendation is entered in GMC Connect; it is then submitted. RO.");
        group.MapPost("/{recommendationId:guid}/outcome", RecordOutcome).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Record the GMC's outcome: approved, rejected or under review (R11). RO.");
    }

    private static async Task<Results<Ok<IReadOnlyList<RecommendationResponse>>, ProblemHttpResult>> List(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector], ct);
        return problem is not null
            ? problem
            : TypedResults.Ok<IReadOnlyList<RecommendationResponse>>(doctor!.Recommendations.Items.OrderByDescending(r => r.CreatedAt).Select(r => r.ToResponse()).ToList());
    }

    private static async Task<Results<Created<RecommendationResponse>, ProblemHttpResult>> Draft(
        Guid doctorId, RecommendationRequest request, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var result = await Change(api, user, doctorId, (doctor, actor) => recommendations.DraftAsync(doctor, actor, request.ToDetails(), id, ApiResults.IfMatch(http), ct), ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        ApiResults.SetETag(response, result.Value!.ETag);
        return TypedResults.Created($"/api/doctors/{doctorId}/recommendations/{id}", result.Value.Recommendations.ById(id)!.ToResponse());
    }

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> Edit(
        Guid doctorId, Guid recommendationId, RecommendationRequest request, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.EditAsync(doctor, actor, recommendationId, request.ToDetails(), ApiResults.IfMatch(http), ct), ct);

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> MarkReady(
        Guid doctorId, Guid recommendationId, ReadyRequest? request, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        request?.Ready is not { } ready
            ? Task.FromResult<Results<Ok<RecommendationResponse>, ProblemHttpResult>>(ApiResults.Invalid("ready", "Give ready: true to mark the draft ready for the responsible officer, or false to clear it."))
            : ChangeRecommendation(api, user, doctorId, recommendationId, response,
                (doctor, actor) => recommendations.MarkReadyAsync(doctor, actor, user.Name, recommendationId, ready, ApiResults.IfMatch(http), ct), ct);

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> Submit(
        Guid doctorId, Guid recommendationId, SubmitRecommendationRequest? request, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.SubmitAsync(doctor, actor, recommendationId, ApiResults.IfMatch(http), request?.GapAcknowledgements?.Select(a => a.ToCore()).ToList(), request?.Statements?.ToCore(), ct), ct);

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> CancelHold(
        Guid doctorId, Guid recommendationId, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.CancelHoldAsync(doctor, actor, recommendationId, ApiResults.IfMatch(http), ct), ct);

    /// <summary>
    /// The GMC lets sending be delegated, not the decision: a held recommendation is one the RO submitted (decided), so the
    /// manager may end its hold only where the body allows it (issue 16, item 1; hazard H48).
    /// </summary>
    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> SendNow(
        Guid doctorId, Guid recommendationId, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!user.IsIn(Roles.ResponsibleOfficer)
            && (await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct))?.ManagerMaySend != true)
        {
            return ApiResults.Forbidden(
                "Only the responsible officer may send this recommendation: your designated body has not let the revalidation manager send what the responsible officer approved.",
                []);
        }

        return await ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.SendNowAsync(doctor, actor, recommendationId, ApiResults.IfMatch(http), ct), ct);
    }

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> EnteredInGmcConnect(
        Guid doctorId, Guid recommendationId, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.EnteredInGmcConnectAsync(doctor, actor, recommendationId, ApiResults.IfMatch(http), ct), ct);

    private static Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> RecordOutcome(
        Guid doctorId, Guid recommendationId, OutcomeRequest request, CurrentUser user, ApiServices api, RecommendationService recommendations, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        ChangeRecommendation(api, user, doctorId, recommendationId, response,
            (doctor, actor) => recommendations.RecordOutcomeAsync(doctor, actor, recommendationId, request.Outcome.ToCore(), request.NewRsd, request.GmcRecommendationId, ApiResults.IfMatch(http), ct), ct);

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> ChangeRecommendation(
        ApiServices api, CurrentUser user, Guid doctorId, Guid recommendationId, HttpResponse response,
        Func<DoctorRecord, Actor, Task<ServiceResult<DoctorRecord>>> change, CancellationToken ct)
    {
        var result = await Change(api, user, doctorId, change, ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        ApiResults.SetETag(response, result.Value!.ETag);
        return TypedResults.Ok(result.Value.Recommendations.ById(recommendationId)!.ToResponse());
    }

    /// <summary>Loads the doctor if the caller is on the RO team of its body (404 otherwise), then lets Core decide and change; the policy of each endpoint says which of the team may call it.</summary>
    private static async Task<ServiceResult<DoctorRecord>> Change(
        ApiServices api, CurrentUser user, Guid doctorId, Func<DoctorRecord, Actor, Task<ServiceResult<DoctorRecord>>> change, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        return problem is not null
            ? ServiceResult<DoctorRecord>.NotFound(DoctorAccess.NotFoundDetail)
            : await change(doctor!, user.AsActor(user.ActingRole([.. Roles.RoTeam])));
    }
}
