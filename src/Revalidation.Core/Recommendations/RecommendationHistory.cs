using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Recommendations;

/// <summary>
/// R4–R11 (docs/domain.md#r4): a doctor's recommendations to the GMC, oldest first — draft, submit, the GMC's outcome —
/// and (in RecommendationHistory.Gmc.cs) their submission through the GMC web service.
/// </summary>
public sealed partial class RecommendationHistory : DoctorPart
{
    [JsonInclude, JsonPropertyName("items")]
    private List<Recommendation> items = [];

    [JsonIgnore]
    public IReadOnlyList<Recommendation> Items => items;

    /// <summary>R6: the one open recommendation, if any.</summary>
    [JsonIgnore]
    public Recommendation? Open => items.FirstOrDefault(r => r.IsOpen);

    public Recommendation? ById(Guid id) => items.FirstOrDefault(r => r.Id == id);

    /// <summary>A recommendation of the cycle has gone to the GMC and awaits its outcome (the outcome will set the next date).</summary>
    public bool AwaitingGmcIn(int cycleNumber) =>
        items.Any(r => r.CycleNumber == cycleNumber && r.Status is RecommendationStatus.Submitted or RecommendationStatus.UnderReview);

    /// <summary>R8: approved deferrals in the cycle.</summary>
    public int ApprovedDeferralsIn(int cycleNumber) =>
        items.Count(r => r.CycleNumber == cycleNumber && r.Type == RecommendationType.Defer && r.Status == RecommendationStatus.Approved);

    /// <summary>R6: drafts a recommendation when none is open; R8/R9 content is checked now, the R4 window at submission.</summary>
    public Result<Recommendation> Draft(RecommendationDetails details, DateTimeOffset now, string createdBy, RevalidationOptions options, Guid? id = null)
    {
        if (Doctor.CurrentCycle is not { } cycle)
        {
            return Result<Recommendation>.Fail(RuleIds.GmcOutcome, "doctor", "The doctor has no open revalidation cycle.");
        }

        if (Open is { } open)
        {
            return Result<Recommendation>.Fail(RuleIds.OneOpenRecommendation, "recommendation",
                $"A recommendation is already open ({open.Status}); only one may be open at a time.");
        }

        var check = RecommendationRules.CheckDetails(details, cycle.Rsd, options);
        if (!check.IsSuccess)
        {
            return check;
        }

        var recommendation = new Recommendation(id ?? Guid.NewGuid(), cycle.Number, details, now, createdBy);
        items.Add(recommendation);
        return recommendation;
    }

