using System.Globalization;
using MimeKit;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Recommendations;

namespace Revalidation.Alerts.Tests.Simulation;

/// <summary>
/// One doctor's whole five-year cycle, day by day on a fake clock, through the real services, a real SQLite file
/// and MailKit to an in-process SMTP server: every morning the deadline scan and the mail dispatch run, every
/// Monday the digests too. The doctor is appraised every December; the RO recommends as soon as the doctor is under
/// notice and ready; the GMC approves twenty days later. What arrives in the doctor's and the RO's mailboxes is
/// checked message by message, in order.
/// </summary>
public sealed class WholeCycleEmailTests : IAsyncLifetime
{
    private const int DueMonth = 12;
    private const int GmcDecisionDays = 20;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly DateOnly Rsd = new(2030, 9, 15);
    private static readonly DateOnly NextRsdFromGmc = new(2035, 9, 15);
    private static readonly DateOnly LastDay = new(2030, 12, 31);
    private static readonly DateOnly QualityImprovementOn = new(2027, 3, 1);

    private readonly RevalidationOptions options = new();
    private AlertsWorld world = null!;

    private DateOnly NoticeStart => Rsd.AddDays(-options.NoticeWindowDays);

    public async Task InitializeAsync() =>
        world = await AlertsWorld.CreateAsync(UkCalendar.StartOfDay(CycleRules.EstimateCycleStart(Rsd, options)).AddHours(7));

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    [Trait("Rule", "R1")]
    [Trait("Rule", "R2")]
    [Trait("Rule", "R3")]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R19")]
    public async Task WholeCycle_WhenDoctorEngagesAndRoRecommends_TheDoctorAndTheRoReceiveExactlyTheseEmails()
    {
        var body = await world.AddBodyAsync();
        var doctor = await world.AddDoctorAsync(body.Code, Rsd, DueMonth, given: "Amara", family: "Adebayo");
        var mondays = new List<DateOnly>();
        DateOnly? submittedOn = null;
        Guid? recommendation = null;

        for (var today = world.Today; today <= LastDay; today = NextDay(today))
        {
            if (DoctorActs(doctor, today) | RoAndGmcAct(doctor, today, ref submittedOn, ref recommendation))
            {
                await world.SaveAsync(doctor);
            }

            await world.Scan.RunAsync();
            await world.Dispatch.RunAsync();
            if (today.DayOfWeek == DayOfWeek.Monday)
            {
                mondays.Add(today);
                await world.Digests.RunAsync();
                await world.Dispatch.RunAsync();
            }
        }

        // The recommendation went in on the day the last gap closed (colleague feedback, 45 days before the RSD).
        Assert.Equal(Rsd.AddDays(-45), submittedOn);
        Assert.Equal(NextRsdFromGmc, doctor.CurrentCycle!.Rsd);

        // The doctor: three reminders before each December appraisal (never overdue), the connection check six
        // months before the RSD, and the gaps on the first day under notice and again a week later, once changed.
        var rsd = Rsd.ToString("d MMMM yyyy", English);
        var expectedForDoctor = Enumerable.Range(2025, 6)
            .Select(y => new AppraisalYear(y, options.AppraisalYearStartMonth))
            .SelectMany(y => options.DoctorAppraisalReminderDays.Select(d =>
                (On: y.DueMonth(DueMonth).First.AddDays(-d), Subject: $"Your {y.Label} appraisal is due in December {y.DueMonth(DueMonth).First.Year}")))
            .Append((Rsd.AddMonths(-options.ConnectionCheckMonths), $"Confirm your GMC connection: your revalidation date is {rsd}"))
            .Append((NoticeStart, $"Supporting information is still needed before {rsd}"))
            .Append((NoticeStart.AddDays(options.GapsResendDays), $"Supporting information is still needed before {rsd}"))
            .OrderBy(e => e.Item1)
            .ToList();
        Assert.Equal(expectedForDoctor, Received(doctor.Email!));

        // The RO: the start of notice and 60 days before the RSD (then the recommendation went in), and a digest every Monday.
        var expectedForRo = mondays
            .Select(m => (On: m, Order: 1, Subject: $"Weekly revalidation digest for Trust 1-NORTH: {m.ToString("d MMMM yyyy", English)}"))
            .Append((NoticeStart, 0, $"Dr Amara Adebayo is under notice: revalidation date {rsd}"))
            .Append((Rsd.AddDays(-60), 0, $"60 days to the revalidation date of Dr Amara Adebayo ({rsd})"))
            .OrderBy(e => e.Item1).ThenBy(e => e.Item2)
            .Select(e => (e.Item1, e.Item3))
            .ToList();
        Assert.Equal(expectedForRo, Received(AlertsWorld.RoEmail));
        Assert.Equal(mondays.Count, world.Smtp.To(AlertsWorld.MedicalDirectorEmail).Count);

        // Exactly once: every alert recorded as pending was sent once, under its own Message-ID, and nothing was dead-lettered.
        var alerts = await world.AlertsAsync();
        Assert.Equal(alerts.Count(a => a.State == AlertState.Sent), world.Smtp.Messages.Count);
        Assert.Equal(world.Smtp.Messages.Count, world.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.DoesNotContain(alerts, a => a.State is AlertState.Pending or AlertState.Sending or AlertState.DeadLettered or AlertState.Skipped);
    }

    private List<(DateOnly, string)> Received(string address) =>
        world.Smtp.To(address).Select(m => (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.Date, UkCalendar.London).DateTime), m.Subject ?? string.Empty)).ToList();

    private DateOnly NextDay(DateOnly today)
    {
        world.Time.Advance(TimeSpan.FromDays(1));
        var next = world.Today;
        Assert.Equal(today.AddDays(1), next);
        return next;
    }

    /// <summary>CPD in mid-November, declarations on 1 December, the appraisal signed off on 10 December; the once-a-cycle items on their days.</summary>
    private bool DoctorActs(DoctorRecord doctor, DateOnly today)
    {
        var year = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        var first = year.DueMonth(DueMonth).First;
        var at = UkCalendar.StartOfDay(today).AddHours(12);
        if (today == first.AddDays(-16))
        {
            return Ok(doctor.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "CPD diary", today, year, 50, "Reflection", null, at));
        }

        if (today == first)
        {
            return Ok(doctor.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: true, noComplimentsOrComplaints: true, today));
        }

        if (today == first.AddDays(9))
        {
            return Ok(doctor.Appraisals.Record(year, today, signOff: true, pdpAgreed: true, "appraiser-1", today));
        }

        var once = today == QualityImprovementOn ? SupportingInformationType.QualityImprovementActivity
            : today == NoticeStart.AddDays(3) ? SupportingInformationType.PatientFeedback
            : today == Rsd.AddDays(-45) ? SupportingInformationType.ColleagueFeedback
            : (SupportingInformationType?)null;
        if (once is { } type)
        {
            var target = doctor.Appraisals.For(year.StartYear) is { IsCompleted: true } ? year.Next : year;
            return Ok(doctor.Evidence.Add(type, type.ToString(), today, target, null, "Reflection", null, at));
        }

        return false;
    }

    private bool RoAndGmcAct(DoctorRecord doctor, DateOnly today, ref DateOnly? submittedOn, ref Guid? recommendation)
    {
        var summary = DoctorSummary.From(doctor);
        if (doctor.Recommendations.Open is null && submittedOn is null && CyclePosition.IsUnderNotice(summary, today, options)
            && ReadinessEvaluator.Evaluate(summary, today, options).Ready)
        {
            var draft = doctor.Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate, Statements: new PositiveStatements(true, true, true, true, true, true)), UkCalendar.StartOfDay(today).AddHours(9), "ro-1", options);
            Assert.True(draft.IsSuccess, draft.ToString());
            var submitted = doctor.Recommendations.Submit(draft.Value!.Id, today, "ro-1", options);
            Assert.True(submitted.IsSuccess, submitted.ToString());
            (submittedOn, recommendation) = (today, draft.Value.Id);
            return true;
        }

        return submittedOn?.AddDays(GmcDecisionDays) == today
            && Ok(doctor.Recommendations.RecordGmcOutcome(recommendation!.Value, GmcOutcome.Approved, today, options, NextRsdFromGmc));
    }

    private static bool Ok(Result result)
    {
        Assert.True(result.IsSuccess, result.ToString());
        return true;
    }

    private static bool Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.ToString());
        return true;
    }
}
