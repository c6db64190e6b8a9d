using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;
using Revalidation.Core.Store;

namespace Revalidation.Core.Recommendations;

/// <summary>
/// The responsible officer's recommendation workflow (docs/domain.md#r4 to #r11): draft, edit, submit, record the
/// GMC's outcome. It decides who may act (R20: only the additional RO where the body's RO has a conflict of interest)
/// and the route a submission takes (the GMC web service's outbox, or GMC Connect by hand), then changes the record
/// through <see cref="DoctorRecordService"/>.
/// </summary>
public sealed class RecommendationService(
    DoctorRecordService records,
    IDesignatedBodyStore bodies,
    IGmcConnect gmc,
    TimeProvider time,
    IOptions<RevalidationOptions> options,
    IOptions<RecommendationHoldOptions> holdOptions)
{
    private RevalidationOptions Rules => options.Value;

    /// <summary>The cooling-off hold (docs/decisions/0018-recommendation-hold.md); zero releases a submission at once.</summary>
    public TimeSpan Hold => holdOptions.Value.Hold;

    public Task<ServiceResult<DoctorRecord>> DraftAsync(DoctorRecord doctor, Actor actor, RecommendationDetails details, Guid id, string? ifMatch, CancellationToken cancellationToken = default) =>
        ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.drafted",
            d => d.Recommendations.Draft(details, time.GetUtcNow(), actor.UserId, Rules, id).Outcome,
            _ => $"{details.Type} recommendation drafted",
            details), cancellationToken);

    public Task<ServiceResult<DoctorRecord>> EditAsync(DoctorRecord doctor, Actor actor, Guid recommendationId, RecommendationDetails details, string? ifMatch, CancellationToken cancellationToken = default) =>
        ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.edited",
            d => d.Recommendations.EditDraft(recommendationId, details, Rules),
            _ => $"Draft {details.Type} recommendation edited",
            details), cancellationToken);

    /// <summary>Issue 16: marks a draft ready for the RO (or clears the mark), with who and when; audited.</summary>
    public Task<ServiceResult<DoctorRecord>> MarkReadyAsync(
        DoctorRecord doctor, Actor actor, string actorName, Guid recommendationId, bool ready, string? ifMatch, CancellationToken cancellationToken = default) =>
        ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            ready ? "recommendation.marked-ready" : "recommendation.ready-cleared",
            d => d.Recommendations.MarkReady(recommendationId, ready ? new ReadyMark(actor.UserId, actorName, actor.Role, time.GetUtcNow()) : null),
            d => ready
                ? $"Draft {d.Recommendations.ById(recommendationId)!.Type} recommendation marked ready for the responsible officer"
                : $"Draft {d.Recommendations.ById(recommendationId)!.Type} recommendation no longer marked ready for the responsible officer",
            new { recommendationId, ready }), cancellationToken);

    /// <summary>Submits a draft. On a body that uses the GMC web service it is queued for the GMC dispatcher (the outbox); otherwise the RO submits it in GMC Connect.</summary>
    public Task<ServiceResult<DoctorRecord>> SubmitAsync(
        DoctorRecord doctor, Actor actor, Guid recommendationId, string? ifMatch,
        IReadOnlyList<GapAcknowledgement>? acknowledgements = null, PositiveStatements? statements = null, CancellationToken cancellationToken = default)
    {
        var webService = gmc.ModeOf(doctor.DesignatedBody) == GmcMode.WebService;
        return ChangeAsync(doctor, actor, ifMatch, body => new DoctorChange(
            "recommendation.submitted",
            d =>
            {
                var acting = body?.ResponsibleOfficerFor(d) is { IsSuccess: true } officer ? officer.Value : null;
                if (webService && string.IsNullOrWhiteSpace(acting?.GmcNumber))
                {
                    // R20 (docs/domain.md#r20): the GMC's web service needs the acting RO's GMC number (an empty one is refused with code 84).
                    return Result.Fail(RuleIds.ResponsibleOfficer, "responsibleOfficer.gmcNumber",
                        "The GMC web service needs the responsible officer's GMC reference number, and none is recorded. Ask an admin to add it, then submit.");
                }

                if ((acknowledgements is not null || statements is not null) && d.Recommendations.ById(recommendationId) is { Status: RecommendationStatus.Draft } draft)
                {
                    // The check step (decision (d)): the reasons and statements given at submission join the draft first.
                    var judged = d.Recommendations.EditDraft(recommendationId, draft.Details with
                    {
                        GapAcknowledgements = acknowledgements ?? draft.Details.GapAcknowledgements,
                        Statements = statements ?? draft.Details.Statements,
                    }, Rules);
                    if (!judged.IsSuccess)
                    {
                        return judged;
                    }
                }

                return SubmitOrHold(d, recommendationId, actor, acting, webService);
            },
            d => SubmittedSummary(d, recommendationId, webService),
            new { recommendationId, gmcWebService = webService }), cancellationToken);
    }

    /// <summary>
    /// Batch (issue 16): drafts (or takes the doctor's open draft of) a recommendation to revalidate and submits it into the
    /// hold, with the GMC's statements the RO confirmed once on the review page. The same checks as a single submission apply.
    /// </summary>
    public Task<ServiceResult<DoctorRecord>> SubmitInBatchAsync(DoctorRecord doctor, Actor actor, PositiveStatements statements, Guid newId, IReadOnlyList<GapAcknowledgement>? acknowledgements = null, CancellationToken cancellationToken = default)
    {
        var webService = gmc.ModeOf(doctor.DesignatedBody) == GmcMode.WebService;
        var recommendationId = doctor.Recommendations.Open is { Status: RecommendationStatus.Draft } open ? open.Id : newId;
        return ChangeAsync(doctor, actor, null, body => new DoctorChange(
            "recommendation.submitted",
            d =>
            {
                var acting = body?.ResponsibleOfficerFor(d) is { IsSuccess: true } officer ? officer.Value : null;
                if (webService && string.IsNullOrWhiteSpace(acting?.GmcNumber))
                {
                    return Result.Fail(RuleIds.ResponsibleOfficer, "responsibleOfficer.gmcNumber",
                        "The GMC web service needs the responsible officer's GMC reference number, and none is recorded. Ask an admin to add it, then submit.");
                }

                if (d.Recommendations.ById(recommendationId) is { Status: RecommendationStatus.Draft } draft)
                {
                    if (draft.Type != RecommendationType.Revalidate)
                    {
                        return Result.Fail(RuleIds.OneOpenRecommendation, "doctorId", "This doctor has a draft recommendation that is not to revalidate; finish it on the doctor's page.");
                    }

                    var edited = d.Recommendations.EditDraft(recommendationId, draft.Details with { Statements = statements, GapAcknowledgements = acknowledgements ?? draft.Details.GapAcknowledgements }, Rules);
                    if (!edited.IsSuccess)
                    {
                        return edited;
                    }
                }
                else
                {
                    var drafted = d.Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate, GapAcknowledgements: acknowledgements, Statements: statements), time.GetUtcNow(), actor.UserId, Rules, recommendationId);
                    if (!drafted.IsSuccess)
                    {
                        return drafted.Outcome;
                    }
                }

                return SubmitOrHold(d, recommendationId, actor, acting, webService);
            },
            d => SubmittedSummary(d, recommendationId, webService) + " (in a batch)",
            new { recommendationId, gmcWebService = webService, batch = true }), cancellationToken);
    }

    /// <summary>The RO cancels a held recommendation before its hold ends: back to draft (docs/decisions/0018).</summary>
    public Task<ServiceResult<DoctorRecord>> CancelHoldAsync(DoctorRecord doctor, Actor actor, Guid recommendationId, string? ifMatch, CancellationToken cancellationToken = default) =>
        ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.hold-cancelled",
            d => d.Recommendations.CancelHold(recommendationId, time.GetUtcNow()),
            d => $"Held {d.Recommendations.ById(recommendationId)!.Type} recommendation cancelled before it was sent; back to draft",
            new { recommendationId }), cancellationToken);

    /// <summary>"Send now": the RO ends the hold early; released as the job would release it.</summary>
    public Task<ServiceResult<DoctorRecord>> SendNowAsync(DoctorRecord doctor, Actor actor, Guid recommendationId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var webService = gmc.ModeOf(doctor.DesignatedBody) == GmcMode.WebService;
        return ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.released",
            d => d.Recommendations.Release(recommendationId, time.GetUtcNow(), UkCalendar.Today(time), webService),
            d => ReleasedSummary(d, recommendationId, webService) + " (sent now by the responsible officer)",
            new { recommendationId, gmcWebService = webService, sendNow = true }), cancellationToken);
    }

    /// <summary>Manual route: the RO confirms the recommendation is entered in GMC Connect; it is submitted.</summary>
    public Task<ServiceResult<DoctorRecord>> EnteredInGmcConnectAsync(DoctorRecord doctor, Actor actor, Guid recommendationId, string? ifMatch, CancellationToken cancellationToken = default) =>
        ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.entered-in-gmc-connect",
            d => d.Recommendations.EnteredInGmcConnect(recommendationId, UkCalendar.Today(time)),
            d => $"{d.Recommendations.ById(recommendationId)!.Type} recommendation entered in GMC Connect by the responsible officer",
            new { recommendationId }), cancellationToken);

    internal static string ReleasedSummary(DoctorRecord d, Guid recommendationId, bool webService) =>
        $"{d.Recommendations.ById(recommendationId)!.Type} recommendation released from its hold" + (webService ? "; queued for the GMC web service" : "; to enter in GMC Connect");

    private Result SubmitOrHold(DoctorRecord d, Guid recommendationId, Actor actor, StaffMember? acting, bool webService)
    {
        var now = time.GetUtcNow();
        if (Hold > TimeSpan.Zero)
        {
            return d.Recommendations.Hold(recommendationId, UkCalendar.Today(time), actor.UserId, Rules, acting, now, Hold);
        }

        var submitted = d.Recommendations.Submit(recommendationId, UkCalendar.Today(time), actor.UserId, Rules, acting, now);
        return submitted.IsSuccess && webService ? d.Recommendations.QueueForGmc(recommendationId, now) : submitted;
    }

    private static string SubmittedSummary(DoctorRecord d, Guid recommendationId, bool webService)
    {
        var recommendation = d.Recommendations.ById(recommendationId)!;
        return recommendation.Status == RecommendationStatus.Held
            ? $"{recommendation.Type} recommendation submitted and held until {RecommendationHistory.UkTime(recommendation.HoldEndsAt!.Value)}"
            : $"{recommendation.Type} recommendation submitted" + (webService ? "; queued for the GMC web service" : " to the GMC");
    }

    /// <summary>R11: the GMC's outcome, recorded by the RO (the manual route).</summary>
    public Task<ServiceResult<DoctorRecord>> RecordOutcomeAsync(
        DoctorRecord doctor, Actor actor, Guid recommendationId, GmcOutcome outcome, DateOnly? newRsd, string? gmcRecommendationId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var today = UkCalendar.Today(time);
        if (newRsd is { } rsd && (rsd < today.AddYears(-1) || rsd > today.AddYears(Rules.CycleYears + 2)))
        {
            return Task.FromResult(ServiceResult<DoctorRecord>.Invalid(RuleIds.Validation, "newRsd", "The new submission date is out of range."));
        }

        if (gmcRecommendationId is { Length: > 50 })
        {
            return Task.FromResult(ServiceResult<DoctorRecord>.Invalid(RuleIds.Validation, "gmcRecommendationId", "The GMC's recommendation id is at most 50 characters."));
        }

        return ChangeAsync(doctor, actor, ifMatch, new DoctorChange(
            "recommendation.outcome-recorded",
            d => d.Recommendations.RecordGmcOutcome(recommendationId, outcome, today, Rules, newRsd, gmcRecommendationId),
            _ => $"GMC outcome recorded: {outcome}",
            new { outcome, newRsd, gmcRecommendationId }), cancellationToken);
    }

    private Task<ServiceResult<DoctorRecord>> ChangeAsync(DoctorRecord doctor, Actor actor, string? ifMatch, DoctorChange change, CancellationToken cancellationToken) =>
        ChangeAsync(doctor, actor, ifMatch, _ => change, cancellationToken);

    private async Task<ServiceResult<DoctorRecord>> ChangeAsync(DoctorRecord doctor, Actor actor, string? ifMatch, Func<DesignatedBody?, DoctorChange> change, CancellationToken cancellationToken)
    {
        var body = await bodies.GetDesignatedBodyAsync(doctor.DesignatedBody, cancellationToken);
        // R20 decides who may decide; the revalidation manager only prepares (drafts, ready marks) and never submits (issue 16).
        if (body is not null && actor.Role != Actor.RevalidationManagerRole && body.MayActOnRecommendations(doctor, actor.UserId) is { IsSuccess: false } refused)
        {
            return ServiceResult<DoctorRecord>.Invalid(refused);
        }

        return await records.ChangeAsync(doctor.DesignatedBody, doctor.Id, actor, change(body), ifMatch, doctor, cancellationToken: cancellationToken);
    }
}
