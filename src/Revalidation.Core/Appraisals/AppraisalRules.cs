using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Appraisals;

/// <summary>R14 and R15: which appraisal years a cycle expects, and how each is classified for the AOA.</summary>
public static class AppraisalRules
{
    /// <summary>R15: the classification of one appraisal year on a given day.</summary>
    public static AppraisalYearStatus Classify(YearFacts? facts, AppraisalYear year, int dueMonth, DateOnly today, DateOnly? connectedOn = null)
    {
        if (facts is { Completed: true })
        {
            return AppraisalYearStatus.Completed;
        }

        if (facts is { ApprovedMissed: true })
        {
            return AppraisalYearStatus.ApprovedMissed;
        }

        if (connectedOn is { } joined && year.DueMonth(dueMonth).Last < joined)
        {
            // R1: a year whose due month ended before the doctor joined this body is not this body's to expect.
            return AppraisalYearStatus.NotExpected;
        }

        if (today < year.Start)
        {
            return AppraisalYearStatus.NotStarted;
        }

        if (today > year.End)
        {
            return AppraisalYearStatus.UnapprovedMissed;
        }

        return today > year.DueMonth(dueMonth).Last ? AppraisalYearStatus.Overdue : AppraisalYearStatus.Due;
    }

    /// <summary>
    /// R14: the appraisal years a cycle expects an appraisal in: those whose due month ends on or after
    /// the cycle start and begins on or before the RSD.
    /// </summary>
    public static IReadOnlyList<AppraisalYear> YearsOfCycle(CycleFacts cycle, int dueMonth, RevalidationOptions options) =>
        AppraisalYear.Spanning(cycle.Start, cycle.Rsd, options.AppraisalYearStartMonth)
            .Where(y => y.DueMonth(dueMonth).Last >= cycle.Start && y.DueMonth(dueMonth).First <= cycle.Rsd)
            .ToList();

    /// <summary>
    /// The doctor's appraisal-year timeline (docs/domain.md#r14): the years of the cycle (<paramref name="cycleYears"/>, from
    /// <see cref="YearsOfCycle"/>), plus any other year the doctor has records for (e.g. the previous cycle) — except a year
    /// that starts after the cycle's RSD, which belongs to the next cycle and is never shown as part of this one. Newest first.
    /// Every screen and the API take the years from here.
    /// </summary>
    public static IReadOnlyList<AppraisalYear> TimelineYears(IEnumerable<AppraisalYear> cycleYears, IEnumerable<int> recordedYears, CycleFacts? cycle, int startMonth) =>
        cycleYears
            .Concat(recordedYears.Select(y => new AppraisalYear(y, startMonth)))
            .DistinctBy(y => y.StartYear)
            .Where(y => cycle is null || y.Start <= cycle.Rsd)
            .OrderByDescending(y => y.StartYear)
            .ToList();

    /// <summary>AOA category labels (commonly 1/2/3; kept as labels).</summary>
    public static string AoaLabel(AppraisalYearStatus status) => status switch
    {
        AppraisalYearStatus.Completed => "1 Completed",
        AppraisalYearStatus.ApprovedMissed => "2 Approved missed or incomplete",
        AppraisalYearStatus.UnapprovedMissed => "3 Unapproved missed or incomplete",
        AppraisalYearStatus.Overdue => "Overdue",
        AppraisalYearStatus.Due => "Due",
        AppraisalYearStatus.NotExpected => "Not expected (before the doctor joined)",
        _ => "Not started",
    };

    /// <summary>R14: an appraisal is expected 9 to 15 months after the previous appraisal meeting (NHS England Medical Appraisal Policy).</summary>
    public const int WindowFromMonths = 9;

    public const int WindowToMonths = 15;

    /// <summary>R14: the window the next appraisal is expected in, from the latest recorded meeting (none without one).</summary>
    public static (DateOnly Previous, DateOnly From, DateOnly To)? NextWindow(AppraisalHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var meetings = history.Items.Where(a => a.MeetingDate is not null).Select(a => a.MeetingDate!.Value).ToList();
        if (meetings.Count == 0)
        {
            return null;
        }

        var last = meetings.Max();
        return (last, last.AddMonths(WindowFromMonths), last.AddMonths(WindowToMonths));
    }

    /// <summary>R14: the latest meeting recorded for another year before <paramref name="meeting"/>, if any.</summary>
    public static DateOnly? PreviousMeeting(AppraisalHistory history, int year, DateOnly meeting)
    {
        ArgumentNullException.ThrowIfNull(history);
        var earlier = history.Items.Where(a => a.Year != year && a.MeetingDate is { } m && m < meeting).Select(a => a.MeetingDate!.Value).ToList();
        return earlier.Count == 0 ? null : earlier.Max();
    }

    /// <summary>
    /// R14 (warning, not a refusal): the plain-English warning for a meeting outside 9 to 15 months of the previous one,
    /// or null when it is inside the window (or there is no previous meeting).
    /// </summary>
    public static string? WindowWarning(DateOnly? previous, DateOnly meeting)
    {
        if (previous is not { } last || (meeting >= last.AddMonths(WindowFromMonths) && meeting <= last.AddMonths(WindowToMonths)))
        {
            return null;
        }

        var months = ((meeting.Year - last.Year) * 12) + meeting.Month - last.Month - (meeting.Day < last.Day ? 1 : 0);
        var gap = months switch
        {
            <= 0 => "less than a month",
            1 => "1 month",
            WindowToMonths => $"more than {WindowToMonths} months",
            _ => $"{months} months",
        };
        return $"This appraisal is {gap} after the previous one ({WindowFromMonths} to {WindowToMonths} months is expected).";
    }
}
