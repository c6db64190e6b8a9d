using C = Revalidation.Contracts;
using Core = Revalidation.Core;

namespace Revalidation.Api.Contracts;

/// <summary>
/// Core's enums and value records ↔ their wire copies in Revalidation.Contracts (docs/decisions/0015-record-parts-write-path-ports.md).
/// The enums share names and numbers, so each maps by its number; Api.Tests checks every pair member by member.
/// </summary>
public static class ContractMapping
{
    public static C.DoctorStatus ToContract(this Core.Common.DoctorStatus v) => (C.DoctorStatus)(int)v;

    public static C.AppraisalRequestKind ToContract(this Core.Appraisals.AppraisalRequestKind v) => (C.AppraisalRequestKind)(int)v;

    public static Core.Appraisals.AppraisalRequestKind ToCore(this C.AppraisalRequestKind v) => (Core.Appraisals.AppraisalRequestKind)(int)v;

    public static C.AppraisalRequestStatus ToContract(this Core.Appraisals.AppraisalRequestStatus v) => (C.AppraisalRequestStatus)(int)v;

    public static C.SupportingInformationType ToContract(this Core.Common.SupportingInformationType v) => (C.SupportingInformationType)(int)v;

    public static Core.Common.SupportingInformationType ToCore(this C.SupportingInformationType v) => (Core.Common.SupportingInformationType)(int)v;

    public static C.RecommendationType ToContract(this Core.Common.RecommendationType v) => (C.RecommendationType)(int)v;

    public static Core.Common.RecommendationType ToCore(this C.RecommendationType v) => (Core.Common.RecommendationType)(int)v;

    public static C.RecommendationStatus ToContract(this Core.Common.RecommendationStatus v) => (C.RecommendationStatus)(int)v;

    public static C.DeferralReason ToContract(this Core.Common.DeferralReason v) => (C.DeferralReason)(int)v;

    public static Core.Common.DeferralReason ToCore(this C.DeferralReason v) => (Core.Common.DeferralReason)(int)v;

    public static C.DeferralSubReason ToContract(this Core.Common.DeferralSubReason v) => (C.DeferralSubReason)(int)v;

    public static Core.Common.DeferralSubReason ToCore(this C.DeferralSubReason v) => (Core.Common.DeferralSubReason)(int)v;

    public static C.GmcOutcome ToContract(this Core.Common.GmcOutcome v) => (C.GmcOutcome)(int)v;

    public static Core.Common.GmcOutcome ToCore(this C.GmcOutcome v) => (Core.Common.GmcOutcome)(int)v;

    public static C.AppraisalYearStatus ToContract(this Core.Common.AppraisalYearStatus v) => (C.AppraisalYearStatus)(int)v;

    public static C.GmcSubmissionState ToContract(this Core.Gmc.GmcSubmissionState v) => (C.GmcSubmissionState)(int)v;

    public static C.SyncMode ToContract(this Core.DirectorySync.SyncMode v) => (C.SyncMode)(int)v;

    public static Core.DirectorySync.SyncMode ToCore(this C.SyncMode v) => (Core.DirectorySync.SyncMode)(int)v;

    public static C.SyncRunStatus ToContract(this Core.DirectorySync.SyncRunStatus v) => (C.SyncRunStatus)(int)v;

    public static C.DataQualityIssueKind ToContract(this Core.DirectorySync.DataQualityIssueKind v) => (C.DataQualityIssueKind)(int)v;

    public static C.DataQualityIssueStatus ToContract(this Core.DirectorySync.DataQualityIssueStatus v) => (C.DataQualityIssueStatus)(int)v;

    public static C.NonEngagementAttestations ToContract(this Core.Recommendations.NonEngagementAttestations a) =>
        new(a.HadOpportunityAndSupportButDidNotEngage, a.InformationInsufficientAndWillRemainSo, a.DeferralCriteriaNotMet, a.LocalProcessesExhausted,
            (C.CriterionAnswer)(int)a.FitnessToPractiseConcernsNotified, (C.CriterionAnswer)(int)a.PublicInterestConcernsDiscussed);

