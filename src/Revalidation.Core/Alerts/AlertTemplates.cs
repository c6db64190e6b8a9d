using System.Collections.Frozen;
using System.Globalization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Alerts;

/// <summary>A subject and the two bodies of one email, with <c>{{placeholders}}</c>.</summary>
public sealed record AlertTemplate(string Subject, string Text, string Html);

/// <summary>What a kind's wording is built from: the alert, the values already known (recipient, doctor, body, date, month, link), the rules.</summary>
public sealed record AlertWordingContext(AlertRecord Alert, Dictionary<string, string> Values, RevalidationOptions Rules)
{
    public AlertFacts Facts => Alert.Facts;
}

/// <summary>
/// One kind's entry in the table: who it goes to (null when the factory names the recipient), its short code for logs
/// and the API, how an admin reads it in a dead-letter notice, where its link goes (null: the doctor's record), and its wording.
/// </summary>
public sealed record AlertKindTemplate(
    AlertRecipient? Recipient,
    Func<AlertFacts, string> Code,
    string Description,
    string? LinkPath,
    Func<AlertWordingContext, (string Subject, string[] Paragraphs)> Wording);

/// <summary>
/// The wording of every alert email (docs/domain.md#alerts, docs/decisions/0017): ONE table from <see cref="AlertKind"/> to
/// its template, one short paragraph or two per kind inside a shared layout. Values are HTML-encoded in the HTML body.
/// Plain English (UK): counts agree with their nouns, dates are written out, no internal names. Nothing clinical is
/// ever put in: gaps are counted, not described.
/// </summary>
public static class AlertTemplates
{
    private const string Footer = "You receive this because of your role at {{body}}. It carries no clinical information; the details are in Revalidation.";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static readonly FrozenDictionary<AlertKind, AlertKindTemplate> Table = new Dictionary<AlertKind, AlertKindTemplate>
    {
        [AlertKind.ConnectionCheck] = new(AlertRecipient.Doctor, _ => "connection-check", "the doctor's reminder to confirm their GMC connection", null, _ =>
            ("Confirm your GMC connection: your revalidation date is {{date}}",
                ["Your revalidation submission date is {{date}}. The GMC will ask you to confirm your connection to {{body}} about now: please check and confirm it in GMC Online.",
                 "Your record shows your progress and anything still missing."])),

        [AlertKind.AppraisalReminder] = new(AlertRecipient.Doctor, f => $"appraisal-{f.DaysBefore}d", "the doctor's appraisal reminder", null, c =>
        {
            c.Values["year"] = c.Facts.AppraisalYear ?? string.Empty;
            return ("Your {{year}} appraisal is due in {{month}}",
                ["Your annual appraisal for {{year}} is due in {{month}}. Please arrange the meeting with your appraiser and add your supporting information and declarations to your record beforehand."]);
        }),

        [AlertKind.AppraisalOverdue] = new(AlertRecipient.Doctor, _ => "appraisal-overdue", "the doctor's notice of an overdue appraisal", null, c =>
        {
            c.Values["year"] = c.Facts.AppraisalYear ?? string.Empty;
            return ("Your {{year}} appraisal is overdue",
                ["Your annual appraisal for {{year}} was due in {{month}} and has not been recorded. Please arrange it with your appraiser, or talk to the revalidation team if something prevents it."]);
        }),

        [AlertKind.DoctorGaps] = new(AlertRecipient.Doctor, _ => "doctor-gaps", "the doctor's notice of missing supporting information", null, c =>
        {
            c.Values["readiness"] = AlertEnglish.Readiness(c.Facts.Gaps);
            return ("Supporting information is still needed before {{date}}",
                ["Your revalidation submission date is {{date}} and your responsible officer will make a recommendation to the GMC before then. Some of what that needs is still missing from your record ({{readiness}}).",
                 "Open your record to see exactly what is missing."]);
        }),

        [AlertKind.ResponsibleOfficerReminder] = new(AlertRecipient.ResponsibleOfficer, f => $"ro-rsd-{f.DaysBefore}d", "the responsible officer's reminder before a revalidation date", null, ResponsibleOfficerReminder),

        [AlertKind.ResponsibleOfficerOverdue] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-rsd-overdue", "the responsible officer's notice of an overdue recommendation", null, c =>
        {
            c.Values["readiness"] = AlertEnglish.Readiness(c.Facts.Gaps);
            return ("Overdue: no recommendation for {{doctor}} (revalidation date {{date}})",
                ["The revalidation submission date of {{doctor}} was {{date}} and no recommendation has been submitted to the GMC. Readiness today: {{readiness}}."]);
        }),

