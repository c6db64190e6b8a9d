using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Caseload;

/// <summary>Status tags an RO sees in the caseload.</summary>
public static class CaseloadTags
{
    public const string UnderNotice = "under-notice";
    public const string Ready = "ready";
    public const string Gaps = "gaps";
    public const string Overdue = "overdue";
    public const string Deferred = "deferred";
    public const string Submitted = "submitted";
    public const string Draft = "draft";
    public const string Leaver = "leaver";
    public const string Investigation = "investigation";
    public const string LocalProcess = "local-process";

    /// <summary>Decision (c): the GMC says revalidation is on hold (counted apart, never overdue).</summary>
    public const string OnHold = "on-hold";
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
    IReadOnlyList<string> Tags)
{
    public static CaseloadRow From(DoctorSummary doctor, DateOnly today, RevalidationOptions options)
    {
        var readiness = ReadinessEvaluator.Evaluate(doctor, today, options);
        var underNotice = doctor.Status == DoctorStatus.Active && CyclePosition.IsUnderNotice(doctor, today, options);
        var overdue = CyclePosition.IsOverdue(doctor, today);
        var tags = new List<string>();
        if (doctor.Status == DoctorStatus.Leaver)
        {
            tags.Add(CaseloadTags.Leaver);
        }

        if (underNotice)
        {
            tags.Add(CaseloadTags.UnderNotice);
        }

        if (overdue)
        {
            tags.Add(CaseloadTags.Overdue);
        }

        tags.Add(readiness.Ready ? CaseloadTags.Ready : CaseloadTags.Gaps);
        if (doctor.ApprovedDeferralsInCycle > 0)
        {
            tags.Add(CaseloadTags.Deferred);
        }

        if (doctor.OpenRecommendation is { } open)
        {
            tags.Add(open.Status == RecommendationStatus.Draft ? CaseloadTags.Draft : CaseloadTags.Submitted);
        }

        if (doctor.UnderGmcInvestigation)
        {
            tags.Add(CaseloadTags.Investigation);
        }

        if (doctor.GmcOnHold && !doctor.UnderGmcInvestigation)
        {
            tags.Add(CaseloadTags.OnHold);
        }

        if (doctor.OpenLocalProcess)
        {
            tags.Add(CaseloadTags.LocalProcess);
        }

        return new CaseloadRow(
            doctor.Id,
            doctor.GivenName,
            doctor.FamilyName,
            doctor.GmcNumber.Value,
            doctor.Department,
            doctor.Status,
            doctor.Cycle?.Rsd,
            doctor.Cycle?.RsdConfirmed ?? false,
            doctor.Cycle is { } c ? UkCalendar.DaysBetween(today, c.Rsd) : null,
            underNotice,
            overdue,
            readiness.Ready,
            readiness.Gaps.Count,
            doctor.OpenRecommendation?.Status,
            tags);
    }
}
