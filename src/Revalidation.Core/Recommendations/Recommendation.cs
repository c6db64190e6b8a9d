using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Recommendations;

/// <summary>R9: the RO's answer to one of the GMC's "where applicable" non-engagement criteria.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionAnswer>))]
public enum CriterionAnswer
{
    /// <summary>Not confirmed: the recommendation cannot be submitted.</summary>
    NotConfirmed,
    Confirmed,
    /// <summary>The criterion does not apply to this doctor (the GMC says "where applicable").</summary>
    NotApplicable,
}

/// <summary>
/// R9 (docs/domain.md#r9): the GMC's six criteria for non-engagement, each confirmed by the RO, in the GMC's order. The
/// first four must be confirmed; the two the GMC words "where applicable" may be answered not applicable.
/// </summary>
public sealed record NonEngagementAttestations(
    bool HadOpportunityAndSupportButDidNotEngage,
    bool InformationInsufficientAndWillRemainSo,
    bool DeferralCriteriaNotMet,
    bool LocalProcessesExhausted,
    CriterionAnswer FitnessToPractiseConcernsNotified = CriterionAnswer.NotConfirmed,
    CriterionAnswer PublicInterestConcernsDiscussed = CriterionAnswer.NotConfirmed)
{
    /// <summary>The GMC's wording of each criterion, quoted from its page "Recommendations of non-engagement", in order.</summary>
    public static readonly IReadOnlyList<(string Field, string Wording, bool WhereApplicable)> Criteria =
    [
        (nameof(HadOpportunityAndSupportButDidNotEngage), "The doctor has been given sufficient opportunity and support to engage in appraisal or other activities designed to support a revalidation recommendation, but has failed to do so, or the level of engagement is insufficient to support a recommendation to revalidate.", false),
        (nameof(InformationInsufficientAndWillRemainSo), "You do not have, and do not anticipate having, sufficient information on which to base a recommendation about the doctor's revalidation.", false),
        (nameof(DeferralCriteriaNotMet), "You have assured yourself that the doctor does not meet the criteria for a recommendation to defer their submission date and there are no reasonable grounds that account for the doctor's failure to sufficiently engage with revalidation and meet all the requirements.", false),
        (nameof(LocalProcessesExhausted), "All reasonable local processes have been exhausted in attempts to rectify the doctor's failure to engage.", false),
        (nameof(FitnessToPractiseConcernsNotified), "Where applicable, you have notified us of any unaddressed concerns about the fitness to practise of the doctor.", true),
        (nameof(PublicInterestConcernsDiscussed), "Where applicable, you have discussed any public interest concerns raised by the doctor with your Employer Liaison Adviser.", true),
    ];

    public bool AllConfirmed =>
        HadOpportunityAndSupportButDidNotEngage && InformationInsufficientAndWillRemainSo && DeferralCriteriaNotMet
        && LocalProcessesExhausted && Answered(FitnessToPractiseConcernsNotified) && Answered(PublicInterestConcernsDiscussed);

    private static bool Answered(CriterionAnswer answer) => answer is CriterionAnswer.Confirmed or CriterionAnswer.NotApplicable;
}

/// <summary>
/// Decision (d) (docs/domain.md#decision-d): the RO's reason for recommending revalidation despite one readiness gap,
/// named by the gap's code and year as readiness lists it.
/// </summary>
public sealed record GapAcknowledgement(string Code, int? Year, string Reason)
{
    public const int MaxReasonLength = 1_000;
}

/// <summary>
/// The GMC's statements for a positive recommendation (GMC protocol, "Making a recommendation", 3.1.2), each confirmed by
/// the RO before a revalidate recommendation is submitted.
/// </summary>
public sealed record PositiveStatements(
    bool ParticipatedInAppraisal,
    bool SupportingInformationCollected,
    bool OtherInformationConsidered,
    bool CompliesWithGmcConditions,
    bool CompliesWithLocalConditions,
    bool NoUnaddressedConcerns)
{
    /// <summary>What the RO confirms, in the product's plain words of the GMC's statements.</summary>
    public static readonly IReadOnlyList<(string Field, string Wording)> Statements =
    [
        (nameof(ParticipatedInAppraisal), "The doctor has participated in annual appraisal that covers the whole of their practice."),
        (nameof(SupportingInformationCollected), "The doctor has collected and reflected on the supporting information the GMC requires."),
        (nameof(OtherInformationConsidered), "I have considered all the other information available to me about the doctor's practice, including from clinical governance."),
        (nameof(CompliesWithGmcConditions), "Where applicable, the doctor complies with any GMC conditions or undertakings."),
        (nameof(CompliesWithLocalConditions), "Where applicable, the doctor complies with any locally agreed conditions or restrictions."),
        (nameof(NoUnaddressedConcerns), "I know of no unaddressed concerns about the doctor's fitness to practise."),
    ];

    public bool AllConfirmed => ParticipatedInAppraisal && SupportingInformationCollected && OtherInformationConsidered
        && CompliesWithGmcConditions && CompliesWithLocalConditions && NoUnaddressedConcerns;
}

