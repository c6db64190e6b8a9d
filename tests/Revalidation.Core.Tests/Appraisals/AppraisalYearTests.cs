using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Appraisals;

public class AppraisalYearTests
{
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R14")]
    [InlineData(2026, 3, 31, 2025)]
    [InlineData(2026, 4, 1, 2026)]
    [InlineData(2025, 12, 31, 2025)]
    [InlineData(2026, 1, 1, 2025)]
    public void Containing_WhenEnglishYear_RunsFrom1AprilTo31March(int year, int month, int day, int expectedStartYear) =>
        Assert.Equal(expectedStartYear, AppraisalYear.Containing(new DateOnly(year, month, day)).StartYear);

    [Fact]
    [Trait("Rule", "R14")]
    public void StartAndEnd_WhenEnglishYear_Are1AprilAnd31March()
    {
        var year = new AppraisalYear(2025);

        Assert.Equal(new DateOnly(2025, 4, 1), year.Start);
        Assert.Equal(new DateOnly(2026, 3, 31), year.End);
        Assert.Equal("2025/26", year.Label);
        Assert.True(year.Contains(new DateOnly(2026, 3, 31)));
        Assert.False(year.Contains(new DateOnly(2026, 4, 1)));
        Assert.False(year.Contains(new DateOnly(2025, 3, 31)));
        Assert.Equal(new AppraisalYear(2026), year.Next);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void StartAndEnd_WhenYearEndsInLeapFebruary_IncludeThe29th()
    {
        options.AppraisalYearStartMonth = 3;
        var year = new AppraisalYear(2027, options.AppraisalYearStartMonth);

        Assert.Equal(new DateOnly(2028, 2, 29), year.End);
        Assert.Equal(2027, AppraisalYear.Containing(new DateOnly(2028, 2, 29), options.AppraisalYearStartMonth).StartYear);
        Assert.Equal(2028, AppraisalYear.Containing(new DateOnly(2028, 3, 1), options.AppraisalYearStartMonth).StartYear);
    }

    [Theory]
    [Trait("Rule", "R14")]
    [InlineData(1, 2025, 12, 31, 2025)]
    [InlineData(1, 2026, 1, 1, 2026)]
    [InlineData(7, 2026, 6, 30, 2025)]
    [InlineData(7, 2026, 7, 1, 2026)]
    public void Containing_WhenStartMonthConfigured_UsesIt(int startMonth, int year, int month, int day, int expectedStartYear)
    {
        options.AppraisalYearStartMonth = startMonth;

        var found = AppraisalYear.Containing(new DateOnly(year, month, day), options.AppraisalYearStartMonth);

        Assert.Equal(expectedStartYear, found.StartYear);
        Assert.Equal(new DateOnly(expectedStartYear, startMonth, 1), found.Start);
        Assert.Equal(found.Start.AddYears(1).AddDays(-1), found.End);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void Label_WhenCalendarYear_IsTheYearAlone() => Assert.Equal("2025", new AppraisalYear(2025, 1).Label);

    [Theory]
    [Trait("Rule", "R14")]
    [InlineData(4, 2025, 4)] // April: the first month of the 2025/26 year
    [InlineData(12, 2025, 12)]
    [InlineData(1, 2026, 1)] // January to March fall in the next calendar year
    [InlineData(3, 2026, 3)]
    public void DueMonth_WhenEnglishYear_IsThatMonthInsideTheYear(int dueMonth, int expectedYear, int expectedMonth)
    {
        var (first, last) = new AppraisalYear(2025).DueMonth(dueMonth);

        Assert.Equal(new DateOnly(expectedYear, expectedMonth, 1), first);
        Assert.Equal(first.AddMonths(1).AddDays(-1), last);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void DueMonth_WhenFebruaryOfALeapYear_EndsOnThe29th() =>
        Assert.Equal(new DateOnly(2028, 2, 29), new AppraisalYear(2027).DueMonth(2).Last);

    [Theory]
    [Trait("Rule", "R14")]
    [InlineData(12, new[] { 2025, 2026, 2027, 2028, 2029 })] // Dec 2025 … Dec 2029; Dec 2030 is after the RSD
    [InlineData(6, new[] { 2026, 2027, 2028, 2029, 2030 })] // June 2025 ended before the cycle began; June 2030 starts before the RSD
    [InlineData(9, new[] { 2025, 2026, 2027, 2028, 2029, 2030 })] // September 2025 and September 2030 both touch the cycle
    public void YearsOfCycle_WhenDueMonthGiven_AreTheYearsWhoseDueMonthTouchesTheCycle(int dueMonth, int[] expected)
    {
        // Cycle 15 September 2025 – 15 September 2030.
        var cycle = new CycleFacts(1, new DateOnly(2025, 9, 15), TestData.Rsd, true);

        Assert.Equal(expected, AppraisalRules.YearsOfCycle(cycle, dueMonth, options).Select(y => y.StartYear));
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void TimelineYears_WhenTheDoctorHasRecordsForAYearAfterTheRsd_LeaveThatYearOut()
    {
        // Cycle 25 March 2022 – 25 March 2027: 2027/28 starts on 1 April 2027, after the RSD, so it is the next cycle's.
        var cycle = new CycleFacts(1, new DateOnly(2022, 3, 25), new DateOnly(2027, 3, 25), true);
        var cycleYears = AppraisalRules.YearsOfCycle(cycle, dueMonth: 11, options);

        var years = AppraisalRules.TimelineYears(cycleYears, recordedYears: [2020, 2026, 2027], cycle, options.AppraisalYearStartMonth);

        Assert.Equal([2026, 2025, 2024, 2023, 2022, 2020], years.Select(y => y.StartYear)); // the previous cycle's record stays
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void TimelineYears_WhenTheRsdIsOn31March_KeepTheYearEndingThatDay()
    {
        var cycle = new CycleFacts(1, new DateOnly(2022, 4, 1), new DateOnly(2027, 3, 31), true);

        var years = AppraisalRules.TimelineYears([], recordedYears: [2026, 2027], cycle, 4);

        Assert.Equal([2026], years.Select(y => y.StartYear));
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void YearsOfCycle_WhenCalendarAppraisalYears_UsesTheConfiguredStartMonth()
    {
        options.AppraisalYearStartMonth = 1;
        var cycle = new CycleFacts(1, new DateOnly(2025, 9, 15), TestData.Rsd, true);

        // January due month: January 2025 ended before the cycle; January 2026 … January 2030 are inside it.
        var years = AppraisalRules.YearsOfCycle(cycle, dueMonth: 1, options);

        Assert.Equal([2026, 2027, 2028, 2029, 2030], years.Select(y => y.StartYear));
        Assert.All(years, y => Assert.Equal(1, y.StartMonth));
    }

    [Theory]
    [Trait("Rule", "R14")]
    [InlineData(0)]
    [InlineData(13)]
    public void Create_WhenDueMonthNotACalendarMonth_IsRefused(int dueMonth) =>
        ResultAssert.Breaks(
            Revalidation.Core.Doctors.DoctorRecord.Create(TestData.Body, Revalidation.Core.Doctors.GmcNumber.Parse(TestData.DoctorGmcNumber), "Ada", "Lovelace", TestData.Rsd, true, dueMonth, options),
            "R14",
            "appraisalDueMonth");

    [Fact]
    [Trait("Rule", "R14")]
    public void RecordAppraisal_WhenMeetingBeforeTheYearStarts_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var year = new AppraisalYear(2026);

        ResultAssert.Breaks(doctor.Appraisals.Record(year, year.Start.AddDays(-1), true, true, TestData.AppraiserId, year.Start), "R14", "meetingDate");
        Assert.Null(doctor.Appraisals.For(2026));
    }

    [Fact]
    [Trait("Rule", "Validation")]
    public void RecordAppraisal_WhenMeetingInTheFuture_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var today = new DateOnly(2026, 12, 1);

        ResultAssert.Breaks(doctor.Appraisals.Record(new AppraisalYear(2026), today.AddDays(1), true, true, TestData.AppraiserId, today), "Validation", "meetingDate");
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void AddEvidence_WhenYearTwoAheadOfToday_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var today = new DateOnly(2026, 5, 1);

        var result = doctor.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "Course", today, new AppraisalYear(2028), 5, null, null, TestData.At(today));

        ResultAssert.Breaks(result, "R14", "appraisalYear");
        Assert.Empty(doctor.Evidence.Items);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void AddEvidence_WhenNextYearButThisYearNotSignedOff_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var today = new DateOnly(2026, 5, 1);

        var result = doctor.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "Course", today, new AppraisalYear(2027), 5, null, null, TestData.At(today));

        ResultAssert.Breaks(result, "R14", "appraisalYear");
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R16")]
    public void AddEvidence_WhenThisYearIsSignedOff_GoesToTheNextAppraisalYear()
    {
        // Appraised in April 2026: until April 2027 there is no open year for new evidence unless the next one takes it.
        var doctor = new DoctorBuilder().WithDueMonth(4).Build();
        var thisYear = new AppraisalYear(2026);
        doctor.CompleteAppraisalYear(thisYear, options);
        var today = new DateOnly(2026, 6, 1);

        ResultAssert.Breaks(
            doctor.Evidence.Add(SupportingInformationType.QualityImprovementActivity, "Audit", today, thisYear, null, null, null, TestData.At(today)), "R16", "appraisalYear");
        var item = ResultAssert.Succeeds(
            doctor.Evidence.Add(SupportingInformationType.QualityImprovementActivity, "Audit", today, thisYear.Next, null, null, null, TestData.At(today)));

        Assert.Equal(2027, item.AppraisalYear);
        Assert.False(item.Locked);
        Assert.True(DoctorSummary.From(doctor).QualityImprovementInCycle);
    }
}