    /// <summary>R7: only a draft can change.</summary>
    public Result EditDraft(Guid recommendationId, RecommendationDetails details, RevalidationOptions options)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "A submitted recommendation cannot be edited or withdrawn.");
        }

        var check = RecommendationRules.CheckDetails(details, Doctor.CurrentCycle!.Rsd, options);
        if (!check.IsSuccess)
        {
            return check;
        }

        recommendation.Details = details;
        return Result.Success;
    }

    /// <summary>Submits a draft: R4 window, R8/R9 content, R8 consecutive-deferral justification, R10 investigation.</summary>
    public Result Submit(Guid recommendationId, DateOnly today, string submittedBy, RevalidationOptions options)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "This recommendation was already submitted.");
        }

        if (Doctor.Concerns.RevalidationOnHold)
        {
            return Result.Fail(RuleIds.FitnessToPractise, "underGmcInvestigation", Doctor.Concerns.UnderGmcInvestigation
                ? "The doctor is under a GMC fitness-to-practise investigation; no recommendation can be submitted."
                : "The GMC has put this doctor's revalidation on hold; no recommendation can be submitted until the GMC gives a new date.");
        }

        if (Doctor.Status == DoctorStatus.Leaver)
        {
            return Result.Fail(RuleIds.Connection, "status", "The doctor has left this designated body; remove the connection in GMC Connect instead.");
        }

        var rsd = Doctor.CurrentCycle!.Rsd;
        var check = Result.All(
            RecommendationRules.CheckSubmissionWindow(recommendation.Type, rsd, today, options),
            RecommendationRules.CheckDetails(recommendation.Details, rsd, options));
        if (!check.IsSuccess)
        {
            return check;
        }

        if (RecommendationRules.IsConsecutiveDeferral(recommendation.Type, items, recommendation.CycleNumber)
            && string.IsNullOrWhiteSpace(recommendation.Details.ConsecutiveDeferralJustification))
        {
            return Result.Fail(RuleIds.Deferral, "consecutiveDeferralJustification",
                "This deferral follows an approved deferral; say why a further deferral is justified.");
        }

        recommendation.Status = RecommendationStatus.Submitted;
        recommendation.SubmittedOn = today;
        recommendation.SubmittedBy = submittedBy;
        recommendation.RsdAtSubmission = rsd;
        return Result.Success;
    }

    /// <summary>
    /// R11: applies the GMC's outcome. Approved revalidation closes the cycle and opens the next (R1); an
    /// approved deferral moves the RSD; rejected closes the recommendation; under review waits.
    /// </summary>
    public Result RecordGmcOutcome(Guid recommendationId, GmcOutcome outcome, DateOnly today, RevalidationOptions options, DateOnly? newRsdFromGmc = null, string? gmcRecommendationId = null)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status is RecommendationStatus.Approved or RecommendationStatus.Rejected)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "The GMC's outcome is already recorded; the recommendation is history.");
        }

        if (recommendation.Status == RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.GmcOutcome, "recommendationId", "Only a submitted recommendation has a GMC outcome.");
        }

        if (recommendation.GmcSubmission is { State: Gmc.GmcSubmissionState.Queued or Gmc.GmcSubmissionState.Sending })
        {
            return Result.Fail(RuleIds.GmcOutcome, "recommendationId", "The recommendation is on its way to the GMC's web service; its outcome will come from the GMC.");
        }

        if (!Enum.IsDefined(outcome))
        {
            return Result.Fail(RuleIds.Validation, "outcome", "Outcome must be Approved, Rejected or UnderReview.");
        }

        var cycles = Doctor.Cycles;
        var cycle = cycles.Number(recommendation.CycleNumber);
        if (outcome == GmcOutcome.Approved && recommendation.Type is RecommendationType.Revalidate or RecommendationType.Defer
            && newRsdFromGmc is { } next && next <= cycle.Rsd)
        {
            return Result.Fail(recommendation.Type == RecommendationType.Defer ? RuleIds.Deferral : RuleIds.CycleLength, "newRsd",
                "The next submission date must be after the current one.");
        }

        recommendation.GmcRecommendationId = gmcRecommendationId ?? recommendation.GmcRecommendationId;
        switch (outcome)
        {
            case GmcOutcome.UnderReview:
                recommendation.Status = RecommendationStatus.UnderReview;
                return Result.Success;
            case GmcOutcome.Rejected:
                recommendation.Status = RecommendationStatus.Rejected;
                recommendation.OutcomeOn = today;
                return Result.Success;
        }

        recommendation.Status = RecommendationStatus.Approved;
        recommendation.OutcomeOn = today;
        switch (recommendation.Type)
        {
            case RecommendationType.Revalidate:
                CycleHistory.Close(cycle, CycleStatus.Revalidated, today);
                cycles.OpenNext(today, newRsdFromGmc ?? CycleRules.EstimateNextRsd(cycle.Rsd, options), rsdConfirmed: newRsdFromGmc is not null);
                break;
            case RecommendationType.Defer:
                cycle.Rsd = newRsdFromGmc ?? recommendation.Details.ProposedRsd!.Value;
                cycle.RsdConfirmed = true;
                break;
            case RecommendationType.NonEngagement:
                CycleHistory.Close(cycle, CycleStatus.ClosedNonEngagement, today);
                break;
        }

        return Result.Success;
    }

    private Result<Recommendation> Find(Guid id) =>
        ById(id) is { } r
            ? r
            : Result<Recommendation>.Fail(RuleIds.Validation, "recommendationId", "No such recommendation for this doctor.");
}
