using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Recommendations;

/// <summary>The GMC's rules for what a recommendation must contain and when it may be submitted.</summary>
public static class RecommendationRules
{
    /// <summary>R4: revalidate and defer only while under notice and on or before the RSD; non-engagement at any time.</summary>
    public static Result CheckSubmissionWindow(RecommendationType type, DateOnly rsd, DateOnly today, RevalidationOptions options)
    {
        if (type == RecommendationType.NonEngagement)
        {
            return Result.Success;
        }

        if (today > rsd)
        {
            return Result.Fail(RuleIds.SubmissionWindow, "submittedOn",
                $"The revalidation submission date ({rsd:d MMMM yyyy}) has passed; only a non-engagement recommendation can be submitted now.");
        }

        var noticeStart = CycleRules.NoticeStart(rsd, options);
        if (today < noticeStart)
        {
            return Result.Fail(RuleIds.SubmissionWindow, "submittedOn",
                $"The doctor is not under notice until {noticeStart:d MMMM yyyy}; a {type} recommendation cannot be submitted before then.");
        }

        return Result.Success;
    }

    /// <summary>R8: the earliest and latest new RSD a deferral may propose.</summary>
    public static (DateOnly Earliest, DateOnly Latest) DeferralBounds(DateOnly rsd, RevalidationOptions options) =>
        (rsd.AddDays(options.DeferralMinDays), rsd.AddDays(options.DeferralMaxDays));

    /// <summary>R8 and R9: the content each type needs. Checked when drafting, editing and submitting.</summary>
    public static Result CheckDetails(RecommendationDetails details, DateOnly rsd, RevalidationOptions options)
    {
        if (!Enum.IsDefined(details.Type))
        {
            return Result.Fail(RuleIds.Validation, "type", "Type must be Revalidate, Defer or NonEngagement.");
        }

        var checks = new List<RuleViolation>();
        if (details.Comments is { Length: > RecommendationDetails.MaxCommentsLength })
        {
            checks.Add(new(RuleIds.Validation, "comments", $"Comments are at most {RecommendationDetails.MaxCommentsLength} characters."));
        }

        foreach (var (acknowledgement, i) in (details.GapAcknowledgements ?? []).Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(acknowledgement.Code) || acknowledgement.Code.Length > 64)
            {
                checks.Add(new(RuleIds.Validation, $"gapAcknowledgements[{i}].code", "Name the gap each reason is for."));
            }

            if (acknowledgement.Reason is { Length: > GapAcknowledgement.MaxReasonLength })
            {
                checks.Add(new(RuleIds.Validation, $"gapAcknowledgements[{i}].reason", $"A reason is at most {GapAcknowledgement.MaxReasonLength} characters."));
            }
        }

        if (details.Type != RecommendationType.Revalidate && (details.GapAcknowledgements is { Count: > 0 } || details.Statements is not null))
        {
            checks.Add(new(RuleIds.Readiness, "statements", "Reasons for gaps and the statements for a positive recommendation belong to a revalidate recommendation only."));
        }

        if (details.ElaConsultedOn is { } ela && ela < rsd.AddYears(-6))
        {
            checks.Add(new(RuleIds.Validation, "elaConsultedOn", "The date you contacted your Employer Liaison Adviser is out of range."));
        }

        switch (details.Type)
        {
            case RecommendationType.Defer:
                checks.AddRange(CheckDeferral(details, rsd, options).Violations);
                break;
            case RecommendationType.NonEngagement:
                checks.AddRange(CheckNonEngagement(details).Violations);
                break;
            case RecommendationType.Revalidate:
                if (details.DeferralReason is not null || details.DeferralSubReason is not null || details.ProposedRsd is not null)
                {
                    checks.Add(new(RuleIds.Deferral, "deferralReason", "A revalidate recommendation has no deferral reason or proposed date."));
                }

                break;
        }

        return checks.Count == 0 ? Result.Success : Result.Fail(checks);
    }

    /// <summary>R8: reason, sub-reason (for insufficient evidence only) and a proposed date within the bounds.</summary>
    public static Result CheckDeferral(RecommendationDetails details, DateOnly rsd, RevalidationOptions options)
    {
        var violations = new List<RuleViolation>();
        switch (details.DeferralReason)
        {
            case null:
                violations.Add(new(RuleIds.Deferral, "deferralReason", "A deferral needs a reason: insufficient evidence (1) or an ongoing local process (2)."));
                break;
            case DeferralReason.InsufficientEvidence:
                if (details.DeferralSubReason is null)
                {
                    violations.Add(new(RuleIds.Deferral, "deferralSubReason", "Insufficient evidence needs a sub-reason (1–8)."));
                }
                else if (!Enum.IsDefined(details.DeferralSubReason.Value))
                {
                    violations.Add(new(RuleIds.Deferral, "deferralSubReason", "The sub-reason must be one of the GMC's codes 1–8."));
                }

                break;
            case DeferralReason.OngoingLocalProcess:
                if (details.DeferralSubReason is not null)
                {
                    violations.Add(new(RuleIds.Deferral, "deferralSubReason", "An ongoing local process takes no sub-reason."));
                }

                break;
            default:
                violations.Add(new(RuleIds.Deferral, "deferralReason", "The reason must be 1 (insufficient evidence) or 2 (ongoing local process)."));
                break;
        }

        var (earliest, latest) = DeferralBounds(rsd, options);
        if (details.ProposedRsd is not { } proposed)
        {
            violations.Add(new(RuleIds.Deferral, "proposedRsd", "A deferral needs a proposed new submission date."));
        }
        else if (proposed < earliest || proposed > latest)
        {
            violations.Add(new(RuleIds.Deferral, "proposedRsd",
                $"The proposed date must be from {earliest:d MMMM yyyy} to {latest:d MMMM yyyy}: {options.DeferralMinDays} to {options.DeferralMaxDays} days after the current submission date."));
        }

        return violations.Count == 0 ? Result.Success : Result.Fail(violations);
    }

    /// <summary>R9: every one of the GMC's six criteria confirmed (or, for the two "where applicable", not applicable).</summary>
    public static Result CheckNonEngagement(RecommendationDetails details)
    {
        if (details.Attestations is not { AllConfirmed: true })
        {
            return Result.Fail(RuleIds.NonEngagement, "attestations",
                "Non-engagement needs each of the GMC's six criteria confirmed; the two that apply only where applicable may be answered not applicable.");
        }

        if (details.DeferralReason is not null || details.DeferralSubReason is not null || details.ProposedRsd is not null)
        {
            return Result.Fail(RuleIds.NonEngagement, "deferralReason", "A non-engagement recommendation has no deferral reason, sub-reason or date.");
        }

        return Result.Success;
    }

    /// <summary>
    /// R8: a deferral that follows an approved deferral in the same cycle is consecutive, and the RO must
    /// justify it (the GMC accepts repeat deferrals "if it can be justified").
    /// </summary>
    public static bool IsConsecutiveDeferral(RecommendationType type, IEnumerable<Recommendation> history, int cycleNumber)
    {
        if (type != RecommendationType.Defer)
        {
            return false;
        }

        var last = history
            .Where(r => r.CycleNumber == cycleNumber && r.Status == RecommendationStatus.Approved)
            .OrderByDescending(r => r.OutcomeOn)
            .FirstOrDefault();
        return last?.Type == RecommendationType.Defer;
    }
}
