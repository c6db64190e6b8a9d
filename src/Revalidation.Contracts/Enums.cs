using System.Text.Json.Serialization;

namespace Revalidation.Contracts;

// The wire copies of the domain's enums (docs/domain.md): same names and numbers, serialised by name. The API maps
// Core's enums to these (Revalidation.Api.Contracts.ContractMapping); a test keeps the two in step.

[JsonConverter(typeof(JsonStringEnumConverter<DoctorStatus>))]
public enum DoctorStatus
{
    Active,
    /// <summary>R13: left the directory; the record is kept, never deleted.</summary>
    Leaver,
}

/// <summary>The GMC's six types of supporting information, plus anything else the doctor keeps.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupportingInformationType>))]
public enum SupportingInformationType
{
    ContinuingProfessionalDevelopment,
    QualityImprovementActivity,
    SignificantEvents,
    PatientFeedback,
    ColleagueFeedback,
    ComplimentsAndComplaints,
    Other,
}

[JsonConverter(typeof(JsonStringEnumConverter<RecommendationType>))]
public enum RecommendationType
{
    Revalidate = 1,
    Defer = 2,
    NonEngagement = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<RecommendationStatus>))]
public enum RecommendationStatus
{
    Draft,
    Submitted,
    UnderReview,
    Approved,
    Rejected,
    /// <summary>Submitted by the RO and held for the cooling-off period (docs/decisions/0018): it may still be cancelled; not yet with the GMC.</summary>
    Held,
    /// <summary>Manual route: the hold ended and it waits on the worksheet to be entered in GMC Connect; not yet with the GMC.</summary>
    ToEnterInGmcConnect,
}

/// <summary>R8: the GMC's active deferral reasons.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeferralReason>))]
public enum DeferralReason
{
    InsufficientEvidence = 1,
    OngoingLocalProcess = 2,
}

/// <summary>R8: sub-reasons of "insufficient evidence", numbered as the GMC numbers them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeferralSubReason>))]
public enum DeferralSubReason
{
    AppraisalActivity = 1,
    ColleagueFeedback = 2,
    ComplimentsAndComplaints = 3,
    ContinuingProfessionalDevelopment = 4,
    InterruptionToPractice = 5,
    PatientFeedback = 6,
    QualityImprovementActivity = 7,
    SignificantEvents = 8,
}

/// <summary>The outcome the GMC returns for a submitted recommendation (R11).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GmcOutcome>))]
public enum GmcOutcome
{
    Approved,
    Rejected,
    UnderReview,
}

/// <summary>R15: the AOA classification of an appraisal year, and its state while the year runs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppraisalYearStatus>))]
public enum AppraisalYearStatus
{
    /// <summary>The year has not started.</summary>
    NotStarted,
    /// <summary>The year runs and its due month has not passed.</summary>
    Due,
    /// <summary>The year runs and its due month has passed with no appraisal.</summary>
    Overdue,
    /// <summary>AOA category 1: appraisal completed.</summary>
    Completed,
    /// <summary>AOA category 2: missed or incomplete, for a reason the RO approved.</summary>
    ApprovedMissed,
    /// <summary>AOA category 3: missed or incomplete, not approved.</summary>
    UnapprovedMissed,
    /// <summary>The year's due month ended before the doctor joined this body: not expected.</summary>
    NotExpected,
}

/// <summary>Where a recommendation's submission through the GMC web service stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GmcSubmissionState>))]
public enum GmcSubmissionState
{
    Queued,
    Sending,
    Submitted,
    RejectedByGmc,
    Held,
}

[JsonConverter(typeof(JsonStringEnumConverter<SyncMode>))]
public enum SyncMode
{
    Incremental,
    Full,
}

[JsonConverter(typeof(JsonStringEnumConverter<SyncRunStatus>))]
public enum SyncRunStatus
{
    Running,
    Succeeded,
    Failed,
    AwaitingConfirmation,
}

[JsonConverter(typeof(JsonStringEnumConverter<DataQualityIssueKind>))]
public enum DataQualityIssueKind
{
    InvalidGmcNumber,
    DuplicateGmcNumber,
    GmcNumberChanged,
    UnknownDesignatedBody,
    DesignatedBodyChanged,
    InvalidDetails,
    Unreadable,
    RsdToConfirm,
    Leaver,
    GmcConnectedNotInDirectory,
    GmcNotConnected,
    GmcLeaverStillConnected,
    GmcSubmissionDateRefused,
    ResponsibleOfficerIsDoctor,
    InvalidEmail,
}

[JsonConverter(typeof(JsonStringEnumConverter<DataQualityIssueStatus>))]
public enum DataQualityIssueStatus
{
    Open,
    Resolved,
}

/// <summary>R9: the RO's answer to a "where applicable" non-engagement criterion.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionAnswer>))]
public enum CriterionAnswer
{
    NotConfirmed,
    Confirmed,
    NotApplicable,
}

/// <summary>Issue 16: what a doctor asks of the RO team for one appraisal year.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppraisalRequestKind>))]
public enum AppraisalRequestKind
{
    Postponement,
    ApprovedMissed,
}

[JsonConverter(typeof(JsonStringEnumConverter<AppraisalRequestStatus>))]
public enum AppraisalRequestStatus
{
    Pending,
    Approved,
    Declined,
    Withdrawn,
}
