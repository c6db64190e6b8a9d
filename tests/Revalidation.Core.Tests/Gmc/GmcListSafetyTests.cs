using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Core.Readiness;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Gmc;

/// <summary>What one line of the GMC's list may change on a record (docs/domain.md#r1, #r3, #r10, #r11).</summary>
public class GmcListSafetyTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-30);
    private readonly RevalidationOptions options = TestData.Options();

    private static GmcConnectedDoctor Line(string? rsd = null, string? notice = null, string? investigation = null, string? preliminary = null) =>
        new(TestData.DoctorGmcNumber, "Ada", "Lovelace", rsd, null, null, notice, investigation, preliminary, null);

    [Fact]
    [Trait("Rule", "R10")]
    public void Apply_WhenTheListHasNoInvestigationColumn_KeepsBothTheRosAndTheGmcsFlags()
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().Build();
        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(investigation: "Yes"), UnderNotice));

        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(), UnderNotice.AddDays(1)));

        Assert.True(doctor.Concerns.RoFlaggedInvestigation);
        Assert.True(doctor.Concerns.GmcReportsInvestigation);
        Assert.False(ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), UnderNotice, options).Ready);
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);
        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R10");
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void Apply_WhenTheListSaysNoInvestigation_ClearsOnlyTheGmcsFlag_NeverTheRos()
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().Build();
        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(investigation: "Yes"), UnderNotice));

        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(investigation: string.Empty, preliminary: "No"), UnderNotice.AddDays(1)));

        Assert.False(doctor.Concerns.GmcReportsInvestigation);
        Assert.True(doctor.Concerns.RoFlaggedInvestigation);
        Assert.True(doctor.Concerns.UnderGmcInvestigation);
    }

    [Fact]
    [Trait("Rule", "R3")]
    [Trait("Rule", "R10")]
    public void Apply_WhenTheGmcSaysOnHold_BlocksSubmissionLikeAnInvestigation_UntilTheListSaysOtherwise()
    {
        var doctor = new DoctorBuilder().Ready().Build();

        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(notice: "On Hold"), UnderNotice));

        Assert.True(doctor.Concerns.GmcOnHold);
        Assert.False(doctor.Concerns.UnderGmcInvestigation);
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);
        var refused = ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R10");
        Assert.Contains("on hold", refused.Message, StringComparison.Ordinal);

        ResultAssert.Succeeds(doctor.Gmc.Apply(Line(notice: "Yes"), UnderNotice.AddDays(1)));
        Assert.False(doctor.Concerns.GmcOnHold);
        Assert.True(doctor.Gmc.Connection!.UnderNotice);
        ResultAssert.Succeeds(doctor.Recommendations.Submit(draft.Id, UnderNotice.AddDays(1), TestData.RoUserId, options));
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void Apply_WhenAStaleListGivesTheClosedCyclesRsd_RefusesItAndKeepsTheNewCyclesDate()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var approvedOn = TestData.Rsd.AddDays(-20);
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), UnderNotice, options), GmcOutcome.Approved, approvedOn, options, TestData.Rsd.AddYears(5));

        var change = ResultAssert.Succeeds(doctor.Gmc.Apply(Line(rsd: TestData.Rsd.ToString("dd/MM/yyyy")), approvedOn.AddDays(2)));

        Assert.Equal(TestData.Rsd, change.RefusedSubmissionDate);
        Assert.Contains("older than the last revalidation", change.RefusedBecause, StringComparison.Ordinal);
        Assert.Equal(TestData.Rsd.AddYears(5), doctor.CurrentCycle!.Rsd);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void Apply_WhenTheGmcGivesANewDateAfterAnApprovedNonEngagement_ReopensRevalidation()
    {
        var doctor = new DoctorBuilder().Build();
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.NonEngagement(), UnderNotice, options), GmcOutcome.Approved, UnderNotice.AddDays(10), options);
        Assert.Null(doctor.CurrentCycle);
        var newRsd = TestData.Rsd.AddYears(1);

        var change = ResultAssert.Succeeds(doctor.Gmc.Apply(Line(rsd: newRsd.ToString("dd/MM/yyyy")), UnderNotice.AddDays(40)));

        Assert.True(change.Changed);
        Assert.Equal((newRsd, true), (doctor.CurrentCycle!.Rsd, doctor.CurrentCycle.RsdConfirmed));
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void CsvList_WhenTheInvestigationColumnIsPresentButBlank_ReadsAsNo_AndWhenAbsentAsUnknown()
    {
        var present = ResultAssert.Succeeds(GmcDoctorListCsv.Parse("GMC Reference Number,Investigation\n1234567,\n"));
        var absent = ResultAssert.Succeeds(GmcDoctorListCsv.Parse("GMC Reference Number,Doctor First Name\n1234567,Ada\n"));

        Assert.Equal(string.Empty, Assert.Single(present).Investigation);
        Assert.Null(Assert.Single(absent).Investigation);
    }
}
