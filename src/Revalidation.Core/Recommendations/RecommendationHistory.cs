using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

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

    /// <summary>
    /// Submits a draft. Hard blocks only where the GMC itself refuses (docs/domain.md#decision-d): R10 or On Hold, a
    /// leaver or a doctor the GMC no longer lists as connected, outside the R4 window or against an estimated RSD, and
    /// incomplete R8/R9 content. A revalidate recommendation lists every readiness gap, each needing the RO's reason, and the
    /// GMC's statements confirmed. The R7 snapshot of all of it is kept with the recommendation.
    /// </summary>
    public Result Submit(Guid recommendationId, DateOnly today, string submittedBy, RevalidationOptions options, StaffMember? actingOfficer = null, DateTimeOffset? now = null)
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

        var blocked = CheckHardBlocks(recommendation, today, options);
        if (!blocked.IsSuccess)
        {
            return blocked;
        }

        var readiness = ReadinessEvaluator.Evaluate(DoctorSummary.From(Doctor), today, options);
        if (recommendation.Type == RecommendationType.Revalidate)
        {
            var judged = CheckAcknowledgements(recommendation.Details, readiness);
            if (!judged.IsSuccess)
            {
                return judged;
            }
        }

        var rsd = Doctor.CurrentCycle!.Rsd;
        recommendation.Snapshot = RecommendationSnapshot.Take(Doctor, recommendation, readiness, actingOfficer, now ?? new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        recommendation.Status = RecommendationStatus.Submitted;
        recommendation.SubmittedOn = today;
        recommendation.SubmittedBy = submittedBy;
        recommendation.RsdAtSubmission = rsd;
        return Result.Success;
    }

    /// <summary>What the GMC itself would refuse (decision (d)): these are never a matter of the RO's judgement.</summary>
    private Result CheckHardBlocks(Recommendation recommendation, DateOnly today, RevalidationOptions options)
    {
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

        if (Doctor.Gmc.Connection is { Connected: false })
        {
            return Result.Fail(RuleIds.Connection, "status",
                "The GMC's list does not show this doctor as connected to your designated body, so the GMC would not accept a recommendation. Check the connection in GMC Connect.");
        }

        var cycle = Doctor.CurrentCycle!;
        if (recommendation.Type != RecommendationType.NonEngagement && !cycle.RsdConfirmed)
        {
            return Result.Fail(RuleIds.SubmissionWindow, "rsd",
                $"The submission date ({cycle.Rsd:d MMMM yyyy}) is an estimate. Confirm it from GMC Connect before submitting.");
        }

        var window = RecommendationRules.CheckSubmissionWindow(recommendation.Type, cycle.Rsd, today, options);
        if (!window.IsSuccess && today > cycle.Rsd && items.Any(r => r.CycleNumber == cycle.Number && r.Status == RecommendationStatus.Rejected))
        {
            // R11: a rejection after the RSD is not a dead end.
            return Result.Fail(RuleIds.GmcOutcome, "submittedOn",
                $"The GMC rejected the last recommendation and the submission date ({cycle.Rsd:d MMMM yyyy}) has passed. Contact the GMC or your Employer Liaison Adviser to agree a new submission date; a non-engagement recommendation is not the only way forward.");
        }

        var check = Result.All(window, RecommendationRules.CheckDetails(recommendation.Details, cycle.Rsd, options));
        if (!check.IsSuccess)
        {
            return check;
        }

        if (RecommendationRules.IsConsecutiveDeferral(recommendation.Type, items, recommendation.CycleNumber))
        {
            var violations = new List<RuleViolation>();
            if (string.IsNullOrWhiteSpace(recommendation.Details.ConsecutiveDeferralJustification))
            {
                violations.Add(new(RuleIds.Deferral, "consecutiveDeferralJustification", "This deferral follows an approved deferral; say why a further deferral is justified."));
            }

            if (recommendation.Details.ElaConsultedOn is not { } consulted || consulted > today)
            {
                violations.Add(new(RuleIds.Deferral, "elaConsultedOn",
                    "The GMC asks you to contact your Employer Liaison Adviser before a second consecutive deferral: enter the date you did."));
            }

            if (violations.Count > 0)
            {
                return Result.Fail(violations);
            }
        }

        return recommendation.Type == RecommendationType.NonEngagement && recommendation.Details.ElaConsultedOn is { } ela && ela > today
            ? Result.Fail(RuleIds.NonEngagement, "elaConsultedOn", "The date you contacted your Employer Liaison Adviser cannot be in the future.")
            : Result.Success;
    }

    /// <summary>Decision (d): every gap readiness lists has the RO's reason, and the GMC's statements are confirmed.</summary>
    private static Result CheckAcknowledgements(RecommendationDetails details, ReadinessReport readiness)
    {
        var violations = new List<RuleViolation>();
        var acknowledged = details.GapAcknowledgements ?? [];
        var unexplained = readiness.Gaps
            .Where(g => !acknowledged.Any(a => a.Code == g.Code && a.Year == g.Year && !string.IsNullOrWhiteSpace(a.Reason)))
            .ToList();
        if (unexplained.Count > 0)
        {
            violations.Add(new(RuleIds.Readiness, "gapAcknowledgements",
                $"{(unexplained.Count == 1 ? "One gap has" : $"{unexplained.Count} gaps have")} no reason given: {string.Join(" ", unexplained.Select(g => g.Message))} Give a reason for each gap to recommend revalidation despite it, or consider a deferral."));
        }

        if (details.Statements is not { AllConfirmed: true })
        {
            violations.Add(new(RuleIds.Readiness, "statements", "Confirm each of the GMC's statements for a recommendation to revalidate."));
        }

        return violations.Count == 0 ? Result.Success : Result.Fail(violations);
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

    /// <summary>Issue 16: marks a draft ready for the RO to decide, or clears the mark. Only a draft can be marked.</summary>
    public Result MarkReady(Guid recommendationId, ReadyMark? mark)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Draft)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "Only a draft recommendation can be marked ready for the responsible officer.");
        }

        recommendation.ReadyForResponsibleOfficer = mark;
        return Result.Success;
    }

    private Result<Recommendation> Find(Guid id) =>
        ById(id) is { } r
            ? r
            : Result<Recommendation>.Fail(RuleIds.Validation, "recommendationId", "No such recommendation for this doctor.");
}
