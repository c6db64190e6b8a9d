using Microsoft.Extensions.Time.Testing;
using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Simulation;

/// <summary>
/// A doctor's whole five-year cycle, day by day on a fake clock: the doctor is appraised every December,
/// the deadline scan runs every morning, the RO recommends revalidation when the doctor is under notice
/// and ready, and the GMC approves. Everything the doctor and the RO are sent is checked against the rules.
/// </summary>
public class WholeCycleSimulationTests
{
    private const int DueMonth = 12;
    private const int GmcDecisionDays = 20;

    private static readonly DateOnly Rsd = new(2030, 9, 15);
    private static readonly DateOnly NextRsdFromGmc = new(2035, 9, 15);
    private static readonly DateOnly LastDay = new(2030, 12, 31);

    /// <summary>The doctor's quality improvement project (after the 2026 appraisal, so it supports the next one).</summary>
    private static readonly DateOnly QualityImprovementOn = new(2027, 3, 1);

    private readonly RevalidationOptions options = TestData.Options();

    private DateOnly NoticeStart => Rsd.AddDays(-options.NoticeWindowDays);

    /// <summary>Patient feedback arrives three days into notice: the gaps change within the week.</summary>
    private DateOnly PatientFeedbackOn => NoticeStart.AddDays(3);

    /// <summary>Colleague feedback arrives 45 days before the RSD: after the RO's 60-day reminder, before the 30-day one.</summary>
    private static DateOnly ColleagueFeedbackOn => Rsd.AddDays(-45);

