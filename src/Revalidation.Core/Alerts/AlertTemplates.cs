using System.Globalization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Alerts;

/// <summary>A subject and the two bodies of one email, with <c>{{placeholders}}</c>.</summary>
public sealed record AlertTemplate(string Subject, string Text, string Html);

/// <summary>
/// The wording of every alert email (docs/domain.md#alerts), one short paragraph per kind inside a shared layout.
/// Placeholders: recipient, doctor, body, date, month, year, readiness, link (and the digest's figures).
/// Values are HTML-encoded in the HTML body. Nothing clinical is ever put in: gaps are counted, not described.
/// </summary>
public static class AlertTemplates
{
    public const string WeeklyDigestKind = "weekly-digest";
    public const string DeadLetterNoticeKind = "admin-dead-letter";
    public const string LeaverKind = "ro-leaver";

    /// <summary>Set in the values when an RO reminder falls on the first day of notice (R3): it is worded as the start of notice.</summary>
    public const string NoticeStartsFlag = "noticeStarts";

    private const string Footer = "You receive this because of your role at {{body}}. It carries no clinical information; the details are in Revalidation.";

    public static AlertTemplate For(AlertRecord alert, Dictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(values);
        var (subject, paragraphs) = Wording(alert, values);
        return Layout(subject, paragraphs);
    }

    private static (string Subject, string[] Paragraphs) Wording(AlertRecord alert, Dictionary<string, string> values)
    {
        var kind = alert.Kind;
        if (kind == "connection-check")
        {
            return ("Confirm your GMC connection: your revalidation date is {{date}}",
                ["Your revalidation submission date is {{date}}. The GMC will ask you to confirm your connection to {{body}} about now: please check and confirm it in GMC Online.",
                 "Your record shows your progress and anything still missing."]);
        }

        if (kind == "appraisal-overdue")
        {
            return ("Your {{year}} appraisal is overdue",
                ["Your annual appraisal for {{year}} was due in {{month}} and has not been recorded. Please arrange it with your appraiser, or talk to the revalidation team if something prevents it."]);
        }

        if (kind.StartsWith("appraisal-", StringComparison.Ordinal))
        {
            return ("Your {{year}} appraisal is due in {{month}}",
                ["Your annual appraisal for {{year}} is due in {{month}}. Please arrange the meeting with your appraiser and add your supporting information and declarations to your record beforehand."]);
        }

        if (kind == "doctor-gaps")
        {
            return ("Supporting information is still needed before {{date}}",
                ["Your revalidation submission date is {{date}} and your responsible officer will make a recommendation to the GMC before then. Some of what that needs is still missing from your record ({{readiness}}).",
                 "Open your record to see exactly what is missing."]);
        }

        if (kind == "ro-rsd-overdue")
        {
            return ("Overdue: no recommendation for {{doctor}} (revalidation date {{date}})",
                ["The revalidation submission date of {{doctor}} was {{date}} and no recommendation has been submitted to the GMC. Readiness today: {{readiness}}."]);
        }

        if (kind.StartsWith("ro-rsd-", StringComparison.Ordinal) && alert.RefersTo is { } rsd)
        {
            // Days left as of the scan that recorded it (a catch-up scan records a threshold after its day).
            var recordedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(alert.CreatedAt, UkCalendar.London).DateTime);
            var days = rsd.DayNumber - recordedOn.DayNumber;
            values["days"] = days.ToString(CultureInfo.InvariantCulture);
            return values.ContainsKey(NoticeStartsFlag)
                ? ("{{doctor}} is under notice: revalidation date {{date}}",
                    ["{{doctor}} is under notice: their revalidation submission date is {{date}}, and a recommendation can now be submitted. Readiness today: {{readiness}}."])
                : ("{{days}} days to the revalidation date of {{doctor}} ({{date}})",
                    ["No recommendation has been submitted yet for {{doctor}}, whose revalidation submission date is {{date}}. Readiness today: {{readiness}}."]);
        }

        if (kind == "md-rsd-passed")
        {
            return ("Revalidation date passed without a recommendation: {{doctor}}",
                ["The revalidation submission date of {{doctor}} ({{date}}) has passed and no recommendation was submitted to the GMC. The responsible officer has been told."]);
        }

        if (kind == LeaverKind)
        {
            return ("{{doctor}} has left: remove the connection in GMC Connect",
                ["{{doctor}} left the directory of {{body}} on {{date}}. Their record is kept. Please remove the prescribed connection in GMC Connect (R13)."]);
        }

        if (kind == WeeklyDigestKind)
        {
            var figures = DigestFigures.FromJson(alert.Detail);
            values["active"] = Number(figures?.ActiveDoctors);
            values["underNotice"] = Number(figures?.UnderNotice);
            values["ready"] = Number(figures?.UnderNoticeReady);
            values["overdue"] = Number(figures?.OverdueRecommendations);
            values["awaiting"] = Number(figures?.AwaitingGmc);
            values["appraisalYear"] = figures?.AppraisalYear ?? "-";
            values["appraisalsCompleted"] = Number(figures?.AppraisalsCompleted);
            values["appraisalsOverdue"] = Number(figures?.AppraisalsOverdue);
            values["asOf"] = figures?.AsOf.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) ?? "-";
            return ("Weekly revalidation digest for {{body}}: {{asOf}}",
                ["As of {{asOf}}: {{active}} connected doctors; {{underNotice}} under notice, of whom {{ready}} are ready for a recommendation; {{overdue}} past their revalidation date with no recommendation; {{awaiting}} awaiting the GMC's decision.",
                 "Appraisals for {{appraisalYear}}: {{appraisalsCompleted}} completed, {{appraisalsOverdue}} overdue.",
                 "The compliance dashboard has the detail by department."]);
        }

        if (kind == DeadLetterNoticeKind)
        {
            return ("An alert email could not be delivered",
                ["An alert email ({{detail}}) could not be delivered and has been set aside. Please review the dead letters, correct the cause (often a missing email address) and retry them."]);
        }

        if (Gmc.GmcAlerts.Wording(kind) is { } gmc)
        {
            return gmc;
        }

        throw new ArgumentException($"No template for alert kind '{kind}'.", nameof(alert));
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

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
