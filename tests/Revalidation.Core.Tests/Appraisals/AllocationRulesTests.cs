using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Appraisals;

/// <summary>Issue 16, item 5 (docs/domain.md, decision (j)): the appraiser allocation rules and the suggester.</summary>
public class AllocationRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    /// <summary>2026/27, the year of <see cref="Today"/>.</summary>
    private static readonly AppraisalYear Current = AppraisalYear.Containing(Today, 4);

    private static readonly StaffMember Patel = new("appraiser-patel", "Dr Sam Patel", GmcNumber: "4000002");
    private static readonly StaffMember Okafor = new("appraiser-okafor", "Dr Ngozi Okafor", GmcNumber: "4000003");
    private static readonly StaffMember Brown = new("appraiser-brown", "Dr Lee Brown");

    private readonly RevalidationOptions options = TestData.Options();

    private static DoctorRecord Doctor(string directoryId = "doctor-1", string gmc = TestData.DoctorGmcNumber, string family = "Jones") =>
        DoctorRecord.Create(TestData.Body, GmcNumber.Parse(gmc), "Ann", family, new DateOnly(2029, 9, 15), true, 6, TestData.Options(), directoryId: directoryId).Value!;

    /// <summary>Signs off <paramref name="doctor"/>'s appraisal of <paramref name="startYear"/> by <paramref name="appraiser"/>, noting each missing item (R16).</summary>
    private static void Appraised(DoctorRecord doctor, int startYear, StaffMember appraiser)
    {
        var year = new AppraisalYear(startYear, 4);
        var meeting = new DateOnly(startYear, 5, 20);
        var notes = doctor.Appraisals.MissingItems(year).Select(g => new AppraiserNote(g.Code, "Discussed at the meeting")).ToList();
        ResultAssert.Succeeds(doctor.Appraisals.Record(year, meeting, signOff: true, pdpAgreed: true, appraiser.UserId, Today, notes));
    }

    private AllocationContext Context(int appraisees = 0) => AllocationContext.For(Current, appraisees, options);

    [Fact]
    [Trait("Rule", "R20")]
    public void Allocate_WhenTheAppraiserIsTheDoctor_IsRefused()
    {
        var doctor = Doctor(directoryId: "appraiser-brown");

        var violation = ResultAssert.Breaks(doctor.Appraisals.Allocate(Brown, Context(), reason: "Only one available"), "R20", "appraiserId");

        Assert.Contains("own appraiser", violation.Message, StringComparison.Ordinal);
        Assert.Null(doctor.Appraisals.AppraiserId);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void Allocate_WhenTheAppraiserHasTheDoctorsGmcNumber_IsRefused()
    {
        var doctor = Doctor(gmc: "4000002");

        ResultAssert.Breaks(doctor.Appraisals.Allocate(Patel, Context(), null), "R20", "appraiserId");
    }

    [Fact]
    public void Allocate_WhenAConflictIsDeclared_IsRefusedEvenWithAReason()
    {
        var doctor = Doctor();
        ResultAssert.Succeeds(doctor.Appraisals.DeclareConflict(Patel.UserId, "Close colleague", "demo-manager", Today));

        var violation = ResultAssert.Breaks(doctor.Appraisals.Allocate(Patel, Context(), "We have no one else"), "R20", "appraiserId");

        Assert.Contains("conflict of interest", violation.Message, StringComparison.Ordinal);
        Assert.Null(doctor.Appraisals.AppraiserId);
        ResultAssert.Breaks(doctor.Appraisals.AssignAppraiser(Patel.UserId), "R20", "appraiserId");
    }

    [Fact]
    public void Allocate_WhenTheConflictIsWithdrawn_Allocates()
    {
        var doctor = Doctor();
        ResultAssert.Succeeds(doctor.Appraisals.DeclareConflict(Patel.UserId, "Relative", "demo-admin", Today));
        ResultAssert.Succeeds(doctor.Appraisals.WithdrawConflict(Patel.UserId));

        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(), null));

        Assert.Equal(Patel.UserId, doctor.Appraisals.AppraiserId);
        Assert.Empty(doctor.Appraisals.Conflicts);
    }

    [Fact]
    public void DeclareConflict_WithTheAllocatedAppraiser_EndsTheAllocation_AndKeepsOneDeclarationPerAppraiser()
    {
        var doctor = Doctor();
        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(), null));

        Assert.True(ResultAssert.Succeeds(doctor.Appraisals.DeclareConflict(Patel.UserId, "Line manager", Patel.UserId, Today)));
        Assert.False(ResultAssert.Succeeds(doctor.Appraisals.DeclareConflict(Patel.UserId, "Line manager since May", "demo-manager", Today)));

        Assert.Null(doctor.Appraisals.AppraiserId);
        var conflict = Assert.Single(doctor.Appraisals.Conflicts);
        Assert.Equal("Line manager since May", conflict.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void DeclareConflict_WithoutAReason_IsRefused(string reason)
    {
        var doctor = Doctor();

        ResultAssert.Breaks(doctor.Appraisals.DeclareConflict(Patel.UserId, reason, "demo-admin", Today), RuleIds.Validation, "reason");
        ResultAssert.Breaks(doctor.Appraisals.DeclareConflict(Patel.UserId, new string('x', 1_001), "demo-admin", Today), RuleIds.Validation, "reason");
        Assert.Empty(doctor.Appraisals.Conflicts);
    }

    [Fact]
    public void WithdrawConflict_WhenNoneIsDeclared_NamesTheAppraiser()
    {
        ResultAssert.Breaks(Doctor().Appraisals.WithdrawConflict(Patel.UserId), RuleIds.Validation, "appraiserId");
    }

    [Fact]
    public void Allocate_WhenTheAppraiserIsAtTheCap_NeedsAReason_AndKeepsIt()
    {
        var doctor = Doctor();

        var violation = ResultAssert.Breaks(doctor.Appraisals.Allocate(Patel, Context(appraisees: 20), null), "R20", "reason");
        Assert.Equal("Dr Sam Patel already has 20 doctors to appraise this year (the most is 20); give a reason to allocate another.", violation.Message);
        Assert.Null(doctor.Appraisals.AppraiserId);

        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(appraisees: 20), "  Covers the renal unit alone  "));
        Assert.Equal(Patel.UserId, doctor.Appraisals.AppraiserId);
        Assert.Equal("Covers the renal unit alone", doctor.Appraisals.AllocationReason);
    }

    [Fact]
    public void Allocate_BelowTheCap_NeedsNoReason_AndKeepsNone()
    {
        var doctor = Doctor();

        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(appraisees: 19), "Not needed"));

        Assert.Null(doctor.Appraisals.AllocationReason);
    }

    [Fact]
    public void Allocate_WhenTheCapIsConfigured_UsesIt()
    {
        var doctor = Doctor();
        var five = AllocationContext.For(Current, 5, new RevalidationOptions { MaxAppraiseesPerAppraiser = 5 });

        ResultAssert.Breaks(doctor.Appraisals.Allocate(Patel, five, null), "R20", "reason");
    }

    [Fact]
    public void Allocate_AfterThreeYearsRunningBySameAppraiser_NeedsAReason()
    {
        var doctor = Doctor();
        Appraised(doctor, 2023, Patel);
        Appraised(doctor, 2024, Patel);
        Appraised(doctor, 2025, Patel);

        var violation = ResultAssert.Breaks(doctor.Appraisals.Allocate(Patel, Context(), null), "R20", "reason");

        Assert.Equal("Dr Sam Patel has appraised this doctor for the last 3 years; give a reason to allocate them again.", violation.Message);
        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Okafor, Context(), null));
        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(), "The doctor asked to finish the cycle with the same appraiser"));
    }

    [Fact]
    public void ConsecutiveYears_StopsAtAnotherAppraiser_PassesOverAnApprovedMissedYear_AndCountsTheCurrentYearOnceSignedOff()
    {
        var doctor = Doctor();
        Appraised(doctor, 2021, Patel);
        Appraised(doctor, 2022, Okafor);
        Appraised(doctor, 2023, Patel);
        ResultAssert.Succeeds(doctor.Appraisals.ApproveMissed(new AppraisalYear(2024, 4), "Parental leave", TestData.RoUserId, Today));
        Appraised(doctor, 2025, Patel);

        Assert.Equal(2, AllocationRules.ConsecutiveYears(doctor.Appraisals, Patel, Current));
        Assert.Equal(0, AllocationRules.ConsecutiveYears(doctor.Appraisals, Okafor, Current));
        ResultAssert.Succeeds(doctor.Appraisals.Allocate(Patel, Context(), null));

        Appraised(doctor, 2026, Patel);
        Assert.Equal(3, AllocationRules.ConsecutiveYears(doctor.Appraisals, Patel, Current));
    }

    [Fact]
    public void ConsecutiveYears_CountsAnImportedAppraisalByTheAppraisersGmcNumber()
    {
        var doctor = Doctor();
        foreach (var year in new[] { 2023, 2024, 2025 })
        {
            var y = new AppraisalYear(year, 4);
            ResultAssert.Succeeds(doctor.Appraisals.Import(y, new DateOnly(year, 7, 1), new DateOnly(year, 7, 8), true, "Dr S Patel", "4000002", null, Today));
        }

        Assert.Equal(3, AllocationRules.ConsecutiveYears(doctor.Appraisals, Patel, Current));
        Assert.Equal(0, AllocationRules.ConsecutiveYears(doctor.Appraisals, Brown, Current));
    }

    [Fact]
    public void Suggest_BalancesLoad_SkipsTheRuleBreakers_AndSaysWhyNoneFits()
    {
        var conflicted = Doctor("doctor-a", "1000001", "Adams");
        ResultAssert.Succeeds(conflicted.Appraisals.DeclareConflict(Brown.UserId, "Relative", "demo-admin", Today));
        var longServing = Doctor("doctor-b", "1000002", "Baker");
        Appraised(longServing, 2023, Okafor);
        Appraised(longServing, 2024, Okafor);
        Appraised(longServing, 2025, Okafor);
        var third = Doctor("doctor-c", "1000003", "Clark");
        var nobody = Doctor("doctor-d", "1000004", "Dunn");
        foreach (var a in new[] { Patel, Okafor, Brown })
        {
            ResultAssert.Succeeds(nobody.Appraisals.DeclareConflict(a.UserId, "Same department", "demo-admin", Today));
        }

        var appraisees = new Dictionary<string, int> { [Patel.UserId] = 20, [Okafor.UserId] = 2, [Brown.UserId] = 3 };

        var suggested = AllocationSuggester.Suggest([conflicted, longServing, third, nobody], [Patel, Okafor, Brown], appraisees, Current, options);

        Assert.Equal(Okafor, suggested[0].Appraiser); // fewest (2); Brown is conflicted, Patel at the cap
        Assert.Equal(Brown, suggested[1].Appraiser); // Okafor has appraised Baker three years running
        Assert.Equal(Okafor, suggested[2].Appraiser); // Okafor 3, Brown 4 after the two above
        Assert.Contains("Fewest appraisees", suggested[2].Why, StringComparison.Ordinal);
        Assert.Contains("3 doctors this year", suggested[2].Why, StringComparison.Ordinal);
        Assert.Null(suggested[3].Appraiser);
        Assert.StartsWith("No appraiser fits without breaking a rule:", suggested[3].Why, StringComparison.Ordinal);
        Assert.All(new[] { conflicted, longServing, third, nobody }, d => Assert.Null(d.Appraisals.AppraiserId)); // writes nothing
    }

    [Fact]
    public void Suggest_WithNoAppraisers_SaysSo()
    {
        var suggestion = Assert.Single(AllocationSuggester.Suggest([Doctor()], [], new Dictionary<string, int>(), Current, options));

        Assert.Null(suggestion.Appraiser);
        Assert.Contains("no appraisers", suggestion.Why, StringComparison.Ordinal);
    }
}