        [AlertKind.RsdPassed] = new(AlertRecipient.MedicalDirector, _ => "md-rsd-passed", "the medical director's notice of a revalidation date passed", null, _ =>
            ("Revalidation date passed without a recommendation: {{doctor}}",
                ["The revalidation submission date of {{doctor}} ({{date}}) has passed and no recommendation was submitted to the GMC. The responsible officer has been told."])),

        [AlertKind.Leaver] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-leaver", "the responsible officer's notice of a leaver", null, _ =>
            ("{{doctor}} is no longer in the directory: check their GMC connection",
                ["{{doctor}} left the directory of {{body}} on {{date}}, or their account was disabled. Their record is kept.",
                 "A disabled account does not always mean the doctor has left: it may be parental or other leave, or a suspension. If the doctor is on leave, keep the connection. If they have left or no longer have a prescribed connection to {{body}}, remove the connection in GMC Connect and give the GMC the reason it asks for."])),
        [AlertKind.RsdEstimated] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-rsd-estimated", "the responsible officer's notice that a revalidation date is still an estimate", null, _ =>
            ("Revalidation date for {{doctor}} is still an estimate",
                ["The revalidation submission date of {{doctor}} ({{date}}) is an estimate, not the GMC's date. A recommendation cannot be submitted against it. Please check the date in GMC Connect and confirm it in Revalidation before the notice period begins."])),
        [AlertKind.GmcNotAcknowledged] = new(AlertRecipient.ResponsibleOfficer, f => f.DaysBefore is > 0 and var d ? $"ro-gmc-unacknowledged-{d}d" : "ro-gmc-held", "the responsible officer's notice that the GMC has not yet acknowledged a recommendation", null, _ =>
            ("The GMC has not yet acknowledged the recommendation for {{doctor}}",
                ["The recommendation for {{doctor}} was submitted but the GMC has not acknowledged it, and the revalidation submission date is {{date}}. Please check the submission in Revalidation and, if it is held, submit it in GMC Connect before the date."])),
        [AlertKind.RevalidationOnHold] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-on-hold", "the responsible officer's notice that a doctor's revalidation is on hold", null, _ =>
            ("Revalidation of {{doctor}} is on hold",
                ["Revalidation of {{doctor}} is on hold: the GMC is investigating, or the GMC says revalidation is on hold. The GMC accepts no recommendation meanwhile, so reminders about the revalidation date stop. The doctor must keep engaging with appraisal.",
                 "Reminders start again when the GMC gives a new date."])),
        [AlertKind.RevalidationHoldEnded] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-on-hold-ended", "the responsible officer's notice that a hold on revalidation ended", null, _ =>
            ("Revalidation of {{doctor}} is no longer on hold",
                ["Revalidation of {{doctor}} is no longer on hold. The revalidation submission date is {{date}}; reminders resume."])),
        [AlertKind.AppraisalYearEndRisk] = new(AlertRecipient.Doctor, _ => "appraisal-year-end", "the doctor's last-chance notice before the appraisal year ends", null, c =>
        {
            c.Values["year"] = c.Facts.AppraisalYear ?? string.Empty;
            return ("Last chance: your {{year}} appraisal must be recorded by {{date}}",
                ["Your appraisal for {{year}} has not been recorded. The appraisal year ends on {{date}}: an appraisal not recorded by then is recorded as missed for {{year}}. Please complete it with your appraiser now, or talk to the revalidation team if something prevents it."]);
        }),
        [AlertKind.AppraisalMissed] = new(AlertRecipient.Doctor, _ => "appraisal-missed", "the doctor's notice that an appraisal year was missed", null, c =>
        {
            c.Values["year"] = c.Facts.AppraisalYear ?? string.Empty;
            return ("Your {{year}} appraisal was missed",
                ["The appraisal year {{year}} ended on {{date}} without a recorded appraisal, so it is recorded as missed.",
                 "If there was a reason, such as leave, ask your responsible officer to approve the missed year. Otherwise book your appraisal now: it counts for the new appraisal year."]);
        }),
        [AlertKind.AppraisalMissedEscalation] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-appraisal-missed", "the responsible officer's notice of a missed appraisal year", null, c =>
        {
            c.Values["year"] = c.Facts.AppraisalYear ?? string.Empty;
            return ("{{doctor}} missed their {{year}} appraisal",
                ["The appraisal year {{year}} of {{doctor}} ended on {{date}} without a recorded appraisal. Approve the missed year if there was a reason; otherwise the appraisal should be booked now, and it counts for the new year."]);
        }),
        [AlertKind.RsdApproaching] = new(AlertRecipient.MedicalDirector, _ => "md-rsd-approaching", "the medical director's notice that a revalidation date is near with nothing submitted", null, _ =>
            ("Revalidation date near with no recommendation: {{doctor}}",
                ["The revalidation submission date of {{doctor}} is {{date}} and no recommendation has been submitted to the GMC. The GMC warns the doctor shortly before the date. The responsible officer has been reminded."])),
        // Issue 16, item 7: the letter's own words (rendered from the body's template when it was sent), passed as values so
        // that they are HTML-encoded and never read as placeholders.
        [AlertKind.NonEngagementLetter] = new(AlertRecipient.Doctor, f => $"non-engagement-letter-{f.LetterStep}", "a non-engagement letter to the doctor", null, c =>
        {
            c.Values["letterSubject"] = c.Facts.LetterSubject ?? string.Empty;
            var paragraphs = (c.Facts.LetterText ?? string.Empty).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < paragraphs.Length; i++)
            {
                c.Values[$"letter{i}"] = paragraphs[i];
            }

            return ("{{letterSubject}}", [.. paragraphs.Select((_, i) => $"{{{{letter{i}}}}}")]);
        }),
        [AlertKind.DirectorySyncFailing] = new(AlertRecipient.Admin, _ => "admin-directory-failing", "the admin's notice that directory sync failed twice in a row", "admin/directory", _ =>
            ("Directory sync has failed twice in a row",
                ["The last two directory sync runs for {{body}} failed. New doctors and leavers are not being picked up. Please check the directory runs in Revalidation."])),
        [AlertKind.DirectoryDataQuality] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-directory-data-quality", "the responsible officer's notice of a directory data-quality issue", "admin/directory", _ =>
            ("A directory record needs attention",
                ["A directory record of {{body}} could not be matched safely and needs the revalidation team's attention. The details are on the directory issues page."])),

        [AlertKind.WeeklyDigest] = new(null, _ => "weekly-digest", "the weekly digest", "compliance", WeeklyDigest),

        [AlertKind.DeadLetterNotice] = new(AlertRecipient.Admin, _ => "admin-dead-letter", "the admin's notice of an undelivered alert email", "admin/dead-letters", c =>
        {
            c.Values["undelivered"] = c.Facts.UndeliveredKind is { } kind ? Entry(kind).Description : "an alert";
            return ("An alert email could not be delivered",
                ["An alert email ({{undelivered}}) could not be delivered and has been set aside. Please review the dead letters, correct the cause (often a missing email address) and retry them."]);
        }),

        [AlertKind.GmcApproved] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-gmc-approved", "the responsible officer's notice of the GMC's approval", null, c =>
        {
            c.Values["recommendation"] = AlertEnglish.Recommendation(c.Facts.RecommendationType);
            return ("The GMC approved the recommendation for {{doctor}}",
                ["The GMC has approved the {{recommendation}} recommendation for {{doctor}}. The record shows the outcome and, for a revalidation, the new cycle; the new revalidation date is estimated until the GMC's date arrives with the next reconciliation."]);
        }),

        [AlertKind.GmcRejected] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-gmc-rejected", "the responsible officer's notice of the GMC's rejection", null, c =>
        {
            c.Values["recommendation"] = AlertEnglish.Recommendation(c.Facts.RecommendationType);
            return ("The GMC rejected the recommendation for {{doctor}}",
                ["The GMC has rejected the {{recommendation}} recommendation for {{doctor}}. The recommendation is closed; a new one can be drafted."]);
        }),

        [AlertKind.GmcRefused] = new(AlertRecipient.ResponsibleOfficer, _ => "ro-gmc-refused", "the responsible officer's notice of a submission the GMC refused", null, c =>
        {
            c.Values["gmcCode"] = AlertEnglish.GmcCode(c.Facts);
            return ("The GMC did not accept the recommendation for {{doctor}}",
                ["The GMC's web service refused the recommendation for {{doctor}} ({{gmcCode}}). Nothing more will be sent for it: correct what the GMC names and draft a new recommendation, or submit in GMC Connect."]);
        }),

        [AlertKind.GmcConfiguration] = new(AlertRecipient.Admin, _ => "admin-gmc-configuration", "the admin's notice that GMC Connect refused this product's account", null, c =>
        {
            c.Values["gmcCode"] = AlertEnglish.GmcCode(c.Facts);
            return ("GMC Connect refused this product's web-service account",
                ["The GMC's web service answered {{gmcCode}}. Submissions to the GMC are held until this is put right: check the account's user name and password, the IP addresses the GMC allows, and the account's access to the designated body."]);
        }),
    }.ToFrozenDictionary();

    /// <summary>Every kind's template (the tests check that no kind is missing).</summary>
    public static IReadOnlyDictionary<AlertKind, AlertKindTemplate> All => Table;

    /// <summary>Who a kind goes to; null for the digest, whose factory names the RO or the medical director.</summary>
    public static AlertRecipient? RecipientOf(AlertKind kind) => Entry(kind).Recipient;

    /// <summary>The stable short name of an alert for logs and the API ("ro-rsd-60d", as stored before docs/decisions/0017).</summary>
    public static string Code(AlertKind kind, AlertFacts facts) => Entry(kind).Code(facts ?? AlertFacts.None);

    /// <summary>Where the email links to, relative to the public base address; null for the doctor's record.</summary>
    public static string? LinkPath(AlertKind kind) => Entry(kind).LinkPath;

    public static AlertTemplate For(AlertRecord alert, Dictionary<string, string> values, RevalidationOptions rules)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rules);
        var (subject, paragraphs) = Entry(alert.Kind).Wording(new AlertWordingContext(alert, values, rules));
        return Layout(subject, paragraphs);
    }

    private static AlertKindTemplate Entry(AlertKind kind) =>
        Table.TryGetValue(kind, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(kind), kind, "No template for this alert kind.");

    private static (string Subject, string[] Paragraphs) ResponsibleOfficerReminder(AlertWordingContext c)
    {
        c.Values["readiness"] = AlertEnglish.Readiness(c.Facts.Gaps);
        if (c.Alert.RefersTo is not { } rsd)
        {
            return ("A recommendation is due for {{doctor}}",
                ["No recommendation has been submitted yet for {{doctor}}. Readiness today: {{readiness}}."]);
        }

        // R3: a reminder on the first day of notice is worded as the start of notice.
        if (c.Alert.DueOn <= c.Rules.NoticeStart(rsd))
        {
            return ("{{doctor}} is under notice: revalidation date {{date}}",
                ["{{doctor}} is under notice: their revalidation submission date is {{date}}, and a recommendation can now be submitted. Readiness today: {{readiness}}."]);
        }

        // Days left as of the scan that recorded it (a catch-up scan records a threshold after its day).
        var recordedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.Alert.CreatedAt, UkCalendar.London).DateTime);
        c.Values["days"] = AlertEnglish.Count(rsd.DayNumber - recordedOn.DayNumber, "day");
        return ("{{days}} to the revalidation date of {{doctor}} ({{date}})",
            ["No recommendation has been submitted yet for {{doctor}}, whose revalidation submission date is {{date}}. Readiness today: {{readiness}}."]);
    }

    private static (string Subject, string[] Paragraphs) WeeklyDigest(AlertWordingContext c)
    {
        var figures = c.Facts.Digest;
        c.Values["active"] = AlertEnglish.Count(figures?.ActiveDoctors, "connected doctor");
        c.Values["underNotice"] = AlertEnglish.Number(figures?.UnderNotice);
        c.Values["ready"] = figures?.UnderNoticeReady == 1 ? "1 is" : $"{AlertEnglish.Number(figures?.UnderNoticeReady)} are";
        c.Values["overdue"] = AlertEnglish.Number(figures?.OverdueRecommendations);
        c.Values["awaiting"] = AlertEnglish.Number(figures?.AwaitingGmc);
        c.Values["appraisalYear"] = figures?.AppraisalYear ?? "-";
        c.Values["appraisalsCompleted"] = AlertEnglish.Number(figures?.AppraisalsCompleted);
        c.Values["appraisalsOverdue"] = AlertEnglish.Number(figures?.AppraisalsOverdue);
        c.Values["asOf"] = figures?.AsOf.ToString("d MMMM yyyy", English) ?? "-";
        List<string> paragraphs =
        [
            "As of {{asOf}}: {{active}}; {{underNotice}} under notice, of whom {{ready}} ready for a recommendation; {{overdue}} past their revalidation date with no recommendation; {{awaiting}} awaiting the GMC's decision.",
            "Appraisals for {{appraisalYear}}: {{appraisalsCompleted}} completed, {{appraisalsOverdue}} overdue.",
        ];
        if (figures is { GmcListChangeCount: > 0, GmcListChanges: { } changed })
        {
            // Issue 14, item 2: what a GMC list changed is listed to the RO; each doctor's history has the detail.
            c.Values["gmcChanged"] = AlertEnglish.Count(figures.GmcListChangeCount, "doctor");
            c.Values["gmcChangedNames"] = string.Join("; ", changed) + (figures.GmcListChangeCount > changed.Count ? $"; and {AlertEnglish.Number(figures.GmcListChangeCount - changed.Count)} more" : string.Empty);
            paragraphs.Add("The GMC's list changed the revalidation date or GMC flags of {{gmcChanged}} in the past week: {{gmcChangedNames}}. Each doctor's history shows what changed.");
        }

        paragraphs.Add("The compliance dashboard has the detail by department.");
        return ("Weekly revalidation digest for {{body}}: {{asOf}}", [.. paragraphs]);
    }

    private static AlertTemplate Layout(string subject, string[] paragraphs)
    {
        var text = "Dear {{recipient}},\n\n" + string.Join("\n\n", paragraphs) + "\n\nOpen in Revalidation: {{link}}\n\n-- \n" + Footer + "\n";
        var html = "<!DOCTYPE html><html lang=\"en-GB\"><body style=\"font-family: Arial, sans-serif; font-size: 16px;\">"
            + "<p>Dear {{recipient}},</p>"
            + string.Concat(paragraphs.Select(p => $"<p>{p}</p>"))
            + "<p><a href=\"{{link}}\">Open in Revalidation</a></p>"
            + "<hr><p style=\"font-size: 13px; color: #4c6272;\">" + Footer + "</p></body></html>";
        return new AlertTemplate(subject, text, html);
    }
}

