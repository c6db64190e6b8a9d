using Microsoft.Extensions.Options;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Alerts.Tests.Mail;

/// <summary>What an alert email says (docs/domain.md#alerts): the recipient's name, the doctor's name, the date, a link to the record; nothing clinical.</summary>
public sealed class AlertMessageTests
{
    private static readonly RevalidationOptions Rules = new();
    private static readonly DateOnly Rsd = new(2027, 2, 9);
    private static readonly DesignatedBodyCode Code = DesignatedBodyCode.Parse("1-NORTH");

    private readonly AlertMessageComposer composer = new(
        Options.Create(new AlertMailOptions { FromAddress = "revalidation@northfield.example", PublicBaseUrl = new Uri("https://revalidation.northfield.example/") }),
        Options.Create(Rules));

    private readonly DesignatedBody body = Body();

    private readonly DoctorRecord doctor = DoctorRecord.Create(Code, GmcNumber.Parse("7000001"), "Amara", "Adebayo", Rsd, true, 12, Rules, email: "amara@northfield.example").Value!;

    [Theory]
    [InlineData("connection-check", AlertRecipient.Doctor, "Dear Dr Amara Adebayo", "9 February 2027")]
    [InlineData("doctor-gaps", AlertRecipient.Doctor, "Dear Dr Amara Adebayo", "9 February 2027")]
    [InlineData("ro-rsd-120d", AlertRecipient.ResponsibleOfficer, "Dear Dr Rhiannon Officer", "Dr Amara Adebayo is under notice")]
    [InlineData("ro-rsd-30d", AlertRecipient.ResponsibleOfficer, "Dear Dr Rhiannon Officer", "Dr Amara Adebayo, whose revalidation submission date is 9 February 2027")]
    [InlineData("ro-rsd-overdue", AlertRecipient.ResponsibleOfficer, "Dear Dr Rhiannon Officer", "9 February 2027")]
    [InlineData("md-rsd-passed", AlertRecipient.MedicalDirector, "Dear Medical director", "Dr Amara Adebayo (9 February 2027)")]
    [InlineData("ro-leaver", AlertRecipient.ResponsibleOfficer, "Dear Dr Rhiannon Officer", "GMC Connect")]
    public void Compose_ForEachKind_NamesRecipientDoctorAndDateAndLinksToTheRecord_InBothParts(string kind, AlertRecipient to, string greeting, string phrase)
    {
        var due = kind switch { "ro-rsd-120d" => Rules.NoticeStart(Rsd), "ro-rsd-30d" => Rsd.AddDays(-30), _ => Rsd.AddDays(1) };
        var (typed, facts) = LegacyAlerts.Read(kind, null, string.Empty);
        var alert = new AlertRecord($"{Code}/{doctor.Id:N}/{kind}", Code, doctor.Id, to, typed, due, UkCalendar.StartOfDay(due).AddHours(6), AlertState.Pending, facts with { Gaps = 2 }, Rsd);

        var mail = composer.Compose(alert, body, doctor).Mail!;

        Assert.StartsWith(greeting, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(phrase, mail.TextBody, StringComparison.Ordinal);
        // Issue 15, item 1: a doctor's link goes to their own page (the record's page is the team's); everyone else's to the record.
        var link = to == AlertRecipient.Doctor ? "https://revalidation.northfield.example/my-revalidation" : $"https://revalidation.northfield.example/doctors/{doctor.Id:D}";
        Assert.Contains(link, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(greeting), mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(composer.MessageId(alert.Key), mail.MessageId);
        Assert.EndsWith("@northfield.example", mail.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WhenTheDoctorHasGaps_CountsThemButNeverDescribesThem()
    {
        var summary = DoctorSummary.From(doctor);
        var gaps = ReadinessEvaluator.Evaluate(summary, Rules.NoticeStart(Rsd), Rules).Gaps;
        var alert = AlertContent.DoctorGaps(1, gaps.Count, Rsd).ToRecord($"{Code}/{doctor.Id:N}/gaps", Code, doctor.Id, Rules.NoticeStart(Rsd), UkCalendar.StartOfDay(Rules.NoticeStart(Rsd)));

        var mail = composer.Compose(alert, body, doctor).Mail!;

        Assert.NotEmpty(gaps);
        Assert.Contains($"({AlertEnglish.Readiness(gaps.Count)})", mail.TextBody, StringComparison.Ordinal);
        Assert.All(gaps, g => Assert.DoesNotContain(g.Message, mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(doctor.GmcNumber.Value, mail.TextBody + mail.HtmlBody + mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WhenANameNeedsEscaping_EncodesItInTheHtmlPart()
    {
        var risky = DoctorRecord.Create(Code, GmcNumber.Parse("7000002"), "Ann", "<b>O'Neil</b>", Rsd, true, 12, Rules, email: "ann@northfield.example").Value!;
        var alert = AlertContent.ConnectionCheck(1, Rsd).ToRecord($"{Code}/{risky.Id:N}/cc", Code, risky.Id, Rsd.AddMonths(-6), DateTimeOffset.UnixEpoch);

        var mail = composer.Compose(alert, body, risky).Mail!;

        Assert.DoesNotContain("<b>O'Neil</b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;O&#39;Neil&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, "1 day to the revalidation date", "Readiness today: 1 gap.")]
    [InlineData(2, 3, "2 days to the revalidation date", "Readiness today: 3 gaps.")]
    [InlineData(30, 0, "30 days to the revalidation date", "Readiness today: ready.")]
    public void Compose_CountsAgreeWithTheirNouns(int daysLeft, int gaps, string subject, string readiness)
    {
        var due = Rsd.AddDays(-daysLeft);
        var alert = AlertContent.ResponsibleOfficerReminder(1, daysLeft, gaps, Rsd).ToRecord($"{Code}/{doctor.Id:N}/ro", Code, doctor.Id, due, UkCalendar.StartOfDay(due).AddHours(6));

        var mail = composer.Compose(alert, body, doctor).Mail!;

        Assert.StartsWith(subject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(readiness, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WhenOneGap_SaysGapNotGaps()
    {
        var alert = AlertContent.DoctorGaps(1, 1, Rsd).ToRecord($"{Code}/{doctor.Id:N}/gaps", Code, doctor.Id, Rules.NoticeStart(Rsd), UkCalendar.StartOfDay(Rules.NoticeStart(Rsd)));

        var mail = composer.Compose(alert, body, doctor).Mail!;

        Assert.Contains("(1 gap)", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("gap(s)", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RecommendationType.NonEngagement, "the non-engagement recommendation")]
    [InlineData(RecommendationType.Revalidate, "the revalidation recommendation")]
    public void Compose_GmcOutcome_NamesTheRecommendationInWords(RecommendationType type, string phrase)
    {
        var alert = AlertContent.GmcApproved(Guid.NewGuid(), type, Rsd).ToRecord($"{Code}/{doctor.Id:N}/gmc", Code, doctor.Id, Rsd, DateTimeOffset.UnixEpoch);

        var mail = composer.Compose(alert, body, doctor).Mail!;

        Assert.Contains(phrase, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(type.ToString(), mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WeeklyDigest_CountsAgreeWithTheirNouns_AndDatesAreWrittenOut()
    {
        var figures = new DigestFigures(new DateOnly(2027, 1, 4), 1, 1, 1, 0, 0, "2026/27", 1, 0);
        var alert = AlertContent.WeeklyDigest(AlertRecipient.MedicalDirector, figures).ToRecord($"{Code}/week/md/digest", Code, null, figures.AsOf, DateTimeOffset.UnixEpoch);

        var mail = composer.Compose(alert, body, null).Mail!;

        Assert.Contains("1 connected doctor; 1 under notice, of whom 1 is ready", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("4 January 2027", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("2027-01-04", mail.TextBody + mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WeeklyDigestToTheRo_ListsWhatTheGmcsListChanged_AndHowManyMore()
    {
        var figures = new DigestFigures(new DateOnly(2027, 1, 4), 40, 2, 1, 0, 0, "2026/27", 30, 1, 22, ["Dr Amara Okafor (revalidation date 1 June 2031)", "Dr Ben Hall (revalidation date 3 March 2027)"]);
        var alert = AlertContent.WeeklyDigest(AlertRecipient.ResponsibleOfficer, figures).ToRecord($"{Code}/week/ro/digest", Code, null, figures.AsOf, DateTimeOffset.UnixEpoch);

        var mail = composer.Compose(alert, body, null).Mail!;

        Assert.Contains("The GMC's list changed the revalidation date or GMC flags of 22 doctors in the past week: Dr Amara Okafor (revalidation date 1 June 2031); Dr Ben Hall (revalidation date 3 March 2027); and 20 more.",
            mail.TextBody, StringComparison.Ordinal);
    }

    private static DesignatedBody Body()
    {
        var b = DesignatedBody.Create(Code, "Northfield Hospitals NHS Trust", new StaffMember("ro-1", "Dr Rhiannon Officer", "ro@northfield.example")).Value!;
        b.SetContacts("md@northfield.example", "admin@northfield.example");
        return b;
    }
}
