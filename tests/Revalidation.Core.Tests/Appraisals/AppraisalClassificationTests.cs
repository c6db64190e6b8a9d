using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Appraisals;

public class AppraisalClassificationTests
{
    /// <summary>1 April 2025 – 31 March 2026.</summary>
    private static readonly AppraisalYear Year = new(2025);

    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(2025, 3, 31, AppraisalYearStatus.NotStarted)] // the day before the year starts
    [InlineData(2025, 4, 1, AppraisalYearStatus.Due)]
    [InlineData(2025, 12, 1, AppraisalYearStatus.Due)]
    [InlineData(2025, 12, 31, AppraisalYearStatus.Due)] // last day of the due month
    [InlineData(2026, 1, 1, AppraisalYearStatus.Overdue)] // first day after it
    [InlineData(2026, 3, 31, AppraisalYearStatus.Overdue)] // last day of the year
    [InlineData(2026, 4, 1, AppraisalYearStatus.UnapprovedMissed)] // the year has ended
    [InlineData(2031, 1, 1, AppraisalYearStatus.UnapprovedMissed)]
    public void Classify_WhenNoAppraisalAndDecemberDue_FollowsTheCalendar(int year, int month, int day, AppraisalYearStatus expected) =>
        Assert.Equal(expected, AppraisalRules.Classify(null, Year, dueMonth: 12, new DateOnly(year, month, day)));

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(2026, 3, 1, AppraisalYearStatus.Due)]
    [InlineData(2026, 3, 31, AppraisalYearStatus.Due)] // the due month is the last month of the year
    [InlineData(2026, 4, 1, AppraisalYearStatus.UnapprovedMissed)] // so the year goes straight from due to missed
    public void Classify_WhenMarchDue_GoesFromDueToMissedOn1April(int year, int month, int day, AppraisalYearStatus expected) =>
        Assert.Equal(expected, AppraisalRules.Classify(null, Year, dueMonth: 3, new DateOnly(year, month, day)));

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(2025, 4, 30, AppraisalYearStatus.Due)]
    [InlineData(2025, 5, 1, AppraisalYearStatus.Overdue)]
    public void Classify_WhenAprilDue_IsOverdueFrom1May(int year, int month, int day, AppraisalYearStatus expected) =>
        Assert.Equal(expected, AppraisalRules.Classify(null, Year, dueMonth: 4, new DateOnly(year, month, day)));

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(2025, 12, 15)]
    [InlineData(2026, 3, 31)]
    [InlineData(2026, 4, 1)]
    [InlineData(2030, 1, 1)]
    public void Classify_WhenSignedOff_IsCompletedWheneverAsked(int year, int month, int day)
    {
        var facts = SummaryBuilder.CompleteYear(Year, 12);

        Assert.Equal(AppraisalYearStatus.Completed, AppraisalRules.Classify(facts, Year, 12, new DateOnly(year, month, day)));
    }

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(2026, 2, 1)]
    [InlineData(2026, 4, 1)]
    public void Classify_WhenMissedApproved_IsApprovedMissed(int year, int month, int day)
    {
        var facts = new YearFacts(2025, null, ApprovedMissed: true, false, false, false, false, false, 0);

        Assert.Equal(AppraisalYearStatus.ApprovedMissed, AppraisalRules.Classify(facts, Year, 12, new DateOnly(year, month, day)));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void Classify_WhenMeetingHeldButNotSignedOffByYearEnd_IsUnapprovedMissed()
    {
        var doctor = new DoctorBuilder().Build();
        var meeting = new DateOnly(2025, 12, 10);
        ResultAssert.Succeeds(doctor.Appraisals.Record(Year, meeting, signOff: false, pdpAgreed: false, TestData.AppraiserId, meeting));
        var facts = DoctorSummary.From(doctor).YearOf(2025);

        Assert.Equal(AppraisalYearStatus.Overdue, AppraisalRules.Classify(facts, Year, 12, new DateOnly(2026, 3, 31)));
        Assert.Equal(AppraisalYearStatus.UnapprovedMissed, AppraisalRules.Classify(facts, Year, 12, new DateOnly(2026, 4, 1)));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void Classify_WhenStartMonthConfigured_UsesTheConfiguredYearEnd()
    {
        options.AppraisalYearStartMonth = 1;
        var calendarYear = new AppraisalYear(2025, options.AppraisalYearStartMonth);

        Assert.Equal(AppraisalYearStatus.Overdue, AppraisalRules.Classify(null, calendarYear, dueMonth: 6, new DateOnly(2025, 12, 31)));
        Assert.Equal(AppraisalYearStatus.UnapprovedMissed, AppraisalRules.Classify(null, calendarYear, dueMonth: 6, new DateOnly(2026, 1, 1)));
        Assert.Equal(AppraisalYearStatus.NotStarted, AppraisalRules.Classify(null, calendarYear, dueMonth: 6, new DateOnly(2024, 12, 31)));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void ApproveMissedAppraisal_WhenReasonGiven_ClassifiesYearAsApprovedMissed()
    {
        var doctor = new DoctorBuilder().Build();
        var today = new DateOnly(2026, 2, 1);

        ResultAssert.Succeeds(doctor.Appraisals.ApproveMissed(Year, " Parental leave ", TestData.RoUserId, today));

        var appraisal = doctor.Appraisals.For(2025)!;
        Assert.True(appraisal.IsApprovedMissed);
        Assert.Equal("Parental leave", appraisal.MissedReason);
        Assert.Equal(TestData.RoUserId, appraisal.MissedApprovedBy);
        Assert.Equal(today, appraisal.MissedApprovedOn);
        Assert.Equal(AppraisalYearStatus.ApprovedMissed, AppraisalRules.Classify(DoctorSummary.From(doctor).YearOf(2025), Year, 12, new DateOnly(2026, 4, 1)));
    }

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData("")]
    [InlineData("   ")]
    public void ApproveMissedAppraisal_WhenNoReason_IsRefused(string reason)
    {
        var doctor = new DoctorBuilder().Build();

        ResultAssert.Breaks(doctor.Appraisals.ApproveMissed(Year, reason, TestData.RoUserId, new DateOnly(2026, 2, 1)), "R15", "reason");
        Assert.Null(doctor.Appraisals.For(2025));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void ApproveMissedAppraisal_WhenReasonTooLong_IsRefused() =>
        ResultAssert.Breaks(
            new DoctorBuilder().Build().Appraisals.ApproveMissed(Year, new string('x', Revalidation.Core.Appraisals.AppraisalHistory.MaxReasonLength + 1), TestData.RoUserId, new DateOnly(2026, 2, 1)),
            "R15",
            "reason");

    [Fact]
    [Trait("Rule", "R15")]
    public void ApproveMissedAppraisal_WhenYearNotStarted_IsRefused() =>
        ResultAssert.Breaks(new DoctorBuilder().Build().Appraisals.ApproveMissed(Year, "Sick leave", TestData.RoUserId, Year.Start.AddDays(-1)), "R15", "year");

    [Fact]
    [Trait("Rule", "R15")]
    public void ApproveMissedAppraisal_WhenYearCompleted_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        doctor.CompleteAppraisalYear(Year, options);

        ResultAssert.Breaks(doctor.Appraisals.ApproveMissed(Year, "Sick leave", TestData.RoUserId, new DateOnly(2026, 2, 1)), "R15", "year");
        Assert.False(doctor.Appraisals.For(2025)!.IsApprovedMissed);
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void RecordAppraisal_WhenApprovedMissedYearIsThenSignedOff_IsCompletedAndClearsTheApproval()
    {
        var doctor = new DoctorBuilder().Build();
        ResultAssert.Succeeds(doctor.Appraisals.ApproveMissed(Year, "Sick leave", TestData.RoUserId, new DateOnly(2025, 12, 20)));
        var meeting = new DateOnly(2026, 2, 10);

        var notes = doctor.Appraisals.MissingItems(Year).Select(g => new AppraiserNote(g.Code, "Returned from sick leave; discussed.")).ToList();
        ResultAssert.Succeeds(doctor.Appraisals.Record(Year, meeting, signOff: true, pdpAgreed: true, TestData.AppraiserId, meeting, notes));

        var appraisal = doctor.Appraisals.For(2025)!;
        Assert.True(appraisal.IsCompleted);
        Assert.False(appraisal.IsApprovedMissed);
        Assert.Null(appraisal.MissedReason);
        Assert.Equal(AppraisalYearStatus.Completed, AppraisalRules.Classify(DoctorSummary.From(doctor).YearOf(2025), Year, 12, new DateOnly(2026, 4, 1)));
    }

    [Fact]
    [Trait("Rule", "R15")]
    public void RecordAppraisal_WhenAlreadySignedOff_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        doctor.CompleteAppraisalYear(Year, options);
        var signedOff = doctor.Appraisals.For(2025)!.SignedOffOn;

        ResultAssert.Breaks(doctor.Appraisals.Record(Year, new DateOnly(2026, 1, 5), true, true, "appraiser-2", new DateOnly(2026, 1, 5)), "R15", "year");
        Assert.Equal(signedOff, doctor.Appraisals.For(2025)!.SignedOffOn);
    }

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(AppraisalYearStatus.Completed, "1 ")]
    [InlineData(AppraisalYearStatus.ApprovedMissed, "2 ")]
    [InlineData(AppraisalYearStatus.UnapprovedMissed, "3 ")]
    public void AoaLabel_WhenYearClosed_CarriesTheAoaCategory(AppraisalYearStatus status, string prefix) =>
        Assert.StartsWith(prefix, AppraisalRules.AoaLabel(status), StringComparison.Ordinal);

    [Theory]
    [Trait("Rule", "R15")]
    [InlineData(AppraisalYearStatus.NotStarted)]
    [InlineData(AppraisalYearStatus.Due)]
    [InlineData(AppraisalYearStatus.Overdue)]
    public void AoaLabel_WhenYearStillRunning_HasNoAoaCategory(AppraisalYearStatus status) =>
        Assert.DoesNotMatch("^[123] ", AppraisalRules.AoaLabel(status));
}