    [Fact]
    [Trait("Rule", "R1")]
    [Trait("Rule", "R2")]
    [Trait("Rule", "R3")]
    [Trait("Rule", "R4")]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R19")]
    public void WholeCycle_WhenDoctorEngagesAndRoRecommends_SendsEachAlertOnceOnItsDayAndOpensTheNextCycle()
    {
        var time = new FakeTimeProvider(UkCalendar.StartOfDay(CycleRules.EstimateCycleStart(Rsd, options)).AddHours(7));
        var doctor = new DoctorBuilder().WithRsd(Rsd).WithDueMonth(DueMonth).WithOptions(options).Build();
        var log = new AlertLog();
        DateOnly? submittedOn = null;
        DateOnly? approvedOn = null;
        var days = 0;

        for (var today = UkCalendar.Today(time); today <= LastDay; today = NextDay(time, today))
        {
            days++;
            DoctorActs(doctor, today);
            var summary = DoctorSummary.From(doctor);

            // The RO recommends revalidation as soon as the doctor is under notice and ready.
            if (doctor.Recommendations.Open is null && CyclePosition.IsUnderNotice(summary, today, options)
                && ReadinessEvaluator.Evaluate(summary, today, options).Ready)
            {
                doctor.DraftAndSubmit(Recommend.Revalidate(), today, options);
                submittedOn = today;
            }

            // The GMC approves twenty days later and gives the next RSD.
            if (submittedOn?.AddDays(GmcDecisionDays) == today)
            {
                doctor.RecordOutcome(doctor.Recommendations.Open!, GmcOutcome.Approved, today, options, NextRsdFromGmc);
                approvedOn = today;
            }

            log.PlanAndRecord(DoctorSummary.From(doctor), today, options);
        }

        // The whole cycle and the first months of the next: about 1,900 days.
        Assert.Equal(LastDay.DayNumber - Rsd.AddYears(-5).DayNumber + 1, days);

        // The recommendation went in on the day the last gap closed, and the next cycle began on approval.
        Assert.Equal(ColleagueFeedbackOn, submittedOn);
        Assert.Equal(ColleagueFeedbackOn.AddDays(GmcDecisionDays), approvedOn);
        Assert.Equal(2, doctor.Cycles.Items.Count);
        Assert.Equal(CycleStatus.Revalidated, doctor.Cycles.Items[0].Status);
        Assert.Equal(approvedOn, doctor.Cycles.Items[0].ClosedOn);
        var next = doctor.CurrentCycle!;
        Assert.Equal(2, next.Number);
        Assert.Equal(NextRsdFromGmc, next.Rsd);
        Assert.True(next.RsdConfirmed);
        Assert.Equal(approvedOn, next.StartDate);

        // The doctor: appraisal reminders every year (never overdue: appraised every December), the connection
        // check six months before the RSD, and the gaps on the first day under notice and again a week later
        // once they had changed. The 2030 reminders continue into the new cycle.
        var appraisalReminders = Enumerable.Range(2025, 6).SelectMany(startYear =>
        {
            var first = new AppraisalYear(startYear, options.AppraisalYearStartMonth).DueMonth(DueMonth).First;
            return options.DoctorAppraisalReminderDays.Select(d => ($"appraisal-{d}d", first.AddDays(-d)));
        });
        var expectedForDoctor = appraisalReminders
            .Append(("connection-check", Rsd.AddMonths(-options.ConnectionCheckMonths)))
            .Append(("doctor-gaps", NoticeStart))
            .Append(("doctor-gaps", NoticeStart.AddDays(options.GapsResendDays)))
            .OrderBy(a => a.Item2)
            .ToList();
        Assert.Equal(expectedForDoctor, log.Sent(AlertRecipient.Doctor));

        // The RO: the start of notice (two gaps) and 60 days before (one gap); then the recommendation went in.
        Assert.Equal([("ro-rsd-120d", NoticeStart), ("ro-rsd-60d", Rsd.AddDays(-60))], log.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Equal(
            [2, 1],
            log.Planned.Where(p => p.Alert.Recipient == AlertRecipient.ResponsibleOfficer).Select(p => p.Alert.Facts.Gaps));
        Assert.Empty(log.Sent(AlertRecipient.MedicalDirector));

        // Every alert was sent on its own day (nothing to catch up), and each key exactly once.
        Assert.All(log.Planned, p => Assert.Equal(AlertState.Pending, p.Alert.State));
        Assert.All(log.Planned.Where(p => p.Alert.Code != "doctor-gaps"), p => Assert.Equal(p.Alert.DueOn, p.On));
        Assert.Equal(log.Records.Count, log.Records.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
    }

    private void DoctorActs(DoctorRecord doctor, DateOnly today)
    {
        var year = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        var dueMonthStart = year.DueMonth(doctor.Appraisals.DueMonth).First;

        if (today == dueMonthStart.AddDays(-16))
        {
            // Mid-November: a year's CPD, the college's 50 credits.
            ResultAssert.Succeeds(doctor.Evidence.Add(
                SupportingInformationType.ContinuingProfessionalDevelopment, "CPD diary", today, year, 50, "Reflection", null, TestData.At(today)));
        }

        if (today == dueMonthStart)
        {
            ResultAssert.Succeeds(doctor.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: true, noComplimentsOrComplaints: true, today));
        }

        if (today == DoctorSteps.MeetingDate(year, doctor.Appraisals.DueMonth))
        {
            ResultAssert.Succeeds(doctor.Appraisals.Record(year, today, signOff: true, pdpAgreed: true, TestData.AppraiserId, today));
        }

        var once = today == QualityImprovementOn ? SupportingInformationType.QualityImprovementActivity
            : today == PatientFeedbackOn ? SupportingInformationType.PatientFeedback
            : today == ColleagueFeedbackOn ? SupportingInformationType.ColleagueFeedback
            : (SupportingInformationType?)null;
        if (once is { } type)
        {
            // After this year's appraisal is signed off, new evidence supports the next one.
            var target = doctor.Appraisals.For(year.StartYear) is { IsCompleted: true } ? year.Next : year;
            ResultAssert.Succeeds(doctor.Evidence.Add(type, type.ToString(), today, target, null, "Reflection", null, TestData.At(today)));
        }
    }

    private static DateOnly NextDay(FakeTimeProvider time, DateOnly today)
    {
        time.Advance(TimeSpan.FromDays(1));
        var next = UkCalendar.Today(time);

        // Seven in the morning UK time, stepped by 24 hours: every day is visited once, across clock changes too.
        Assert.Equal(today.AddDays(1), next);
        return next;
    }
}
