using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Compliance;

/// <summary>R15: AOA classification counts for one appraisal year.</summary>
public sealed record AoaCounts(string Year, int Completed, int ApprovedMissed, int UnapprovedMissed, int Due, int Overdue)
{
    public int Total => Completed + ApprovedMissed + UnapprovedMissed + Due + Overdue;

    /// <summary>Completed as a share of all doctors counted, 0–1.</summary>
    public double AppraisalRate => Total == 0 ? 0 : (double)Completed / Total;
}

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
    IReadOnlyList<DepartmentCompliance> ByDepartment)
{
    public const string NoDepartment = "(none)";

    public static ComplianceSummary Build(IReadOnlyCollection<DoctorSummary> doctors, DateOnly today, RevalidationOptions options)
    {
        var active = doctors.Where(d => d.Status == DoctorStatus.Active).ToList();
        var current = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        var previous = current with { StartYear = current.StartYear - 1 };
        var underNotice = active.Where(d => CyclePosition.IsUnderNotice(d, today, options)).ToList();
        var deferred = active.Count(d => d.ApprovedDeferralsInCycle > 0);
        var firstMonth = new DateOnly(today.Year, today.Month, 1);
        var months = Enumerable.Range(0, 12).Select(i => firstMonth.AddMonths(i))
            .Select(m => new MonthCount(m.Year, m.Month, active.Count(d => d.Cycle is { } c && c.Rsd.Year == m.Year && c.Rsd.Month == m.Month)))
            .ToList();
        var byDepartment = active
            .GroupBy(d => string.IsNullOrWhiteSpace(d.Department) ? NoDepartment : d.Department!)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new DepartmentCompliance(
                g.Key,
                g.Count(),
                g.Count(d => CyclePosition.IsUnderNotice(d, today, options)),
                g.Count(d => CyclePosition.IsOverdue(d, today)),
                g.Count(d => ReadinessEvaluator.Evaluate(d, today, options).Ready),
                Count(g.ToList(), current, today),
                Count(g.ToList(), previous, today)))
            .ToList();

        return new ComplianceSummary(
            today,
            active.Count,
            doctors.Count - active.Count,
            Count(active, current, today),
            Count(active, previous, today),
            underNotice.Count,
            underNotice.Count(d => ReadinessEvaluator.Evaluate(d, today, options).Ready),
            active.Count(d => CyclePosition.IsOverdue(d, today)),
            active.Count(d => d.AwaitingGmc),
            deferred,
            active.Count == 0 ? 0 : (double)deferred / active.Count,
            months,
            byDepartment);
    }

    /// <summary>R15: one doctor's classification of the year (what the caseload filters by when a count is opened).</summary>
    public static AppraisalYearStatus Classify(DoctorSummary doctor, AppraisalYear year, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        return AppraisalRules.Classify(doctor.YearOf(year.StartYear), year, doctor.AppraisalDueMonth, today, doctor.ConnectedOn);
    }

    /// <summary>R15: each doctor's classification of the year.</summary>
    public static AoaCounts Count(IReadOnlyCollection<DoctorSummary> doctors, AppraisalYear year, DateOnly today)
    {
        var statuses = doctors.Select(d => Classify(d, year, today)).ToList();
        return new AoaCounts(
            year.Label,
            statuses.Count(s => s == AppraisalYearStatus.Completed),
            statuses.Count(s => s == AppraisalYearStatus.ApprovedMissed),
            statuses.Count(s => s == AppraisalYearStatus.UnapprovedMissed),
            statuses.Count(s => s is AppraisalYearStatus.Due or AppraisalYearStatus.NotStarted),
            statuses.Count(s => s == AppraisalYearStatus.Overdue));
    }
}
