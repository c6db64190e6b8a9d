using Revalidation.Core.Common;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Tests.Support;

/// <summary>Recommendation content as an RO would write it.</summary>
internal static class Recommend
{
    public static NonEngagementAttestations AllAttested => new(true, true, true, true, CriterionAnswer.Confirmed, CriterionAnswer.NotApplicable);

    /// <summary>Decision (d): the GMC's statements for a positive recommendation, all confirmed.</summary>
    public static PositiveStatements AllStatements => new(true, true, true, true, true, true);

    public static RecommendationDetails Revalidate() => new(RecommendationType.Revalidate, Statements: AllStatements);

    public static RecommendationDetails Defer(
        DateOnly proposedRsd,
        DeferralReason? reason = DeferralReason.InsufficientEvidence,
        DeferralSubReason? subReason = DeferralSubReason.ColleagueFeedback,
        string? justification = null) =>
        new(RecommendationType.Defer, reason, subReason, proposedRsd, ConsecutiveDeferralJustification: justification);

    public static RecommendationDetails DeferForLocalProcess(DateOnly proposedRsd) =>
        new(RecommendationType.Defer, DeferralReason.OngoingLocalProcess, null, proposedRsd);

    public static RecommendationDetails NonEngagement(NonEngagementAttestations? attestations = null) =>
        new(RecommendationType.NonEngagement, Attestations: attestations ?? AllAttested);
}