/// <summary>Plain English (UK) for alert emails: counts that agree with their nouns, no internal names.</summary>
public static class AlertEnglish
{
    /// <summary>"1 gap", "2 gaps", "0 days"; "-" with the plural when the figure is unknown.</summary>
    public static string Count(int? n, string noun) => n switch
    {
        null => $"- {noun}s",
        1 or -1 => $"{n.Value.ToString(CultureInfo.InvariantCulture)} {noun}",
        _ => $"{n.Value.ToString(CultureInfo.InvariantCulture)} {noun}s",
    };

    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Readiness as recorded: "ready", "1 gap", "3 gaps", or "not assessed".</summary>
    public static string Readiness(int? gaps) => gaps switch
    {
        null => "not assessed",
        0 => "ready",
        _ => Count(gaps, "gap"),
    };

    public static string Recommendation(RecommendationType? type) => type switch
    {
        RecommendationType.Revalidate => "revalidation",
        RecommendationType.Defer => "deferral",
        RecommendationType.NonEngagement => "non-engagement",
        _ => "submitted",
    };

    public static string GmcCode(AlertFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return string.IsNullOrEmpty(facts.GmcMeaning) ? $"code {facts.GmcCode}" : $"code {facts.GmcCode}: {facts.GmcMeaning}";
    }
}
