using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Alerts;

/// <summary>The alerts the clinical-safety review found missing or wrong (docs/domain.md#alerts, #decision-b, #decision-c).</summary>
public class ClinicalSafetyAlertTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;
    private readonly RevalidationOptions options = TestData.Options();

    private DateOnly NoticeStart => Rsd.AddDays(-options.NoticeWindowDays);

    [Fact]
    [Trait("Rule", "decision-c")]
    [Trait("Rule", "R10")]
    public void Plan_DuringAGmcInvestigation_SendsNoReminderToSubmitNoRsdPassedNoGaps_ButOneOnHoldNotice()
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(colleague: false).UnderGmcInvestigation().Build();

        var log = AlertLog.Run(doctor, NoticeStart.AddDays(-5), Rsd.AddDays(20), options);

        Assert.Equal([("ro-on-hold", NoticeStart.AddDays(-5))], log.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Empty(log.Sent(AlertRecipient.MedicalDirector));
        Assert.Empty(log.Sent("doctor-gaps"));
    }

    [Fact]
    [Trait("Rule", "decision-c")]
    public void Plan_WhenTheHoldEnds_TellsTheRoOnce_AndRemindersResume()
    {
        var held = new SummaryBuilder().Ready().UnderGmcInvestigation().Build();
        var lifted = held with { UnderGmcInvestigation = false };
        var liftOn = NoticeStart.AddDays(10);

        var log = AlertLog.Run(day => day < liftOn ? held : lifted, NoticeStart, NoticeStart.AddDays(70), options);

        var ro = log.Sent(AlertRecipient.ResponsibleOfficer);
        Assert.Equal(("ro-on-hold", NoticeStart), ro[0]);
        Assert.Equal(("ro-on-hold-ended", liftOn), ro[1]);
        Assert.Contains(ro, a => a.Kind.StartsWith("ro-rsd-", StringComparison.Ordinal) && a.On >= liftOn);
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Plan_WhenAWebServiceSubmissionIsOnlyQueued_KeepsRemindingTheRo_AndSaysTheGmcHasNotAcknowledgedIt()
    {
        var doctor = new SummaryBuilder().Ready().Build();
        var queued = doctor with
        {
            OpenRecommendation = new Core.Readiness.RecommendationFacts(Guid.NewGuid(), RecommendationType.Revalidate, RecommendationStatus.Submitted, NoticeStart, GmcSubmissionState.Held),
        };

        var log = AlertLog.Run(queued, NoticeStart, Rsd, options);

        var sent = log.Sent(AlertRecipient.ResponsibleOfficer);
        Assert.Contains(("ro-gmc-unacknowledged-14d", Rsd.AddDays(-14)), sent);
        Assert.Contains(("ro-gmc-unacknowledged-3d", Rsd.AddDays(-3)), sent);
    }

    /// <summary>
    /// Hazard H51 (docs/decisions/0018-recommendation-hold.md): a recommendation in its cooling-off hold, or released to the
    /// GMC Connect worksheet and not yet entered, is not yet submitted: the RO's reminders and the medical director's
    /// escalation go on as if there were none, until the RO records it entered (then they stop).
    /// </summary>
    [Theory]
    [InlineData(RecommendationStatus.Held)]
    [InlineData(RecommendationStatus.ToEnterInGmcConnect)]
    [Trait("Hazard", "H51")]
    public void Plan_WhileARecommendationIsHeldOrWaitsToBeEntered_TheRosRemindersAndTheEscalationGoOn(RecommendationStatus status)
    {
        var none = new SummaryBuilder().Ready().Build();
        var held = none with
        {
            OpenRecommendation = new Core.Readiness.RecommendationFacts(Guid.NewGuid(), RecommendationType.Revalidate, status, null,
                HoldEndsAt: status == RecommendationStatus.Held ? new DateTimeOffset(NoticeStart.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null),
        };
        var entered = none with
        {
            OpenRecommendation = new Core.Readiness.RecommendationFacts(Guid.NewGuid(), RecommendationType.Revalidate, RecommendationStatus.Submitted, Rsd.AddDays(-10)),
        };

        var withNone = AlertLog.Run(none, NoticeStart, Rsd.AddDays(5), options);
        var whileHeld = AlertLog.Run(held, NoticeStart, Rsd.AddDays(5), options);

        Assert.NotEmpty(withNone.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Equal(withNone.Sent(AlertRecipient.ResponsibleOfficer), whileHeld.Sent(AlertRecipient.ResponsibleOfficer));
        Assert.Equal(withNone.Sent(AlertRecipient.MedicalDirector), whileHeld.Sent(AlertRecipient.MedicalDirector));
        Assert.NotEmpty(whileHeld.Sent(AlertRecipient.MedicalDirector));

        var enteredOn = Rsd.AddDays(-10);
        var log = AlertLog.Run(day => day < enteredOn ? held : entered, NoticeStart, Rsd.AddDays(5), options);
        Assert.DoesNotContain(log.Sent(AlertRecipient.ResponsibleOfficer), a => a.On >= enteredOn);
        Assert.Contains(log.Sent(AlertRecipient.ResponsibleOfficer), a => a.On < enteredOn);
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Plan_WhenTheGmcAcknowledgedTheSubmission_StopsTheRosReminders()
    {
        var acknowledged = new SummaryBuilder().Ready().Build() with
        {
            OpenRecommendation = new Core.Readiness.RecommendationFacts(Guid.NewGuid(), RecommendationType.Revalidate, RecommendationStatus.Submitted, NoticeStart, GmcSubmissionState.Submitted),
        };

        Assert.Empty(AlertLog.Run(acknowledged, NoticeStart.AddDays(1), Rsd.AddDays(5), options).Sent(AlertRecipient.ResponsibleOfficer));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Plan_WhenTheRsdIsStillAnEstimate_TellsTheRoBeforeNoticeBegins()
    {
        var doctor = new SummaryBuilder().Ready().Build();
        var estimated = doctor with { Cycle = doctor.Cycle! with { RsdConfirmed = false } };

        var log = AlertLog.Run(estimated, NoticeStart.AddDays(-60), NoticeStart, options);

        Assert.Contains(("ro-rsd-estimated", NoticeStart.AddDays(-30)), log.Sent(AlertRecipient.ResponsibleOfficer));
    }

    [Fact]
    [Trait("Rule", "decision-b")]
    public void Plan_WithAMarchDueMonth_SendsALastChanceNoticeInMarch_AndOnFirstAprilTellsTheDoctorAndTheRo()
    {
        var builder = new SummaryBuilder().WithDueMonth(3).Ready();
        var year = new AppraisalYear(2027);
        var doctor = builder.WithoutYear(2027).Build();

        var log = AlertLog.Run(doctor, new DateOnly(2028, 1, 1), new DateOnly(2028, 4, 10), options);

        Assert.Contains(("appraisal-year-end", year.End.AddDays(-options.YearEndReminderDays)), log.Sent(AlertRecipient.Doctor));
        Assert.Equal(new DateOnly(2028, 3, 17), year.End.AddDays(-options.YearEndReminderDays));
        Assert.Contains(("appraisal-missed", new DateOnly(2028, 4, 1)), log.Sent(AlertRecipient.Doctor));
        Assert.Contains(("ro-appraisal-missed", new DateOnly(2028, 4, 1)), log.Sent(AlertRecipient.ResponsibleOfficer));
    }

    [Fact]
    [Trait("Rule", "decision-c")]
    public void Caseload_WhenTheGmcSaysOnHoldAfterTheRsd_IsTaggedOnHold_AndNeverOverdue()
    {
        var doctor = new SummaryBuilder().Ready().Build() with { GmcOnHold = true };
        var after = Rsd.AddDays(10);

        var row = Core.Caseload.CaseloadRow.From(doctor, after, options);

        Assert.False(row.Overdue);
        Assert.Contains(Core.Caseload.CaseloadTags.OnHold, row.Tags);
        Assert.DoesNotContain(Core.Caseload.CaseloadTags.Overdue, row.Tags);
    }

    [Fact]
    [Trait("Rule", "R2")]
    public void Plan_AfterAnApprovedDeferralMovesTheRsd_AsksTheDoctorToConfirmTheConnectionAgain()
    {
        var doctor = new SummaryBuilder().Ready().Build();
        var moved = doctor with { Cycle = doctor.Cycle! with { Rsd = Rsd.AddDays(180) }, ApprovedDeferralsInCycle = 1 };
        var log = new AlertLog();

        for (var day = Rsd.AddMonths(-6); day <= Rsd.AddMonths(-5); day = day.AddDays(1))
        {
            log.PlanAndRecord(doctor, day, options);
        }

        for (var day = moved.Cycle!.Rsd.AddMonths(-6); day <= moved.Cycle.Rsd.AddMonths(-5); day = day.AddDays(1))
        {
            log.PlanAndRecord(moved, day, options);
        }

        Assert.Equal(2, log.Sent("connection-check").Count);
    }
}
