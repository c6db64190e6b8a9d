using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Recommendations;

/// <summary>R9: what the RO attests to when recommending non-engagement. All must be true.</summary>
public sealed record NonEngagementAttestations(
    bool HadOpportunityAndSupportButDidNotEngage,
    bool InformationInsufficientAndWillRemainSo,
    bool DeferralCriteriaNotMet,
    bool LocalProcessesExhausted,
    bool FitnessToPractiseConcernsNotified)
{
    public bool AllConfirmed =>
        HadOpportunityAndSupportButDidNotEngage && InformationInsufficientAndWillRemainSo && DeferralCriteriaNotMet
        && LocalProcessesExhausted && FitnessToPractiseConcernsNotified;
}

/// <summary>The content of a recommendation that an RO drafts and may edit until it is submitted.</summary>
public sealed record RecommendationDetails(
    RecommendationType Type,
    DeferralReason? DeferralReason = null,
    DeferralSubReason? DeferralSubReason = null,
    DateOnly? ProposedRsd = null,
    NonEngagementAttestations? Attestations = null,
    string? Comments = null,
    string? ConsecutiveDeferralJustification = null)
{
    public const int MaxCommentsLength = 4_000;
}

/// <summary>An RO's recommendation to the GMC: draft → submitted → under review / approved / rejected.</summary>
public sealed class Recommendation
{
    [JsonConstructor]
    internal Recommendation(Guid id, int cycleNumber, RecommendationDetails details, DateTimeOffset createdAt, string createdBy)
    {
        Id = id;
        CycleNumber = cycleNumber;
        Details = details;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; }

    public int CycleNumber { get; }

    [JsonInclude]
    public RecommendationDetails Details { get; internal set; }

    [JsonInclude]
    public RecommendationStatus Status { get; internal set; } = RecommendationStatus.Draft;

    public DateTimeOffset CreatedAt { get; }

    public string CreatedBy { get; }

    [JsonInclude]
    public DateOnly? SubmittedOn { get; internal set; }

    [JsonInclude]
    public string? SubmittedBy { get; internal set; }

    /// <summary>The RSD when it was submitted: a snapshot, kept with the history (R7).</summary>
    [JsonInclude]
    public DateOnly? RsdAtSubmission { get; internal set; }

    [JsonInclude]
    public DateOnly? OutcomeOn { get; internal set; }

    [JsonInclude]
    public string? GmcRecommendationId { get; internal set; }

    /// <summary>The submission through the GMC web service (the outbox message); null on the manual route.</summary>
    [JsonInclude]
    public Gmc.GmcSubmission? GmcSubmission { get; internal set; }

    /// <summary>R6: draft or awaiting the GMC.</summary>
    public bool IsOpen => Status is RecommendationStatus.Draft or RecommendationStatus.Submitted or RecommendationStatus.UnderReview;

    public RecommendationType Type => Details.Type;
}