/// <summary>The content of a recommendation that an RO drafts and may edit until it is submitted.</summary>
public sealed record RecommendationDetails(
    RecommendationType Type,
    DeferralReason? DeferralReason = null,
    DeferralSubReason? DeferralSubReason = null,
    DateOnly? ProposedRsd = null,
    NonEngagementAttestations? Attestations = null,
    string? Comments = null,
    string? ConsecutiveDeferralJustification = null,
    DateOnly? ElaConsultedOn = null,
    IReadOnlyList<GapAcknowledgement>? GapAcknowledgements = null,
    PositiveStatements? Statements = null)
{
    public const int MaxCommentsLength = 4_000;

    /// <summary>Value equality over the lists too (a record compares a list by reference).</summary>
    public bool Equals(RecommendationDetails? other) =>
        other is not null && Type == other.Type && DeferralReason == other.DeferralReason && DeferralSubReason == other.DeferralSubReason
        && ProposedRsd == other.ProposedRsd && Attestations == other.Attestations && Comments == other.Comments
        && ConsecutiveDeferralJustification == other.ConsecutiveDeferralJustification && ElaConsultedOn == other.ElaConsultedOn
        && Statements == other.Statements && (GapAcknowledgements ?? []).SequenceEqual(other.GapAcknowledgements ?? []);

    public override int GetHashCode() => HashCode.Combine(Type, DeferralReason, ProposedRsd, Attestations, Statements);
}

/// <summary>R7: one refusal by the GMC's web service; the recommendation went back to draft for correction.</summary>
public sealed record GmcRefusal(DateOnly RefusedOn, DateOnly SubmittedOn, string? ReturnCode, string? Meaning);

/// <summary>
/// Issue 16: a draft marked "ready for the RO" by the RO team (usually the revalidation manager who prepared it): who
/// (their id, name and role) and when. It says the preparation is done; only the RO decides and submits.
/// </summary>
public sealed record ReadyMark(string UserId, string Name, string Role, DateTimeOffset At);

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

    /// <summary>Issue 16: the draft is ready for the RO to decide (null: not marked, or cleared).</summary>
    [JsonInclude]
    public ReadyMark? ReadyForResponsibleOfficer { get; internal set; }

    /// <summary>R7: what it was made on, taken at submission and never changed.</summary>
    [JsonInclude]
    public RecommendationSnapshot? Snapshot { get; internal set; }

    /// <summary>R7: the GMC's refusals of earlier submissions (a non-zero return code: the GMC never received it), oldest first.</summary>
    [JsonInclude]
    public IReadOnlyList<GmcRefusal> Refusals { get; internal set; } = [];

    /// <summary>The submission through the GMC web service (the outbox message); null on the manual route.</summary>
    [JsonInclude]
    public Gmc.GmcSubmission? GmcSubmission { get; internal set; }

    /// <summary>When the cooling-off hold ends and the recommendation is released (docs/decisions/0018); set while held.</summary>
    [JsonInclude]
    public DateTimeOffset? HoldEndsAt { get; internal set; }

    /// <summary>When the hold ended and it was released (to the GMC outbox or the GMC Connect worksheet).</summary>
    [JsonInclude]
    public DateTimeOffset? ReleasedAt { get; internal set; }

    /// <summary>R6: draft, held, waiting to be entered in GMC Connect, or awaiting the GMC.</summary>
    public bool IsOpen => Status is RecommendationStatus.Draft or RecommendationStatus.Held or RecommendationStatus.ToEnterInGmcConnect
        or RecommendationStatus.Submitted or RecommendationStatus.UnderReview;

    public RecommendationType Type => Details.Type;
}
