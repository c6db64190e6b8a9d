using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Appraisals;

/// <summary>Which year an appraisal counts in, the due month, probity and the cycle start (docs/domain.md#r1, #r14, #r16, #r21).</summary>
public class AppraisalYearSafetyTests
{
    private static readonly AppraisalYear Year2025 = new(2025);
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R21")]
    [Trait("Rule", "decision-a")]
    public void Record_WhenTheMeetingWasAfterTheYearEnded_IsRefusedForThatYear_AndCountsForTheNextYearInstead()
    {
        var doctor = new DoctorBuilder().Build();
        var lateMeeting = new DateOnly(2026, 4, 1);

        var refused = ResultAssert.Breaks(doctor.Appraisals.Record(Year2025, lateMeeting, signOff: false, pdpAgreed: true, TestData.AppraiserId, lateMeeting), "R14", "meetingDate");

        Assert.Contains("counts for 2026/27", refused.Message, StringComparison.Ordinal);
        Assert.Null(doctor.Appraisals.For(2025));
        ResultAssert.Succeeds(doctor.Appraisals.Record(Year2025.Next, lateMeeting, signOff: false, pdpAgreed: true, TestData.AppraiserId, lateMeeting));
    }

    [Fact]
    [Trait("Rule", "R14")]
    [Trait("Rule", "R21")]
    public void Record_WhenTheSameMeetingIsEnteredForASecondYear_IsRefused_OneMeetingCountsOnce()
    {
        // The 2025/26 appraisal, postponed to June 2026, took place on 1 June 2026: it cannot also complete 2026/27.
        var doctor = new DoctorBuilder().Build();
        ResultAssert.Succeeds(doctor.Appraisals.ApprovePostponement(Year2025, new DateOnly(2026, 6, 30), "Sick leave", new DateOnly(2026, 2, 1)));
        var meeting = new DateOnly(2026, 6, 1);
        ResultAssert.Succeeds(doctor.Appraisals.Record(Year2025, meeting, signOff: false, pdpAgreed: true, TestData.AppraiserId, meeting));

        var refused = ResultAssert.Breaks(doctor.Appraisals.Record(Year2025.Next, meeting, signOff: false, pdpAgreed: true, TestData.AppraiserId, meeting), "R14", "meetingDate");

        Assert.Contains("One meeting counts for one year only", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R21")]
    [Trait("Rule", "decision-a")]
    public void Record_UnderAPostponementApprovedBeforeTheYearEnded_CountsALateMeetingForThePostponedYear_ButNotOneApprovedAfter()
    {
        var doctor = new DoctorBuilder().Build();
        var until = new DateOnly(2026, 6, 30);

        ResultAssert.Breaks(doctor.Appraisals.ApprovePostponement(Year2025, until, "Sick leave", new DateOnly(2026, 4, 2)), "R14", "year");
        ResultAssert.Succeeds(doctor.Appraisals.ApprovePostponement(Year2025, until, "Sick leave", new DateOnly(2026, 2, 1)));
        var meeting = new DateOnly(2026, 6, 1);
        var notes = doctor.Appraisals.MissingItems(Year2025).Select(g => new AppraiserNote(g.Code, "Returned from sick leave.")).ToList();

        ResultAssert.Succeeds(doctor.Appraisals.Record(Year2025, meeting, signOff: true, pdpAgreed: true, TestData.AppraiserId, meeting, notes));
        Assert.Equal(until, doctor.Appraisals.For(2025)!.PostponedUntil);
        Assert.Equal(TestData.DueMonth, doctor.Appraisals.DueMonth);
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void ChangeDueMonth_ChangesIt_AndRefusesAMonthThatDoesNotExist()
    {
        var doctor = new DoctorBuilder().WithDueMonth(11).Build();

        Assert.True(ResultAssert.Succeeds(doctor.Appraisals.ChangeDueMonth(3)));
        Assert.False(ResultAssert.Succeeds(doctor.Appraisals.ChangeDueMonth(3)));
        ResultAssert.Breaks(doctor.Appraisals.ChangeDueMonth(13), "R14", "appraisalDueMonth");
        Assert.Equal(3, doctor.Appraisals.DueMonth);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Declare_WhenTheDoctorHasSomethingToDeclare_CompletesProbity_AndNeitherIsNotComplete()
    {
        var doctor = new DoctorBuilder().Build();
        var on = new DateOnly(2025, 12, 1);

        ResultAssert.Succeeds(doctor.Appraisals.Declare(Year2025, probity: true, health: true, false, false, on, nothingToDeclare: false,
            probityDeclaration: "A complaint under local investigation, discussed with my clinical director."));

        Assert.True(doctor.Appraisals.DeclarationFor(2025)!.ProbityComplete);
        Assert.True(DoctorSummary.From(doctor).YearOf(2025)!.Probity);

        ResultAssert.Succeeds(doctor.Appraisals.Declare(Year2025, probity: true, health: true, false, false, on, nothingToDeclare: false));
        Assert.False(DoctorSummary.From(doctor).YearOf(2025)!.Probity);
        ResultAssert.Breaks(doctor.Appraisals.Declare(Year2025, true, true, false, false, on, nothingToDeclare: true, probityDeclaration: "x"), "R16", "nothingToDeclare");
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void SetStart_MakesAShorterFirstCycle_WithinItsBounds()
    {
        var doctor = new DoctorBuilder().Build();
        var today = TestData.Rsd.AddYears(-2);

        ResultAssert.Succeeds(doctor.Cycles.SetStart(today.AddMonths(-3), today));
        Assert.Equal(today.AddMonths(-3), doctor.CurrentCycle!.StartDate);
        ResultAssert.Breaks(doctor.Cycles.SetStart(today.AddDays(1), today), "R1", "cycleStart");
        ResultAssert.Breaks(doctor.Cycles.SetStart(TestData.Rsd.AddYears(-8), today), "R1", "cycleStart");
    }
}
