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
public sealed record PlannedAlert(string Key, AlertContent Content, DateOnly DueOn, AlertState State)
{
    public AlertKind Kind => Content.Kind;

    public AlertRecipient Recipient => Content.Recipient;

    public AlertFacts Facts => Content.Facts;

    /// <summary>The alert's stable short name (<see cref="AlertRecord.Code"/>).</summary>
    public string Code => AlertTemplates.Code(Kind, Facts);

    public AlertRecord ToRecord(DesignatedBodyCode body, Guid? doctorId, DateTimeOffset now) =>
        Content.ToRecord(Key, body, doctorId, DueOn, now, State);
}

/// <summary>The deterministic keys of docs/domain.md#alerts.</summary>
public static class AlertKeys
{
    /// <summary>R2: once per cycle, and again for each date an approved deferral moved it to (docs/domain.md#r2).</summary>
    public static string ConnectionCheck(DoctorSummary d, CycleFacts c) =>
        d.ApprovedDeferralsInCycle == 0 ? $"{Prefix(d)}/cycle-{c.Number}/doctor/connection-check" : $"{Prefix(d)}/cycle-{c.Number}/doctor/connection-check-rsd-{c.Rsd:yyyyMMdd}";

    public static string Appraisal(DoctorSummary d, AppraisalYear y, string threshold) => $"{Prefix(d)}/year-{y.StartYear}/doctor/appraisal-{threshold}";

    /// <summary>Per RSD, so that after an approved deferral the new notice period tells the doctor again (the weekly limit spans the cycle).</summary>
    public static string Gaps(DoctorSummary d, CycleFacts c, string fingerprint) => $"{GapsPrefix(d, c)}rsd-{c.Rsd:yyyyMMdd}-{fingerprint}";

