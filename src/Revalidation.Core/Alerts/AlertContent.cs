using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Alerts;

/// <summary>
/// What an alert says, apart from its key and delivery: its kind, recipient, typed facts and the date it is about.
/// One factory per <see cref="AlertKind"/> (docs/decisions/0017); the recipient comes from <see cref="AlertTemplates"/>.
/// </summary>
/// <param name="RefersTo">The date the alert is about, shown to its recipient: the RSD, the first day of the appraisal due month, the day of leaving.</param>
public sealed record AlertContent(AlertKind Kind, AlertRecipient Recipient, AlertFacts Facts, DateOnly? RefersTo)
{
    public static AlertContent ConnectionCheck(int cycle, DateOnly rsd) =>
        Of(AlertKind.ConnectionCheck, new() { CycleNumber = cycle }, rsd);

    public static AlertContent AppraisalReminder(int daysBefore, string appraisalYear, DateOnly dueMonthStart) =>
        Of(AlertKind.AppraisalReminder, new() { DaysBefore = daysBefore, AppraisalYear = appraisalYear }, dueMonthStart);

    public static AlertContent AppraisalOverdue(string appraisalYear, DateOnly dueMonthStart) =>
        Of(AlertKind.AppraisalOverdue, new() { AppraisalYear = appraisalYear }, dueMonthStart);

    public static AlertContent DoctorGaps(int cycle, int gaps, DateOnly rsd) =>
        Of(AlertKind.DoctorGaps, new() { CycleNumber = cycle, Gaps = gaps }, rsd);

    /// <param name="gaps">Readiness when recorded (0 = ready), or null before notice, when it is not assessed.</param>
    public static AlertContent ResponsibleOfficerReminder(int cycle, int daysBefore, int? gaps, DateOnly rsd) =>
        Of(AlertKind.ResponsibleOfficerReminder, new() { CycleNumber = cycle, DaysBefore = daysBefore, Gaps = gaps }, rsd);

    public static AlertContent ResponsibleOfficerOverdue(int cycle, int? gaps, DateOnly rsd) =>
        Of(AlertKind.ResponsibleOfficerOverdue, new() { CycleNumber = cycle, Gaps = gaps }, rsd);

    public static AlertContent RsdPassed(int cycle, DateOnly rsd) =>
        Of(AlertKind.RsdPassed, new() { CycleNumber = cycle }, rsd);

    public static AlertContent Leaver(DateOnly leftOn) => Of(AlertKind.Leaver, AlertFacts.None, leftOn);

    public static AlertContent WeeklyDigest(AlertRecipient to, DigestFigures figures) =>
        new(AlertKind.WeeklyDigest, to, new() { Digest = figures }, figures.AsOf);

    public static AlertContent DeadLetterNotice(AlertKind undelivered, DateOnly today) =>
        Of(AlertKind.DeadLetterNotice, new() { UndeliveredKind = undelivered }, today);

    public static AlertContent GmcApproved(Guid recommendationId, RecommendationType type, DateOnly refersTo) =>
        Of(AlertKind.GmcApproved, new() { RecommendationId = recommendationId, RecommendationType = type }, refersTo);

    public static AlertContent GmcRejected(Guid recommendationId, RecommendationType type, DateOnly refersTo) =>
        Of(AlertKind.GmcRejected, new() { RecommendationId = recommendationId, RecommendationType = type }, refersTo);

    public static AlertContent GmcRefused(Guid recommendationId, string code, string meaning, DateOnly refersTo) =>
        Of(AlertKind.GmcRefused, new() { RecommendationId = recommendationId, GmcCode = code, GmcMeaning = meaning }, refersTo);

    public static AlertContent GmcConfiguration(string code, string meaning, DateOnly today) =>
        Of(AlertKind.GmcConfiguration, new() { GmcCode = code, GmcMeaning = meaning }, today);

    public static AlertContent RsdEstimated(int cycle, DateOnly rsd) => Of(AlertKind.RsdEstimated, new() { CycleNumber = cycle }, rsd);

    public static AlertContent GmcNotAcknowledged(int cycle, int daysBefore, DateOnly rsd) =>
        Of(AlertKind.GmcNotAcknowledged, new() { CycleNumber = cycle, DaysBefore = daysBefore }, rsd);

    public static AlertContent RevalidationOnHold(int cycle, DateOnly rsd) => Of(AlertKind.RevalidationOnHold, new() { CycleNumber = cycle }, rsd);

    public static AlertContent RevalidationHoldEnded(int cycle, DateOnly rsd) => Of(AlertKind.RevalidationHoldEnded, new() { CycleNumber = cycle }, rsd);

    public static AlertContent AppraisalYearEndRisk(string appraisalYear, DateOnly yearEnd) =>
        Of(AlertKind.AppraisalYearEndRisk, new() { AppraisalYear = appraisalYear }, yearEnd);

    public static AlertContent AppraisalMissed(string appraisalYear, DateOnly yearEnd) =>
        Of(AlertKind.AppraisalMissed, new() { AppraisalYear = appraisalYear }, yearEnd);

    public static AlertContent AppraisalMissedEscalation(string appraisalYear, DateOnly yearEnd) =>
        Of(AlertKind.AppraisalMissedEscalation, new() { AppraisalYear = appraisalYear }, yearEnd);

    public static AlertContent RsdApproaching(int cycle, int daysBefore, DateOnly rsd) =>
        Of(AlertKind.RsdApproaching, new() { CycleNumber = cycle, DaysBefore = daysBefore }, rsd);

    /// <summary>Issue 16, item 7: the letter as rendered when it was sent (the record keeps the same text).</summary>
    public static AlertContent NonEngagementLetter(int step, string subject, string text, DateOnly replyBy) =>
        Of(AlertKind.NonEngagementLetter, new() { LetterStep = step, LetterSubject = subject, LetterText = text }, replyBy);

    public static AlertContent DirectorySyncFailing(DateOnly today) => Of(AlertKind.DirectorySyncFailing, AlertFacts.None, today);

    public static AlertContent DirectoryDataQuality(DateOnly today) => Of(AlertKind.DirectoryDataQuality, AlertFacts.None, today);

    /// <summary>R13: the one leaver alert, recorded by the deadline scan and by directory sync alike (the same key, so once).</summary>
    public static AlertRecord LeaverAlert(DesignatedBodyCode body, Guid doctorId, DateOnly leftOn, DateTimeOffset now) =>
        Leaver(leftOn).ToRecord(AlertKeys.Leaver(body, doctorId, leftOn), body, doctorId, leftOn, now);

    public AlertRecord ToRecord(string key, DesignatedBodyCode body, Guid? doctorId, DateOnly dueOn, DateTimeOffset now, AlertState state = AlertState.Pending) =>
        new(key, body, doctorId, Recipient, Kind, dueOn, now, state, Facts, RefersTo);

    private static AlertContent Of(AlertKind kind, AlertFacts facts, DateOnly? refersTo) =>
        new(kind, AlertTemplates.RecipientOf(kind) ?? throw new InvalidOperationException($"{kind} alerts name their recipient."), facts, refersTo);
}
