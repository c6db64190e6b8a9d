using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>
/// The figures of a weekly digest, frozen when the digest is recorded (<see cref="AlertFacts.Digest"/>).
/// <paramref name="GmcListChanges"/> (the RO's digest only): the doctors whose revalidation date or GMC flags a GMC list
/// changed in the past week, as "Dr Name (revalidation date 1 June 2031)", at most <see cref="MaxListed"/>, of
/// <paramref name="GmcListChangeCount"/> in all (issue 14, item 2).
/// </summary>
public sealed record DigestFigures(
    DateOnly AsOf,
    int ActiveDoctors,
    int UnderNotice,
    int UnderNoticeReady,
    int OverdueRecommendations,
    int AwaitingGmc,
    string AppraisalYear,
    int AppraisalsCompleted,
    int AppraisalsOverdue,
    int GmcListChangeCount = 0,
    IReadOnlyList<string>? GmcListChanges = null)
{
    public const int MaxListed = 20;
}

/// <summary>A composed email, or why the alert cannot be sent (a missing address), which dead-letters it.</summary>
public sealed record ComposedAlert(OutgoingMail? Mail, string? Problem);

/// <summary>
/// Turns an alert into an email: the recipient's address from the designated body and the doctor's record
/// (read at send time, so that an admin who fixes an address and retries a dead letter is heard), a subject and a
/// multipart body from <see cref="AlertTemplates"/>, and a Message-ID derived from the alert key.
/// Emails name the recipient, the doctor and the date, and link to the record; they carry no clinical detail.
/// </summary>
public sealed class AlertMessageComposer(IOptions<AlertMailOptions> options, IOptions<RevalidationOptions> rules)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private readonly AlertMailOptions mail = options.Value;

    private readonly RevalidationOptions rules = rules.Value;

    public ComposedAlert Compose(AlertRecord alert, DesignatedBody body, DoctorRecord? doctor)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(body);
        if (alert.DoctorId is not null && doctor is null)
        {
            return new(null, "The doctor's record no longer exists.");
        }

        var (to, problem) = Recipient(alert.Recipient, body, doctor);
        if (to is null)
        {
            return new(null, problem);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["recipient"] = to.Name,
            ["doctor"] = doctor?.DisplayName ?? string.Empty,
            ["body"] = body.Name,
            ["date"] = alert.RefersTo is { } date ? date.ToString("d MMMM yyyy", English) : string.Empty,
            ["month"] = alert.RefersTo is { } month ? month.ToString("MMMM yyyy", English) : string.Empty,
            ["link"] = Link(alert),
        };
        var template = AlertTemplates.For(alert, values, rules);
        var text = Render(template.Text, values, html: false);
        var html = Render(template.Html, values, html: true);
        var subject = Render(template.Subject, values, html: false);
        return new(new OutgoingMail(MessageId(alert.Key), new MailAddressee(mail.FromAddress, mail.FromName), to, subject, text, html), null);
    }

    /// <summary>Stable per alert key: a resend after a crash carries the same id, so receivers can drop the duplicate.</summary>
    public string MessageId(string alertKey)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alertKey)))[..40];
        var at = mail.FromAddress.LastIndexOf('@');
        var domain = at >= 0 ? mail.FromAddress[(at + 1)..] : "revalidation.local";
        return $"alert-{hash}@{domain}";
    }

    /// <summary>Who an alert goes to, from the body's settings and the doctor's record; a missing address is the reason it cannot go.</summary>
    public static (MailAddressee? To, string? Problem) Recipient(AlertRecipient recipient, DesignatedBody body, DoctorRecord? doctor)
    {
        switch (recipient)
        {
            case AlertRecipient.Doctor:
                return doctor is null ? (null, "A doctor alert without a doctor.")
                    : string.IsNullOrWhiteSpace(doctor.Email) ? (null, "The doctor's record has no email address.")
                    : (new MailAddressee(doctor.Email, doctor.DisplayName), null);
            case AlertRecipient.ResponsibleOfficer:
                var ro = doctor is null ? body.ResponsibleOfficer : body.ResponsibleOfficerFor(doctor) is { IsSuccess: true } r ? r.Value : null;
                return ro is null ? (null, "No responsible officer acts for this doctor (R20): assign one, or an additional RO where the RO has a conflict.")
                    : string.IsNullOrWhiteSpace(ro.Email) ? (null, "The responsible officer has no email address.")
                    : (new MailAddressee(ro.Email, ro.Name), null);
            case AlertRecipient.MedicalDirector:
                return string.IsNullOrWhiteSpace(body.MedicalDirectorEmail)
                    ? (null, "The designated body has no medical director email address.")
                    : (new MailAddressee(body.MedicalDirectorEmail, "Medical director"), null);
            case AlertRecipient.Admin:
                return string.IsNullOrWhiteSpace(body.AdminEmail)
                    ? (null, "The designated body has no admin email address.")
                    : (new MailAddressee(body.AdminEmail, "Revalidation admin"), null);
            default:
                throw new ArgumentOutOfRangeException(nameof(recipient));
        }
    }

    /// <summary>
    /// Where the email's link goes: the kind's page; else, for the doctor themself, their own revalidation page (the
    /// doctor record's page is the team's view, which a doctor may not open: issue 15, item 1); else the doctor's record.
    /// </summary>
    private string Link(AlertRecord alert)
    {
        var path = AlertTemplates.LinkPath(alert.Kind)
            ?? (alert.Recipient == AlertRecipient.Doctor ? DoctorsOwnPage : alert.DoctorId is { } id ? $"doctors/{id:D}" : string.Empty);
        return new Uri(mail.PublicBaseUrl, path).ToString();
    }

    /// <summary>The doctor's own page in the UI (its route is <c>/my-revalidation</c>).</summary>
    public const string DoctorsOwnPage = "my-revalidation";

    private static string Render(string template, Dictionary<string, string> values, bool html)
    {
        var result = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Unclosed placeholder in template at {open}.");
            }

            result.Append(template, i, open - i);
            var name = template[(open + 2)..close];
            var value = values.TryGetValue(name, out var v) ? v : throw new FormatException($"Unknown placeholder '{name}'.");
            result.Append(html ? WebUtility.HtmlEncode(value) : value);
            i = close + 2;
        }

        return result.ToString();
    }
}