    public static Core.Recommendations.NonEngagementAttestations ToCore(this C.NonEngagementAttestations a) =>
        new(a.HadOpportunityAndSupportButDidNotEngage, a.InformationInsufficientAndWillRemainSo, a.DeferralCriteriaNotMet, a.LocalProcessesExhausted,
            (Core.Recommendations.CriterionAnswer)(int)a.FitnessToPractiseConcernsNotified, (Core.Recommendations.CriterionAnswer)(int)a.PublicInterestConcernsDiscussed);

    public static C.GapAcknowledgement ToContract(this Core.Recommendations.GapAcknowledgement a) => new(a.Code, a.Year, a.Reason);

    public static Core.Recommendations.GapAcknowledgement ToCore(this C.GapAcknowledgement a) => new(a.Code, a.Year, a.Reason);

    public static C.PositiveStatements ToContract(this Core.Recommendations.PositiveStatements s) =>
        new(s.ParticipatedInAppraisal, s.SupportingInformationCollected, s.OtherInformationConsidered, s.CompliesWithGmcConditions, s.CompliesWithLocalConditions, s.NoUnaddressedConcerns);

    public static Core.Recommendations.PositiveStatements ToCore(this C.PositiveStatements s) =>
        new(s.ParticipatedInAppraisal, s.SupportingInformationCollected, s.OtherInformationConsidered, s.CompliesWithGmcConditions, s.CompliesWithLocalConditions, s.NoUnaddressedConcerns);

    public static C.RecommendationSnapshotResponse ToContract(this Core.Recommendations.RecommendationSnapshot s) =>
        new(s.TakenAt, s.Rsd, s.RsdConfirmed, s.Ready,
            s.Gaps.Select(g => new C.SnapshotGapResponse(g.Code, g.Rule, g.Year, g.Message, g.AcknowledgedReason)).ToList(),
            s.Years.Select(y => new C.SnapshotYearResponse(y.Year, y.Label, y.Status.ToContract(), y.SignedOffOn)).ToList(),
            s.EvidenceReliedOn,
            s.ActingResponsibleOfficer is { } ro ? new StaffResponse(ro.UserId, ro.Name, ro.Email, ro.GmcNumber) : null,
            s.Statements?.ToContract(), s.Attestations?.ToContract(), s.RevalidatedWithAcknowledgedGaps);

    public static C.GmcRefusalResponse ToContract(this Core.Recommendations.GmcRefusal r) => new(r.RefusedOn, r.SubmittedOn, r.ReturnCode, r.Meaning);

    public static Core.Recommendations.RecommendationDetails ToDetails(this RecommendationRequest r) =>
        new(r.Type.ToCore(), r.DeferralReason?.ToCore(), r.DeferralSubReason?.ToCore(), r.ProposedRsd, r.Attestations?.ToCore(), r.Comments, r.ConsecutiveDeferralJustification,
            r.ElaConsultedOn, r.GapAcknowledgements?.Select(a => a.ToCore()).ToList(), r.Statements?.ToCore());

    public static C.CaseloadRow ToContract(this Core.Caseload.CaseloadRow r) =>
        new(r.DoctorId, r.GivenName, r.FamilyName, r.GmcNumber, r.Department, r.Status.ToContract(), r.Rsd, r.RsdConfirmed, r.DaysToRsd,
            r.UnderNotice, r.Overdue, r.Ready, r.GapCount, r.OpenRecommendation?.ToContract(), r.Tags);

    public static C.ComplianceSummary ToContract(this Core.Compliance.ComplianceSummary s) =>
        new(s.AsOf, s.ActiveDoctors, s.Leavers, s.CurrentYear.ToContract(), s.PreviousYear.ToContract(), s.UnderNotice, s.UnderNoticeReady,
            s.OverdueRecommendations, s.AwaitingGmc, s.CurrentlyDeferred, s.DeferralRate,
            s.RsdsNext12Months.Select(m => new C.MonthCount(m.Year, m.Month, m.Count)).ToList(),
            s.ByDepartment.Select(d => new C.DepartmentCompliance(d.Department, d.Doctors, d.UnderNotice, d.Overdue, d.Ready,
                d.CurrentYear.ToContract(), d.PreviousYear.ToContract())).ToList());

    private static C.AoaCounts ToContract(this Core.Compliance.AoaCounts a) =>
        new(a.Year, a.Completed, a.ApprovedMissed, a.UnapprovedMissed, a.Due, a.Overdue, a.Total, a.AppraisalRate);
}
