namespace Revalidation.Contracts;

/// <summary>R9: what the RO attests to when recommending non-engagement (docs/domain.md#r9). All must be true.</summary>
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
