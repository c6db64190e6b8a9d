using System.Text.Json.Serialization;

namespace Revalidation.Core.Alerts;

/// <summary>
/// The closed set of alerts (docs/domain.md#alerts, docs/decisions/0017). Each kind has one entry in
/// <see cref="AlertTemplates"/> (its wording, recipient and link) and one factory in <see cref="AlertContent"/>.
/// Stored by name: never renumbered, never renamed.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>R2: the doctor confirms their GMC connection six months before the RSD.</summary>
    ConnectionCheck,
    /// <summary>R14: the doctor's appraisal is due in some days' time (<see cref="AlertFacts.DaysBefore"/>).</summary>
    AppraisalReminder,
    /// <summary>R14: the doctor's appraisal month passed with no appraisal recorded.</summary>
    AppraisalOverdue,
    /// <summary>§4: the doctor, under notice, still has gaps (<see cref="AlertFacts.Gaps"/>).</summary>
    DoctorGaps,
    /// <summary>§4: the RO is reminded some days before the RSD (<see cref="AlertFacts.DaysBefore"/>).</summary>
    ResponsibleOfficerReminder,
    /// <summary>§4: the RSD passed with no recommendation; to the RO.</summary>
    ResponsibleOfficerOverdue,
    /// <summary>§4: the RSD passed with no recommendation; to the medical director.</summary>
    RsdPassed,
    /// <summary>R13: the doctor left; the RO removes the connection in GMC Connect.</summary>
    Leaver,
    /// <summary>The weekly compliance digest (<see cref="AlertFacts.Digest"/>), to the RO or the medical director.</summary>
    WeeklyDigest,
    /// <summary>§4: an alert email was dead-lettered (<see cref="AlertFacts.UndeliveredKind"/>); to the admin.</summary>
    DeadLetterNotice,
    /// <summary>docs/decisions/0013: the GMC approved a recommendation.</summary>
    GmcApproved,
    /// <summary>docs/decisions/0013: the GMC rejected a recommendation.</summary>
    GmcRejected,
    /// <summary>docs/decisions/0013: the GMC's web service refused a submission (a rule code).</summary>
    GmcRefused,
    /// <summary>docs/decisions/0013: the GMC's web service refused this product's account (a configuration code).</summary>
    GmcConfiguration,
    /// <summary>§4, R4: the RO is told before notice that the submission date is still an estimate (docs/domain.md#r4).</summary>
    RsdEstimated,
    /// <summary>§4: the GMC has not yet acknowledged a submitted recommendation (queued or held) as the RSD nears.</summary>
    GmcNotAcknowledged,
    /// <summary>Decision (c): revalidation went on hold (a GMC investigation, or the GMC's On Hold).</summary>
    RevalidationOnHold,
    /// <summary>Decision (c): the hold ended; reminders resume.</summary>
    RevalidationHoldEnded,
    /// <summary>Decision (b): the year-end last chance for an outstanding appraisal.</summary>
    AppraisalYearEndRisk,
    /// <summary>Decision (b): on the first day of the new year, the doctor's year was missed.</summary>
    AppraisalMissed,
    /// <summary>Decision (b): the RO team's escalation of a missed year.</summary>
    AppraisalMissedEscalation,
    /// <summary>§4: the admin is told when directory sync has failed twice in a row.</summary>
    DirectorySyncFailing,
    /// <summary>§4: the RO is told of a directory data-quality issue.</summary>
    DirectoryDataQuality,
    /// <summary>R5: the medical director is told before the GMC's final warning that nothing has been submitted.</summary>
    RsdApproaching,
    /// <summary>Issue 16, item 7: one of the four non-engagement letters to the doctor, as rendered from the body's template when it was sent.</summary>
    NonEngagementLetter,
}

/// <summary>
/// The typed facts of an alert (docs/decisions/0017): each kind sets only the ones it needs, through its factory in
/// <see cref="AlertContent"/>. Nothing clinical: gaps are counted, not described.
/// </summary>
public sealed record AlertFacts
{
    public static AlertFacts None { get; } = new();

    /// <summary>The threshold of an appraisal or RO reminder: this many days before the due month or the RSD.</summary>
    public int? DaysBefore { get; init; }

    /// <summary>The cycle the alert is about (RSD alerts).</summary>
    public int? CycleNumber { get; init; }

    /// <summary>The appraisal year of an appraisal alert, as the doctor knows it ("2026/27").</summary>
    public string? AppraisalYear { get; init; }

    /// <summary>Readiness when the alert was recorded: the number of gaps (0 = ready); null = not assessed.</summary>
    public int? Gaps { get; init; }

    /// <summary>The recommendation a GMC alert is about.</summary>
    public Guid? RecommendationId { get; init; }

    public Common.RecommendationType? RecommendationType { get; init; }

    /// <summary>The GMC's return code and its meaning (docs/decisions/0013).</summary>
    public string? GmcCode { get; init; }

    public string? GmcMeaning { get; init; }

    /// <summary>The figures of a weekly digest, frozen when it was recorded.</summary>
    public DigestFigures? Digest { get; init; }

    /// <summary>Which kind of alert a dead-letter notice is about.</summary>
    public AlertKind? UndeliveredKind { get; init; }

    /// <summary>Issue 16, item 7: which non-engagement letter (1 to 4), and its subject and text as rendered when it was sent.</summary>
    public int? LetterStep { get; init; }

    public string? LetterSubject { get; init; }

    public string? LetterText { get; init; }
}
