namespace Revalidation.Contracts;

/// <summary>
/// R9: the GMC's six criteria for non-engagement (docs/domain.md#r9), each confirmed by the RO; the two the GMC words
/// "where applicable" may be answered not applicable.
/// </summary>
public sealed record NonEngagementAttestations(
    bool HadOpportunityAndSupportButDidNotEngage,
    bool InformationInsufficientAndWillRemainSo,
    bool DeferralCriteriaNotMet,
    bool LocalProcessesExhausted,
    CriterionAnswer FitnessToPractiseConcernsNotified = CriterionAnswer.NotConfirmed,
    CriterionAnswer PublicInterestConcernsDiscussed = CriterionAnswer.NotConfirmed)
{
    public bool AllConfirmed =>
        HadOpportunityAndSupportButDidNotEngage && InformationInsufficientAndWillRemainSo && DeferralCriteriaNotMet
        && LocalProcessesExhausted && FitnessToPractiseConcernsNotified != CriterionAnswer.NotConfirmed
        && PublicInterestConcernsDiscussed != CriterionAnswer.NotConfirmed;
}

/// <summary>Decision (d): the RO's reason for recommending revalidation despite one readiness gap (by its code and year).</summary>
public sealed record GapAcknowledgement(string Code, int? Year, string Reason);

/// <summary>The GMC's statements for a positive recommendation, each confirmed by the RO (docs/domain.md#decision-d).</summary>
public sealed record PositiveStatements(
    bool ParticipatedInAppraisal,
    bool SupportingInformationCollected,
    bool OtherInformationConsidered,
    bool CompliesWithGmcConditions,
    bool CompliesWithLocalConditions,
    bool NoUnaddressedConcerns);

/// <summary>One readiness gap as it stood at submission, with the RO's reason.</summary>
public sealed record SnapshotGapResponse(string Code, string Rule, int? Year, string Message, string? AcknowledgedReason);

/// <summary>One appraisal year of the cycle as it stood at submission.</summary>
public sealed record SnapshotYearResponse(int Year, string Label, AppraisalYearStatus Status, DateOnly? SignedOffOn);

/// <summary>R7: what a recommendation was made on, kept with it and never changed.</summary>
public sealed record RecommendationSnapshotResponse(
    DateTimeOffset TakenAt,
    DateOnly Rsd,
    bool RsdConfirmed,
    bool Ready,
    IReadOnlyList<SnapshotGapResponse> Gaps,
    IReadOnlyList<SnapshotYearResponse> Years,
    IReadOnlyList<Guid> EvidenceReliedOn,
    Revalidation.Api.Contracts.StaffResponse? ActingResponsibleOfficer,
    PositiveStatements? Statements,
    NonEngagementAttestations? Attestations,
    bool RevalidatedWithAcknowledgedGaps);

/// <summary>R7: one refusal by the GMC's web service (not a GMC decision); the recommendation went back to draft.</summary>
public sealed record GmcRefusalResponse(DateOnly RefusedOn, DateOnly SubmittedOn, string? ReturnCode, string? Meaning);

/// <summary>Limits of a recommendation's free text, checked again by the API (docs/domain.md#r8).</summary>
public static class RecommendationLimits
{
    public const int MaxCommentsLength = 4_000;
}

/// <summary>One doctor in an RO's caseload, as of a day.</summary>
public sealed record CaseloadRow(
    Guid DoctorId,
    string GivenName,
    string FamilyName,
    string GmcNumber,
    string? Department,
    DoctorStatus Status,
    DateOnly? Rsd,
    bool RsdConfirmed,
    int? DaysToRsd,
    bool UnderNotice,
    bool Overdue,
    bool Ready,
    int GapCount,
    RecommendationStatus? OpenRecommendation,
    IReadOnlyList<string> Tags);

/// <summary>R15: AOA classification counts for one appraisal year.</summary>
public sealed record AoaCounts(string Year, int Completed, int ApprovedMissed, int UnapprovedMissed, int Due, int Overdue, int Total, double AppraisalRate);

public sealed record MonthCount(int Year, int Month, int Count);

public sealed record DepartmentCompliance(string Department, int Doctors, int UnderNotice, int Overdue, int Ready, AoaCounts CurrentYear, AoaCounts PreviousYear);

/// <summary>The medical director's view of a designated body on one day.</summary>
public sealed record ComplianceSummary(
    DateOnly AsOf,
    int ActiveDoctors,
    int Leavers,
    AoaCounts CurrentYear,
    AoaCounts PreviousYear,
    int UnderNotice,
    int UnderNoticeReady,
    int OverdueRecommendations,
    int AwaitingGmc,
    int CurrentlyDeferred,
    double DeferralRate,
    IReadOnlyList<MonthCount> RsdsNext12Months,
    IReadOnlyList<DepartmentCompliance> ByDepartment);
