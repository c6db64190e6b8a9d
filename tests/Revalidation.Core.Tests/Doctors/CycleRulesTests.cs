using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Doctors;

public class CycleRulesTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;

    /// <summary>29 February 2028: a leap day RSD.</summary>
    private static readonly DateOnly LeapRsd = new(2028, 2, 29);

    private readonly RevalidationOptions options = TestData.Options();

    // ---- R1: five-year cycle ----

    [Fact]
    [Trait("Rule", "R1")]
    public void EstimateNextRsd_WhenDefaultCycle_IsFiveYearsLater() =>
        Assert.Equal(new DateOnly(2035, 9, 15), CycleRules.EstimateNextRsd(Rsd, options));

    [Fact]
    [Trait("Rule", "R1")]
    public void EstimateNextRsd_WhenRsdIs29February_Is28FebruaryFiveYearsLater()
    {
        // 2033 is not a leap year, so "five years later" cannot be 29 February; it is the last day of February, not 1 March.
        Assert.Equal(new DateOnly(2033, 2, 28), CycleRules.EstimateNextRsd(LeapRsd, options));
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void EstimateNextRsd_WhenCycleLengthConfigured_UsesIt()
    {
        options.CycleYears = 3;

        Assert.Equal(Rsd.AddYears(3), CycleRules.EstimateNextRsd(Rsd, options));
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void EstimateCycleStart_WhenRsdKnown_IsFiveYearsBefore() =>
        Assert.Equal(new DateOnly(2025, 9, 15), CycleRules.EstimateCycleStart(Rsd, options));

    [Fact]
    [Trait("Rule", "R1")]
    public void Create_WhenRsdGiven_OpensFirstCycleEndingOnIt()
    {
        var doctor = new DoctorBuilder().WithRsd(Rsd, confirmed: false).Build();

        var cycle = Assert.Single(doctor.Cycles.Items);
        Assert.Same(cycle, doctor.CurrentCycle);
        Assert.Equal(1, cycle.Number);
        Assert.Equal(Rsd, cycle.Rsd);
        Assert.Equal(Rsd.AddYears(-options.CycleYears), cycle.StartDate);
        Assert.False(cycle.RsdConfirmed);
        Assert.Equal(CycleStatus.Open, cycle.Status);
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void ConfirmRsd_WhenGmcDateEntered_ReplacesEstimateAndMarksConfirmed()
    {
        var doctor = new DoctorBuilder().WithRsd(Rsd, confirmed: false).Build();
        var gmcDate = Rsd.AddDays(12);

        ResultAssert.Succeeds(doctor.Cycles.ConfirmRsd(gmcDate, Rsd.AddYears(-1)));

        Assert.Equal(gmcDate, doctor.CurrentCycle!.Rsd);
        Assert.True(doctor.CurrentCycle.RsdConfirmed);
    }

    [Theory]
    [Trait("Rule", "R1")]
    [InlineData(0)]
    [InlineData(-1)]
    public void ConfirmRsd_WhenOnOrBeforeCycleStart_IsRefused(int daysAfterStart)
    {
        var doctor = new DoctorBuilder().Build();
        var start = doctor.CurrentCycle!.StartDate;

        ResultAssert.Breaks(doctor.Cycles.ConfirmRsd(start.AddDays(daysAfterStart), Rsd.AddYears(-1)), "R1", "rsd");
        Assert.Equal(Rsd, doctor.CurrentCycle.Rsd);
    }

    // ---- R2: connection check six months before ----

    [Fact]
    [Trait("Rule", "R2")]
    public void ConnectionCheckDate_WhenDefault_IsSixMonthsBeforeRsd() =>
        Assert.Equal(new DateOnly(2030, 3, 15), CycleRules.ConnectionCheckDate(Rsd, options));

    [Fact]
    [Trait("Rule", "R2")]
    public void ConnectionCheckDate_WhenRsdIs29February_Is29August() =>
        Assert.Equal(new DateOnly(2027, 8, 29), CycleRules.ConnectionCheckDate(LeapRsd, options));

    [Fact]
    [Trait("Rule", "R2")]
    public void ConnectionCheckDate_WhenMonthSixBeforeIsShorter_IsItsLastDay()
    {
        // Six months before 31 August is February, which has no 31st: the check falls on 28 February.
        Assert.Equal(new DateOnly(2030, 2, 28), CycleRules.ConnectionCheckDate(new DateOnly(2030, 8, 31), options));
    }

    [Fact]
    [Trait("Rule", "R2")]
    public void ConnectionCheckDate_WhenMonthsConfigured_UsesThem()
    {
        options.ConnectionCheckMonths = 4;

        Assert.Equal(Rsd.AddMonths(-4), CycleRules.ConnectionCheckDate(Rsd, options));
    }

    // ---- R3: under notice from RSD − 120 days to the RSD ----

    [Theory]
    [Trait("Rule", "R3")]
    [InlineData(-121, false)]
    [InlineData(-120, true)]
    [InlineData(-60, true)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void IsUnderNotice_WhenDaysFromRsd_IsTrueOnlyInsideTheWindow(int daysFromRsd, bool expected) =>
        Assert.Equal(expected, CycleRules.IsUnderNotice(Rsd, Rsd.AddDays(daysFromRsd), options));

    [Fact]
    [Trait("Rule", "R3")]
    public void NoticeStart_WhenDefault_Is120DaysBeforeRsd() =>
        Assert.Equal(new DateOnly(2030, 5, 18), CycleRules.NoticeStart(Rsd, options));

    [Fact]
    [Trait("Rule", "R3")]
    public void NoticeStart_WhenRsdIs29February_Is1November()
    {
        // Back from 29 Feb 2028: 29 days to 31 Jan, 31 to 31 Dec, 31 to 30 Nov, 29 to 1 Nov 2027 = 120 days.
        var noticeStart = new DateOnly(2027, 11, 1);

        Assert.Equal(noticeStart, CycleRules.NoticeStart(LeapRsd, options));
        Assert.False(CycleRules.IsUnderNotice(LeapRsd, new DateOnly(2027, 10, 31), options));
        Assert.True(CycleRules.IsUnderNotice(LeapRsd, noticeStart, options));
        Assert.True(CycleRules.IsUnderNotice(LeapRsd, LeapRsd, options));
        Assert.False(CycleRules.IsUnderNotice(LeapRsd, new DateOnly(2028, 3, 1), options));
    }

    [Fact]
    [Trait("Rule", "R3")]
    public void IsUnderNotice_WhenWindowConfigured_UsesIt()
    {
        options.NoticeWindowDays = 90;

        Assert.Equal(Rsd.AddDays(-90), CycleRules.NoticeStart(Rsd, options));
        Assert.False(CycleRules.IsUnderNotice(Rsd, Rsd.AddDays(-91), options));
        Assert.True(CycleRules.IsUnderNotice(Rsd, Rsd.AddDays(-90), options));
    }

    [Fact]
    [Trait("Rule", "R3")]
    public void Today_WhenJustAfterUkMidnightInSummer_IsTheUkDateNotTheUtcDate()
    {
        // 23:30 UTC on 17 May 2030 is 00:30 BST on 18 May: the first day under notice in the UK.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 5, 17, 23, 30, 0, TimeSpan.Zero));

        var today = UkCalendar.Today(time);

        Assert.Equal(new DateOnly(2030, 5, 18), today);
        Assert.True(CycleRules.IsUnderNotice(Rsd, today, options));
    }

    [Fact]
    [Trait("Rule", "R3")]
    public void Today_WhenLateEveningInWinter_IsTheSameAsUtc()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 10, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2030, 1, 10), UkCalendar.Today(time));
    }

    // ---- R5: our last RO escalation comes before the GMC's 10-day warning ----

    [Fact]
    [Trait("Rule", "R5")]
    public void GmcFinalWarningDate_WhenDefault_Is10DaysBeforeRsd() =>
        Assert.Equal(Rsd.AddDays(-10), CycleRules.GmcFinalWarningDate(Rsd, options));

    [Fact]
    [Trait("Rule", "R5")]
    public void LastResponsibleOfficerEscalation_WhenDefault_IsRsdMinus14BeforeTheFinalWarning()
    {
        var last = CycleRules.LastResponsibleOfficerEscalation(Rsd, options);

        Assert.Equal(Rsd.AddDays(-14), last);
        Assert.True(last < CycleRules.GmcFinalWarningDate(Rsd, options));
    }

    [Fact]
    [Trait("Rule", "R5")]
    public void Check_WhenDefaults_Succeeds() => ResultAssert.Succeeds(options.Check());

    [Theory]
    [Trait("Rule", "R5")]
    [InlineData(10)]
    [InlineData(9)]
    [InlineData(1)]
    public void Check_WhenAnRoReminderIsAtOrAfterTheGmcFinalWarning_IsRefused(int lastReminderDays)
    {
        options.ResponsibleOfficerReminderDays = [120, 60, 30, lastReminderDays];

        ResultAssert.Breaks(options.Check(), "R5", nameof(RevalidationOptions.ResponsibleOfficerReminderDays));
    }

    [Fact]
    [Trait("Rule", "R5")]
    public void Check_WhenLastRoReminderIsTheDayBeforeTheFinalWarning_Succeeds()
    {
        options.ResponsibleOfficerReminderDays = [120, 60, 30, options.GmcFinalWarningDays + 1];

        ResultAssert.Succeeds(options.Check());
    }

    [Fact]
    [Trait("Rule", "R5")]
    public void Check_WhenFinalWarningMovesOntoTheLastReminder_IsRefused()
    {
        options.GmcFinalWarningDays = 14;

        ResultAssert.Breaks(options.Check(), "R5", nameof(RevalidationOptions.ResponsibleOfficerReminderDays));
    }

    [Fact]
    [Trait("Rule", "R5")]
    public void Check_WhenNoRoReminders_IsRefused()
    {
        options.ResponsibleOfficerReminderDays = [];

        ResultAssert.Breaks(options.Check(), "R5", nameof(RevalidationOptions.ResponsibleOfficerReminderDays));
    }

    [Fact]
    [Trait("Rule", "R3")]
    public void Check_WhenAnRoReminderComesBeforeNotice_IsRefused()
    {
        options.ResponsibleOfficerReminderDays = [150, 60, 30, 14];

        ResultAssert.Breaks(options.Check(), "Validation", nameof(RevalidationOptions.ResponsibleOfficerReminderDays));
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void Check_WhenDeferralMinimumExceedsMaximum_IsRefused()
    {
        options.DeferralMinDays = 200;
        options.DeferralMaxDays = 100;

        ResultAssert.Breaks(options.Check(), "Validation", nameof(RevalidationOptions.DeferralMinDays));
    }
}
