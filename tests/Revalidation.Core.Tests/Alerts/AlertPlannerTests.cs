using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Alerts;

/// <summary>docs/domain.md#alerts: which alerts go to whom, when, exactly once, with catch-up.</summary>
public class AlertPlannerTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;
    private readonly RevalidationOptions options = TestData.Options();

    private DateOnly NoticeStart => Rsd.AddDays(-options.NoticeWindowDays);

    private DateOnly ConnectionCheck => Rsd.AddMonths(-options.ConnectionCheckMonths);

    // ---- connection check (R2) ----

    [Fact]
    [Trait("Rule", "R2")]
    public void Plan_WhenSixMonthsBeforeRsd_AsksDoctorToConfirmConnectionOnThatDay()
    {
        var log = AlertLog.Run(new SummaryBuilder().Ready().Build(), ConnectionCheck.AddDays(-10), ConnectionCheck.AddDays(10), options);

        Assert.Equal([("connection-check", ConnectionCheck)], log.Sent(AlertRecipient.Doctor));
        var alert = Assert.Single(log.Planned).Alert;
        Assert.Equal(ConnectionCheck, alert.DueOn);
        Assert.EndsWith("/cycle-1/doctor/connection-check", alert.Key, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R2")]
    public void Plan_WhenFirstScannedAfterTheCheckDate_SendsTheCheckAtOnceButNotAfterTheRsd()
    {
        var doctor = new SummaryBuilder().Ready().Build();
        var late = ConnectionCheck.AddDays(20);

        var onLateScan = AlertPlanner.Plan(doctor, late, options, []);
        var afterRsd = AlertPlanner.Plan(doctor, Rsd.AddDays(1), options, []);

        var check = Assert.Single(onLateScan, a => a.Code == "connection-check");
        Assert.Equal(AlertState.Pending, check.State);
        Assert.Equal(ConnectionCheck, check.DueOn);
        Assert.DoesNotContain(afterRsd, a => a.Code == "connection-check");
    }

    // ---- appraisal reminders (R14, R15) ----

    [Fact]
    [Trait("Rule", "R14")]
    public void Plan_WhenAppraisalNotDone_RemindsDoctorBeforeDueMonthThenOverdue()
    {
        var doctor = new SummaryBuilder().Ready().WithoutYear(2029).Build();
        var (first, last) = new AppraisalYear(2029).DueMonth(TestData.DueMonth);

        var log = AlertLog.Run(doctor, new DateOnly(2029, 9, 1), new DateOnly(2030, 2, 1), options);

        var expected = options.DoctorAppraisalReminderDays.Select(d => ($"appraisal-{d}d", first.AddDays(-d)))
            .Append(("appraisal-overdue", last.AddDays(1)));
        Assert.Equal(expected, log.Sent(AlertRecipient.Doctor));
        Assert.Equal(
            [new DateOnly(2029, 10, 2), new DateOnly(2029, 11, 1), new DateOnly(2029, 11, 24), new DateOnly(2030, 1, 1)],
            log.Sent(AlertRecipient.Doctor).Select(s => s.On));
        Assert.All(log.Planned, p => Assert.Contains("/year-2029/doctor/appraisal-", p.Alert.Key, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R15")]
    public void Plan_WhenAppraisedBeforeTheLaterReminders_StopsThem()
    {
        var year = new AppraisalYear(2029);
        var appraisedOn = new DateOnly(2029, 11, 10);
        var complete = new SummaryBuilder().Ready().Build();
        var notYet = new SummaryBuilder().Ready().WithoutYear(2029).Build();

        var log = AlertLog.Run(day => day >= appraisedOn ? complete : notYet, new DateOnly(2029, 9, 1), new DateOnly(2030, 2, 1), options);

        var first = year.DueMonth(TestData.DueMonth).First;
        Assert.Equal([("appraisal-60d", first.AddDays(-60)), ("appraisal-30d", first.AddDays(-30))], log.Sent(AlertRecipient.Doctor));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void Plan_WhenMissedAppraisalApproved_SendsNoReminders()
    {
        var doctor = new SummaryBuilder().Ready()
            .WithYear(2029, _ => new YearFacts(2029, null, ApprovedMissed: true, false, false, false, false, false, 0))
            .Build();

        var log = AlertLog.Run(doctor, new DateOnly(2029, 9, 1), new DateOnly(2030, 2, 1), options);

        Assert.Empty(log.Planned);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void Plan_WhenAppraisalYearStartsInJanuary_RemindsBeforeTheYearStarts()
    {
        options.AppraisalYearStartMonth = 1;
        var doctor = new SummaryBuilder().WithOptions(options).WithDueMonth(1).Ready().WithoutYear(2029).Build();
        var (first, last) = new AppraisalYear(2029, 1).DueMonth(1);

        var log = AlertLog.Run(doctor, new DateOnly(2028, 10, 1), new DateOnly(2029, 3, 1), options);

        Assert.Equal(new DateOnly(2029, 1, 1), first);
        Assert.Equal(
            options.DoctorAppraisalReminderDays.Select(d => ($"appraisal-{d}d", first.AddDays(-d))).Append(("appraisal-overdue", last.AddDays(1))),
            log.Sent(AlertRecipient.Doctor));
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void Plan_WhenImportedAfterTheDueMonth_SendsOnlyOverdueAndSkipsTheMissedReminders()
    {
        var doctor = new SummaryBuilder().Ready().WithoutYear(2029).Build();

        var planned = AlertPlanner.Plan(doctor, new DateOnly(2030, 1, 15), options, []);

        Assert.Equal(
            [("appraisal-60d", AlertState.Skipped), ("appraisal-30d", AlertState.Skipped), ("appraisal-7d", AlertState.Skipped), ("appraisal-overdue", AlertState.Pending)],
            planned.Select(p => (p.Code, p.State)));
        Assert.All(planned, p => Assert.Equal(AlertRecipient.Doctor, p.Recipient));
    }

    // ---- RO reminders and the medical director (R3, R5) ----

    [Fact]
    [Trait("Rule", "R3")]
    public void Plan_WhenNothingSubmitted_RemindsRoAtEachThresholdThenOverdueAndTellsMedicalDirector()
    {
        var log = AlertLog.Run(new SummaryBuilder().Ready().Build(), NoticeStart.AddDays(-5), Rsd.AddDays(5), options);

        var expected = options.ResponsibleOfficerReminderDays.Select(d => ($"ro-rsd-{d}d", Rsd.AddDays(-d)))
            .Append(("ro-rsd-overdue", Rsd.AddDays(1)));
        Assert.Equal(expected, log.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Equal(NoticeStart, log.Sent(AlertRecipient.ResponsibleOfficer)[0].On);
        Assert.Equal([("md-rsd-approaching", Rsd.AddDays(-options.MedicalDirectorEscalationDays)), ("md-rsd-passed", Rsd.AddDays(1))], log.Sent(AlertRecipient.MedicalDirector));
        Assert.DoesNotContain(log.Planned, p => p.Alert.State == AlertState.Skipped);
    }

    [Fact]
    [Trait("Rule", "R5")]
    public void Plan_WhenRsdApproaches_LastRoReminderComesBeforeTheGmcFinalWarning()
    {
        var log = AlertLog.Run(new SummaryBuilder().Ready().Build(), NoticeStart.AddDays(-5), Rsd, options);

        var roDays = log.Sent(AlertRecipient.ResponsibleOfficer).Select(s => s.On).ToList();
        Assert.NotEmpty(roDays);
        Assert.All(roDays, d => Assert.True(d < CycleRules.GmcFinalWarningDate(Rsd, options), $"RO alert on {d} is not before the GMC's warning"));
        Assert.Equal(CycleRules.LastResponsibleOfficerEscalation(Rsd, options), roDays.Max());
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Plan_WhenRoIsReminded_CarriesTheDoctorsReadiness()
    {
        var ready = AlertLog.Run(new SummaryBuilder().Ready().Build(), NoticeStart, Rsd, options);
        var withGap = AlertLog.Run(new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build(), NoticeStart, Rsd, options);

        var thresholds = options.ResponsibleOfficerReminderDays.Length;
        Assert.Equal(Enumerable.Repeat<int?>(0, thresholds), ready.Planned.Where(p => p.Alert.Recipient == AlertRecipient.ResponsibleOfficer).Select(p => p.Alert.Facts.Gaps));
        Assert.Equal(Enumerable.Repeat<int?>(1, thresholds), withGap.Planned.Where(p => p.Alert.Recipient == AlertRecipient.ResponsibleOfficer).Select(p => p.Alert.Facts.Gaps));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Plan_WhenRsdTwentyDaysAwayAndNothingRecorded_SendsOnlyTheMostUrgentRoAlert()
    {
        var doctor = new SummaryBuilder().Ready().Build();
        var today = Rsd.AddDays(-20);

        var ro = AlertPlanner.Plan(doctor, today, options, []).Where(p => p.Recipient == AlertRecipient.ResponsibleOfficer).ToList();

        Assert.Equal(
            [("ro-rsd-120d", AlertState.Skipped, Rsd.AddDays(-120)), ("ro-rsd-60d", AlertState.Skipped, Rsd.AddDays(-60)), ("ro-rsd-30d", AlertState.Pending, Rsd.AddDays(-30))],
            ro.Select(p => (p.Code, p.State, p.DueOn)));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Plan_WhenCaughtUp_ContinuesWithTheNextThresholdOnly()
    {
        var log = AlertLog.Run(new SummaryBuilder().Ready().Build(), Rsd.AddDays(-20), Rsd.AddDays(-1), options);

        Assert.Equal([("ro-rsd-30d", Rsd.AddDays(-20)), ("ro-rsd-14d", Rsd.AddDays(-14))], log.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Equal(
            ["ro-rsd-120d", "ro-rsd-60d"],
            log.Planned.Where(p => p.Alert.State == AlertState.Skipped && p.Alert.Recipient == AlertRecipient.ResponsibleOfficer).Select(p => p.Alert.Code));
    }

    // ---- doctor's gaps while under notice (R19) ----

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R3")]
    public void Plan_WhenGapsExist_TellsDoctorFromTheFirstDayUnderNoticeOnce()
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build();

        var log = AlertLog.Run(doctor, NoticeStart.AddDays(-30), Rsd.AddDays(30), options);

        Assert.Equal([("doctor-gaps", NoticeStart)], log.Sent("doctor-gaps"));
        Assert.Equal(1, log.Planned.Single(p => p.Alert.Kind == AlertKind.DoctorGaps).Alert.Facts.Gaps);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Plan_WhenGapsChangeWithinAWeek_WaitsUntilAWeekHasPassed()
    {
        var twoGaps = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(patient: false, colleague: false).Build();
        var oneGap = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build();

        var log = AlertLog.Run(day => day < NoticeStart.AddDays(3) ? twoGaps : oneGap, NoticeStart, NoticeStart.AddDays(30), options);

        Assert.Equal([("doctor-gaps", NoticeStart), ("doctor-gaps", NoticeStart.AddDays(options.GapsResendDays))], log.Sent("doctor-gaps"));
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Plan_WhenGapsChangeAfterAWeek_ResendsTheSameDay()
    {
        var twoGaps = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(patient: false, colleague: false).Build();
        var oneGap = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build();
        var changedOn = NoticeStart.AddDays(10);

        var log = AlertLog.Run(day => day < changedOn ? twoGaps : oneGap, NoticeStart, NoticeStart.AddDays(30), options);

        Assert.Equal([("doctor-gaps", NoticeStart), ("doctor-gaps", changedOn)], log.Sent("doctor-gaps"));
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Plan_WhenGapsResendIntervalConfigured_UsesIt()
    {
        options.GapsResendDays = 14;
        var twoGaps = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(patient: false, colleague: false).Build();
        var oneGap = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build();

        var log = AlertLog.Run(day => day < NoticeStart.AddDays(3) ? twoGaps : oneGap, NoticeStart, NoticeStart.AddDays(30), options);

        Assert.Equal([NoticeStart, NoticeStart.AddDays(14)], log.Sent("doctor-gaps").Select(s => s.On));
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Plan_WhenDoctorReady_SendsNoGapsAlert()
    {
        var log = AlertLog.Run(new SummaryBuilder().Ready().Build(), NoticeStart.AddDays(-1), Rsd.AddDays(5), options);

        Assert.Empty(log.Sent("doctor-gaps"));
    }

    // ---- exactly once ----

    [Fact]
    public void Plan_WhenItsAlertsAreRecorded_PlansNothingMoreThatDay()
    {
        // RSD passed with nothing recorded: RO, medical director and appraisal series all due at once.
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).Build();
        var today = Rsd.AddDays(1);
        var first = AlertPlanner.Plan(doctor, today, options, []);
        var recorded = first.Select(a => new RecordedAlert(a.Key, doctor.Id, a.DueOn)).ToList();

        var second = AlertPlanner.Plan(doctor, today, options, recorded);

        Assert.Contains(first, a => a.Recipient == AlertRecipient.ResponsibleOfficer && a.State == AlertState.Pending);
        Assert.Contains(first, a => a.Recipient == AlertRecipient.MedicalDirector);
        Assert.Equal(first.Count, first.Select(a => a.Key).Distinct().Count());
        Assert.Empty(second);
        Assert.Empty(AlertPlanner.Plan(doctor, today.AddDays(1), options, recorded));
    }

    [Fact]
    public void Plan_WhenRunDailyOverAWholeCycle_RecordsEveryKeyOnce()
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithoutYear(2027).WithCycleEvidence(patient: false).Build();

        var log = AlertLog.Run(doctor, Rsd.AddYears(-5), Rsd.AddDays(60), options);

        Assert.Equal(log.Records.Count, log.Records.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(log.Records, r => r.Code == "appraisal-overdue");
        Assert.Contains(log.Records, r => r.Code == "md-rsd-passed");
    }

    // ---- what stops alerts ----

    [Theory]
    [Trait("Rule", "R4")]
    [InlineData(RecommendationStatus.Submitted)]
    [InlineData(RecommendationStatus.UnderReview)]
    public void Plan_WhenRecommendationAwaitsTheGmc_SendsNoRoMedicalDirectorOrGapsAlerts(RecommendationStatus status)
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false)
            .WithOpenRecommendation(RecommendationType.Defer, status, NoticeStart).Build();

        var log = AlertLog.Run(doctor, NoticeStart, Rsd.AddDays(30), options);

        Assert.Empty(log.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Empty(log.Sent(AlertRecipient.MedicalDirector));
        Assert.Empty(log.Sent("doctor-gaps"));
    }

    [Fact]
    [Trait("Rule", "R6")]
    public void Plan_WhenRecommendationOnlyDrafted_KeepsRemindingTheRo()
    {
        var doctor = new SummaryBuilder().Ready().WithOpenRecommendation(RecommendationType.Revalidate, RecommendationStatus.Draft).Build();

        var log = AlertLog.Run(doctor, NoticeStart, Rsd.AddDays(1), options);

        Assert.Equal(options.ResponsibleOfficerReminderDays.Length + 1, log.Sent(AlertRecipient.ResponsibleOfficer).Count);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public void Plan_WhenDoctorIsLeaver_PlansNothing()
    {
        var doctor = new SummaryBuilder().WithoutYear(2029).WithCycleEvidence(colleague: false).AsLeaver(new DateOnly(2029, 1, 31)).Build();

        var log = AlertLog.Run(doctor, new DateOnly(2029, 9, 1), Rsd.AddDays(30), options);

        Assert.Empty(log.Planned);
    }

    [Fact]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R8")]
    public void Plan_WhenDeferralApproved_StartsRoAndGapsAlertsAgainForTheNewDate()
    {
        // The doctor lacks colleague feedback all along; the RO defers 30 days before the RSD and the GMC agrees.
        var doctor = new DoctorBuilder().AppraisedEveryYear().WithCycleEvidence(colleagueFeedback: false).Build();
        var deferOn = Rsd.AddDays(-30);
        var approveOn = Rsd.AddDays(-20);
        var newRsd = Rsd.AddDays(180);
        var year2030 = new AppraisalYear(2030);
        var log = new AlertLog();

        for (var day = NoticeStart.AddDays(-1); day <= newRsd.AddDays(3); day = day.AddDays(1))
        {
            if (day == deferOn)
            {
                doctor.DraftAndSubmit(Recommend.Defer(newRsd), day, options);
            }

            if (day == approveOn)
            {
                doctor.RecordOutcome(doctor.Recommendations.Open!, GmcOutcome.Approved, day, options);
            }

            if (day == DoctorSteps.MeetingDate(year2030, doctor.Appraisals.DueMonth))
            {
                // December 2030 now falls before the new RSD: the doctor is appraised as usual.
                doctor.CompleteAppraisalYear(year2030, options);
            }

            log.PlanAndRecord(DoctorSummary.From(doctor), day, options);
        }

        Assert.Equal(newRsd, doctor.CurrentCycle!.Rsd);
        var newNotice = newRsd.AddDays(-options.NoticeWindowDays);
        Assert.Equal(
            [
                ("ro-rsd-120d", Rsd.AddDays(-120)), ("ro-rsd-60d", Rsd.AddDays(-60)),
                ("ro-rsd-120d", newNotice), ("ro-rsd-60d", newRsd.AddDays(-60)), ("ro-rsd-30d", newRsd.AddDays(-30)), ("ro-rsd-14d", newRsd.AddDays(-14)),
                ("ro-rsd-overdue", newRsd.AddDays(1)),
            ],
            log.Sent(AlertRecipient.ResponsibleOfficer).Where(s => s.On != deferOn));
        Assert.Equal([("md-rsd-approaching", newRsd.AddDays(-options.MedicalDirectorEscalationDays)), ("md-rsd-passed", newRsd.AddDays(1))], log.Sent(AlertRecipient.MedicalDirector));
        Assert.Equal([("doctor-gaps", NoticeStart), ("doctor-gaps", newNotice)], log.Sent("doctor-gaps"));
    }
}
