using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Alerts;

/// <summary>An alert the planner decided on: to send, or to record as skipped (catch-up rule).</summary>
/// <param name="RefersTo">The date the alert is about, shown to its recipient: the RSD, or the first day of the appraisal due month.</param>
public sealed record PlannedAlert(string Key, AlertRecipient Recipient, string Kind, DateOnly DueOn, AlertState State, string? Detail = null, DateOnly? RefersTo = null)
{
    public AlertRecord ToRecord(DesignatedBodyCode body, Guid? doctorId, DateTimeOffset now) =>
        new(Key, body, doctorId, Recipient, Kind, DueOn, now, State, Detail, RefersTo);
}

/// <summary>The deterministic keys of docs/domain.md#alerts.</summary>
public static class AlertKeys
{
    public static string ConnectionCheck(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/doctor/connection-check";

    public static string Appraisal(DoctorSummary d, AppraisalYear y, string threshold) => $"{Prefix(d)}/year-{y.StartYear}/doctor/appraisal-{threshold}";

    /// <summary>Per RSD, so that after an approved deferral the new notice period tells the doctor again (the weekly limit spans the cycle).</summary>
    public static string Gaps(DoctorSummary d, CycleFacts c, string fingerprint) => $"{GapsPrefix(d, c)}rsd-{c.Rsd:yyyyMMdd}-{fingerprint}";

    public static string GapsPrefix(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/doctor/gaps-";

    public static string ResponsibleOfficer(DoctorSummary d, CycleFacts c, string threshold) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/ro/{threshold}";

    public static string RsdPassed(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/md/rsd-passed";

    public static string Leaver(DesignatedBodyCode body, Guid doctorId, DateOnly leftOn) => $"{body}/{doctorId:N}/ro/leaver-{leftOn:yyyyMMdd}";

    public static string WeeklyDigest(DesignatedBodyCode body, DateOnly anyDayOfWeek) => WeeklyDigest(body, anyDayOfWeek, AlertRecipient.MedicalDirector);

    /// <summary>The weekly digest of one ISO week, for the RO or the medical director.</summary>
    public static string WeeklyDigest(DesignatedBodyCode body, DateOnly anyDayOfWeek, AlertRecipient recipient)
    {
        var day = anyDayOfWeek.ToDateTime(TimeOnly.MinValue);
        var who = recipient == AlertRecipient.ResponsibleOfficer ? "ro" : "md";
        return $"{body}/week-{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}/{who}/digest";
    }

    /// <summary>The admin's notice that the alert <paramref name="deadLetterKey"/> was dead-lettered (§4: "mail dead-lettered", per message).</summary>
    public static string DeadLetterNotice(string deadLetterKey) => $"{deadLetterKey}/admin/dead-lettered";

    private static string Prefix(DoctorSummary d) => $"{d.DesignatedBody}/{d.Id:N}";
}

/// <summary>
/// docs/domain.md#alerts as a pure function: which alerts are due for one doctor on one day, given the alerts
/// already recorded for that doctor. Each series (connection check, appraisal reminders, RO reminders…)
/// follows the catch-up rule: when several thresholds have passed unrecorded, only the most urgent is
/// sent and the others are recorded as skipped.
/// </summary>
public static class AlertPlanner
{
    public const string Overdue = "overdue";

    public static IReadOnlyList<PlannedAlert> Plan(DoctorSummary doctor, DateOnly today, RevalidationOptions options, IReadOnlyCollection<AlertRecord> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return Plan(doctor, today, options, existing.Select(a => (a.Key, a.DueOn)).ToList());
    }

    /// <summary>The same, given only the keys and due days of the doctor's recorded alerts (what the scan reads).</summary>
    public static IReadOnlyList<PlannedAlert> PlanFromKeys(DoctorSummary doctor, DateOnly today, RevalidationOptions options, IReadOnlyCollection<RecordedAlert> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return Plan(doctor, today, options, existing.Select(a => (a.Key, a.DueOn)).ToList());
    }

    private static List<PlannedAlert> Plan(DoctorSummary doctor, DateOnly today, RevalidationOptions options, List<(string Key, DateOnly DueOn)> existing)
    {
        if (doctor.Status == DoctorStatus.Leaver || doctor.Cycle is not { } cycle)
        {
            return [];
        }

        var keys = existing.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var planned = new List<PlannedAlert>();

        // R2: the doctor confirms their connection six months before the RSD.
        var connectionDue = CycleRules.ConnectionCheckDate(cycle.Rsd, options);
        if (today >= connectionDue && today <= cycle.Rsd)
        {
            planned.AddRange(Series(keys, today, [(AlertKeys.ConnectionCheck(doctor, cycle), "connection-check", connectionDue)], AlertRecipient.Doctor, refersTo: cycle.Rsd));
        }

        // R14: appraisal reminders before the due month of this appraisal year and the next, then overdue.
        var current = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        foreach (var year in new[] { current, current.Next })
        {
            var status = AppraisalRules.Classify(doctor.YearOf(year.StartYear), year, doctor.AppraisalDueMonth, today);
            if (status is AppraisalYearStatus.Completed or AppraisalYearStatus.ApprovedMissed or AppraisalYearStatus.UnapprovedMissed)
            {
                continue;
            }

            var (first, last) = year.DueMonth(doctor.AppraisalDueMonth);
            var thresholds = options.DoctorAppraisalReminderDays
                .Select(d => (AlertKeys.Appraisal(doctor, year, $"{d}d"), $"appraisal-{d}d", first.AddDays(-d)))
                .Append((AlertKeys.Appraisal(doctor, year, Overdue), "appraisal-overdue", last.AddDays(1)))
                .Where(t => t.Item3 <= year.End)
                .ToList();
            planned.AddRange(Series(keys, today, thresholds, AlertRecipient.Doctor, year.Label, first));
        }

        var submitted = doctor.AwaitingGmc;
        var underNotice = CycleRules.IsUnderNotice(cycle.Rsd, today, options);
        if (!submitted)
        {
            // §4: RO reminders from the start of notice to the RSD, then overdue; the medical director when the RSD passes.
            var roThresholds = options.ResponsibleOfficerReminderDays
                .Select(d => (AlertKeys.ResponsibleOfficer(doctor, cycle, $"{d}d"), $"ro-rsd-{d}d", cycle.Rsd.AddDays(-d)))
                .Append((AlertKeys.ResponsibleOfficer(doctor, cycle, Overdue), "ro-rsd-overdue", cycle.Rsd.AddDays(1)))
                .ToList();
            if (today > cycle.Rsd)
            {
                planned.AddRange(Series(keys, today, [(AlertKeys.RsdPassed(doctor, cycle), "md-rsd-passed", cycle.Rsd.AddDays(1))], AlertRecipient.MedicalDirector, refersTo: cycle.Rsd));
            }

            var readiness = underNotice || today > cycle.Rsd ? ReadinessEvaluator.Evaluate(doctor, today, options) : null;
            var detail = readiness is null ? null : readiness.Ready ? "ready" : $"{readiness.Gaps.Count} gap(s)";
            planned.AddRange(Series(keys, today, roThresholds, AlertRecipient.ResponsibleOfficer, detail, cycle.Rsd));

            // §4: the doctor is told of gaps while under notice; again at most weekly while the gaps change.
            if (underNotice && readiness is { Ready: false })
            {
                var fingerprint = Fingerprint(readiness.Gaps.Select(g => $"{g.Code}:{g.Year}"));
                var key = AlertKeys.Gaps(doctor, cycle, fingerprint);
                var lastGaps = existing.Where(a => a.Key.StartsWith(AlertKeys.GapsPrefix(doctor, cycle), StringComparison.Ordinal))
                    .Select(a => (DateOnly?)a.DueOn)
                    .Max();
                if (!keys.Contains(key) && (lastGaps is not { } last || UkCalendar.DaysBetween(last, today) >= options.GapsResendDays))
                {
                    planned.Add(new PlannedAlert(key, AlertRecipient.Doctor, "doctor-gaps", today, AlertState.Pending, $"{readiness.Gaps.Count} gap(s)", cycle.Rsd));
                }
            }
        }

        return planned;
    }

    /// <summary>The catch-up rule for one series of thresholds (ordered earliest first).</summary>
    private static IEnumerable<PlannedAlert> Series(
        HashSet<string> recorded,
        DateOnly today,
        IReadOnlyList<(string Key, string Kind, DateOnly Due)> thresholds,
        AlertRecipient recipient,
        string? detail = null,
        DateOnly? refersTo = null)
    {
        var ordered = thresholds.OrderBy(t => t.Due).ToList();
        var passed = ordered.Where(t => t.Due <= today).ToList();
        var pending = passed.Where(t => !recorded.Contains(t.Key)).ToList();
        if (pending.Count == 0)
        {
            yield break;
        }

        var latestRecorded = passed.Where(t => recorded.Contains(t.Key)).Select(t => (DateOnly?)t.Due).Max();
        var mostUrgent = pending[^1];
        foreach (var t in pending)
        {
            var send = t == mostUrgent && (latestRecorded is null || t.Due > latestRecorded);
            yield return new PlannedAlert(t.Key, recipient, t.Kind, t.Due, send ? AlertState.Pending : AlertState.Skipped, detail, refersTo);
        }
    }

    private static string Fingerprint(IEnumerable<string> parts)
    {
        var text = string.Join('|', parts.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
