using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Readiness;

/// <summary>
/// What the web UI is served of the rules (docs/decisions/0015-record-parts-write-path-ports.md): R8 bounds and the
/// consecutive-deferral flag from the configured options, and the R16/R17 supporting-information checklist.
/// </summary>
public class DoctorRulesTests
{
    private static readonly DateOnly Today = new(2027, 1, 10);
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-60);
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R8")]
    public void Deferral_UsesTheConfiguredDays_NotTheDefaults()
    {
        var configured = new RevalidationOptions { DeferralMinDays = 30, DeferralMaxDays = 200 };

        var rules = DoctorRules.For(new DoctorBuilder().Build(), Today, configured);

        Assert.Equal(new DeferralBounds(TestData.Rsd.AddDays(30), TestData.Rsd.AddDays(200), 30, 200), rules.Deferral);
        Assert.Equal(new DeferralBounds(TestData.Rsd.AddDays(61), TestData.Rsd.AddDays(364), 61, 364), DoctorRules.For(new DoctorBuilder().Build(), Today, options).Deferral);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void DeferralWouldBeConsecutive_AfterAnApprovedDeferralOfThisCycle()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        Assert.False(DoctorRules.For(doctor, UnderNotice, options).DeferralWouldBeConsecutive);

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Defer(TestData.Rsd.AddDays(100)), UnderNotice, options), GmcOutcome.Approved, UnderNotice.AddDays(5), options);

        Assert.True(DoctorRules.For(doctor, UnderNotice.AddDays(6), options).DeferralWouldBeConsecutive);
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R17")]
    public void Checklist_WithNothingRecorded_ListsTheCycleItemsFirst_ThenEachStartedYearWithEveryItemMissing()
    {
        var groups = DoctorRules.For(new DoctorBuilder().Build(), Today, options).Checklist;

        var cycle = groups[0];
        Assert.Equal(("Once in each 5-year cycle", (int?)null), (cycle.Heading, cycle.Year));
        Assert.Equal(["Quality improvement activity", "Patient feedback", "Colleague feedback"], cycle.Items.Select(i => i.Name));
        Assert.All(cycle.Items, i => Assert.False(i.Done));
        var year = groups.Single(g => g.Year == 2026);
        Assert.Equal("Appraisal year 2026/27", year.Heading);
        Assert.Equal(["CPD", "Significant events", "Compliments and complaints", "Probity statement", "Health statement"], year.Items.Select(i => i.Name));
        Assert.Equal("Add CPD for 2026/27.", year.Items[0].Missing);
        Assert.Equal("Make the probity declaration for 2026/27.", year.Items[3].Missing);
        Assert.DoesNotContain(groups, g => g.Year > 2026);
        Assert.Equal(groups.Skip(1).Select(g => g.Year).OrderDescending(), groups.Skip(1).Select(g => g.Year));
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Checklist_DeclaringNone_CountsForSignificantEventsAndComplaints_ButNotForCpd()
    {
        var doctor = new DoctorBuilder().Build();
        var year = new AppraisalYear(2026, options.AppraisalYearStartMonth);
        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, probity: true, health: false, noSignificantEvents: true, noComplimentsOrComplaints: true, Today));

        var items = DoctorRules.For(doctor, Today, options).Checklist.Single(g => g.Year == 2026).Items;

        Assert.Equal([false, true, true, true, false], items.Select(i => i.Done));
        Assert.Null(items[1].Missing);
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R17")]
    public void Checklist_WhenReady_HasNothingMissing()
    {
        var groups = DoctorRules.For(new DoctorBuilder().Ready().Build(), UnderNotice, options).Checklist;

        Assert.All(groups.SelectMany(g => g.Items), i => Assert.True(i.Done, i.Name));
    }
}