    public static string GapsPrefix(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/doctor/gaps-";

    public static string ResponsibleOfficer(DoctorSummary d, CycleFacts c, string threshold) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/ro/{threshold}";

    public static string RsdEstimated(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/ro/rsd-estimated";

    public static string GmcNotAcknowledged(DoctorSummary d, CycleFacts c, int days) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/ro/gmc-unacknowledged-{days}d";

    /// <summary>Decision (c): one notice when revalidation goes on hold and one when it ends, per cycle and date.</summary>
    public static string OnHold(DoctorSummary d, CycleFacts c, bool ended) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/ro/on-hold{(ended ? "-ended" : string.Empty)}";

    public static string YearEnd(DoctorSummary d, AppraisalYear year, string what) => $"{Prefix(d)}/appraisal-{year.StartYear}/{what}";

    public static string RsdApproaching(DoctorSummary d, CycleFacts c) => $"{Prefix(d)}/cycle-{c.Number}/rsd-{c.Rsd:yyyyMMdd}/md/rsd-approaching";

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

    /// <summary>§4: "not yet acknowledged by the GMC" this many days before the RSD.</summary>
    public static readonly IReadOnlyList<int> NotAcknowledgedDays = [14, 3];

    /// <summary>§4, R4: "RSD still estimated" this many days before notice would begin.</summary>
    public const int RsdEstimatedNoticeDays = 30;

    /// <summary>Decision (b): a missed year is told for this many days after the year end (catch-up), then not at all.</summary>
    public const int MissedNoticeDays = 30;

    /// <summary>The alerts due, given the keys and due days of the doctor's recorded alerts (what the scan reads).</summary>
    public static IReadOnlyList<PlannedAlert> Plan(DoctorSummary doctor, DateOnly today, RevalidationOptions options, IReadOnlyCollection<RecordedAlert> existing)
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
            planned.AddRange(Series(keys, today, [(AlertKeys.ConnectionCheck(doctor, cycle), AlertContent.ConnectionCheck(cycle.Number, cycle.Rsd), connectionDue)]));
        }

        // R14: appraisal reminders before the due month of this appraisal year and the next, then overdue.
        var current = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        foreach (var year in new[] { current, current.Next })
        {
            var status = AppraisalRules.Classify(doctor.YearOf(year.StartYear), year, doctor.AppraisalDueMonth, today, doctor.ConnectedOn);
            if (status is AppraisalYearStatus.Completed or AppraisalYearStatus.ApprovedMissed or AppraisalYearStatus.UnapprovedMissed or AppraisalYearStatus.NotExpected)
            {
                continue;
            }

            // Decision (b): every outstanding appraisal gets a last-chance notice before the year ends (a March due month
            // included, whose overdue day would fall after the year end).
            if (year == current && status is AppraisalYearStatus.Due or AppraisalYearStatus.Overdue
                && options.YearEndReminderDays > 0 && today >= year.End.AddDays(-options.YearEndReminderDays))
            {
                planned.AddRange(Series(keys, today, [(AlertKeys.YearEnd(doctor, year, "year-end"), AlertContent.AppraisalYearEndRisk(year.Label, year.End), year.End.AddDays(-options.YearEndReminderDays))]));
            }

            var (first, last) = year.DueMonth(doctor.AppraisalDueMonth);
            var thresholds = options.DoctorAppraisalReminderDays
                .Select(d => (AlertKeys.Appraisal(doctor, year, $"{d}d"), AlertContent.AppraisalReminder(d, year.Label, first), first.AddDays(-d)))
                .Append((AlertKeys.Appraisal(doctor, year, Overdue), AlertContent.AppraisalOverdue(year.Label, first), last.AddDays(1)))
                .Where(t => t.Item3 <= year.End)
                .ToList();
            planned.AddRange(Series(keys, today, thresholds));
        }

        // Decision (b): on the first day of the new year, a year that ended unrecorded is missed: the doctor and the RO team are told.
        var ended = new AppraisalYear(current.StartYear - 1, options.AppraisalYearStartMonth);
        if (today <= ended.End.AddDays(MissedNoticeDays)
            && AppraisalRules.Classify(doctor.YearOf(ended.StartYear), ended, doctor.AppraisalDueMonth, today, doctor.ConnectedOn) == AppraisalYearStatus.UnapprovedMissed
            && ended.DueMonth(doctor.AppraisalDueMonth).Last >= cycle.Start)
        {
            planned.AddRange(Series(keys, today, [(AlertKeys.YearEnd(doctor, ended, "missed"), AlertContent.AppraisalMissed(ended.Label, ended.End), ended.End.AddDays(1))]));
            planned.AddRange(Series(keys, today, [(AlertKeys.YearEnd(doctor, ended, "ro-missed"), AlertContent.AppraisalMissedEscalation(ended.Label, ended.End), ended.End.AddDays(1))]));
        }

        // §4: the RO's reminders stop only when the GMC acknowledged the recommendation (code 0) or the RO recorded a manual
        // submission; one queued or held for the web service is not yet with the GMC.
        var submitted = doctor.OpenRecommendation is { Status: RecommendationStatus.Submitted or RecommendationStatus.UnderReview } open
            && (open.Gmc is null || open.Gmc == Gmc.GmcSubmissionState.Submitted);
        var awaitingGmc = doctor.AwaitingGmc && !submitted;
        var underNotice = CycleRules.IsUnderNotice(cycle.Rsd, today, options);

        // R4: the RO is told before notice begins that the date is still an estimate.
        var estimatedDue = cycle.Rsd.AddDays(-options.NoticeWindowDays - RsdEstimatedNoticeDays);
        if (!cycle.RsdConfirmed && !doctor.AwaitingGmc && today >= estimatedDue && today <= cycle.Rsd)
        {
            planned.AddRange(Series(keys, today, [(AlertKeys.RsdEstimated(doctor, cycle), AlertContent.RsdEstimated(cycle.Number, cycle.Rsd), estimatedDue)]));
        }

        if (awaitingGmc)
        {
            planned.AddRange(Series(keys, today, NotAcknowledgedDays
                .Select(d => (AlertKeys.GmcNotAcknowledged(doctor, cycle, d), AlertContent.GmcNotAcknowledged(cycle.Number, d, cycle.Rsd), cycle.Rsd.AddDays(-d)))
                .ToList()));
        }

        // Decision (c): during an investigation or the GMC's hold, no reminder to submit, no "RSD passed"; one notice when it
        // starts and one when it ends. The keys carry the RSD, so a new date from the GMC starts every series afresh.
        if (doctor.RevalidationOnHold)
        {
            planned.AddRange(Series(keys, today, [(AlertKeys.OnHold(doctor, cycle, ended: false), AlertContent.RevalidationOnHold(cycle.Number, cycle.Rsd), today)]));
            return planned;
        }

        if (keys.Contains(AlertKeys.OnHold(doctor, cycle, ended: false)))
        {
            planned.AddRange(Series(keys, today, [(AlertKeys.OnHold(doctor, cycle, ended: true), AlertContent.RevalidationHoldEnded(cycle.Number, cycle.Rsd), today)]));
        }

        if (!submitted && !awaitingGmc)
        {
            // R5: the medical director hears before the GMC's final warning to the doctor; again when the RSD passes.
            var mdDue = cycle.Rsd.AddDays(-options.MedicalDirectorEscalationDays);
            if (options.MedicalDirectorEscalationDays > 0 && today >= mdDue && today <= cycle.Rsd)
            {
                planned.AddRange(Series(keys, today, [(AlertKeys.RsdApproaching(doctor, cycle), AlertContent.RsdApproaching(cycle.Number, options.MedicalDirectorEscalationDays, cycle.Rsd), mdDue)]));
            }

            // §4: RO reminders from the start of notice to the RSD, then overdue; the medical director when the RSD passes.
            if (today > cycle.Rsd)
            {
                planned.AddRange(Series(keys, today, [(AlertKeys.RsdPassed(doctor, cycle), AlertContent.RsdPassed(cycle.Number, cycle.Rsd), cycle.Rsd.AddDays(1))]));
            }

            var readiness = underNotice || today > cycle.Rsd ? ReadinessEvaluator.Evaluate(doctor, today, options) : null;
            var hardGaps = readiness?.Gaps.Where(g => !g.Judgement).ToList();
            int? gaps = hardGaps?.Count;
            var roThresholds = options.ResponsibleOfficerReminderDays
                .Select(d => (AlertKeys.ResponsibleOfficer(doctor, cycle, $"{d}d"), AlertContent.ResponsibleOfficerReminder(cycle.Number, d, gaps, cycle.Rsd), cycle.Rsd.AddDays(-d)))
                .Append((AlertKeys.ResponsibleOfficer(doctor, cycle, Overdue), AlertContent.ResponsibleOfficerOverdue(cycle.Number, gaps, cycle.Rsd), cycle.Rsd.AddDays(1)))
                .ToList();
            planned.AddRange(Series(keys, today, roThresholds));

            // §4: the doctor is told of gaps while under notice; again at most weekly while the gaps change.
            if (underNotice && readiness is { Ready: false } && hardGaps is { Count: > 0 })
            {
                // Judgement items are the RO's, not the doctor's to fix: the doctor hears of the gaps only.
                var fingerprint = Fingerprint(hardGaps.Select(g => $"{g.Code}:{g.Year}"));
                var key = AlertKeys.Gaps(doctor, cycle, fingerprint);
                var lastGaps = existing.Where(a => a.Key.StartsWith(AlertKeys.GapsPrefix(doctor, cycle), StringComparison.Ordinal))
                    .Select(a => (DateOnly?)a.DueOn)
                    .Max();
                if (!keys.Contains(key) && (lastGaps is not { } last || UkCalendar.DaysBetween(last, today) >= options.GapsResendDays))
                {
                    planned.Add(new PlannedAlert(key, AlertContent.DoctorGaps(cycle.Number, hardGaps.Count, cycle.Rsd), today, AlertState.Pending));
                }
            }
        }

        return planned;
    }

    /// <summary>The catch-up rule for one series of thresholds (ordered earliest first).</summary>
    private static IEnumerable<PlannedAlert> Series(
        HashSet<string> recorded,
        DateOnly today,
        IReadOnlyList<(string Key, AlertContent Content, DateOnly Due)> thresholds)
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
            yield return new PlannedAlert(t.Key, t.Content, t.Due, send ? AlertState.Pending : AlertState.Skipped);
        }
    }

    private static string Fingerprint(IEnumerable<string> parts)
    {
        var text = string.Join('|', parts.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
