using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>The supporting-information checklist (R16 per appraisal year, R17 per cycle): exactly what is missing.</summary>
public sealed class ChecklistTests : BunitContext
{
    [Fact]
    [Trait("Rule", "R16")]
    public void Build_WhenAYearHasNoCpdAndNoDeclarations_ListsEachMissingItemForThatYear()
    {
        var doctor = Doctor([Year(2025, AppraisalYearStatus.Overdue), Year(2024, AppraisalYearStatus.Completed, Declared(noEvents: true, noComplaints: true), SupportingInformationType.ContinuingProfessionalDevelopment)]);

        var groups = Checklist.Build(doctor);

        var year2025 = groups.Single(g => g.Year == 2025);
        Assert.Equal(5, year2025.MissingCount);
        Assert.Contains(year2025.Items, i => i.Name == "CPD" && i.Missing == "Add CPD for 2025/26.");
        Assert.Contains(year2025.Items, i => i.Name == "Probity statement" && i.Missing == "Make the probity declaration for 2025/26.");
        var year2024 = groups.Single(g => g.Year == 2024);
        Assert.Equal(0, year2024.MissingCount);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Build_DeclaringNoneCountsForSignificantEventsAndComplaints_ButNotForCpd()
    {
        var doctor = Doctor([Year(2025, AppraisalYearStatus.Completed, Declared(noEvents: true, noComplaints: true))]);

        var year = Checklist.Build(doctor).Single(g => g.Year == 2025);

        Assert.True(year.Items.Single(i => i.Name == "Significant events").Done);
        Assert.True(year.Items.Single(i => i.Name == "Compliments and complaints").Done);
        Assert.False(year.Items.Single(i => i.Name == "CPD").Done);
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void Build_CycleItems_AreDoneWhenAnyYearOfTheCycleHasThem()
    {
        var doctor = Doctor([
            Year(2025, AppraisalYearStatus.Due, null, SupportingInformationType.PatientFeedback),
            Year(2022, AppraisalYearStatus.Completed, null, SupportingInformationType.QualityImprovementActivity),
            Year(2020, AppraisalYearStatus.Completed, null, SupportingInformationType.ColleagueFeedback), // before this cycle
        ]);

        var cycle = Checklist.Build(doctor).Single(g => g.Year is null);

        Assert.True(cycle.Items.Single(i => i.Name == "Quality improvement activity").Done);
        Assert.True(cycle.Items.Single(i => i.Name == "Patient feedback").Done);
        Assert.Equal("Add the results of a colleague feedback exercise.", cycle.Items.Single(i => i.Name == "Colleague feedback").Missing);
        Assert.DoesNotContain(Checklist.Build(doctor), g => g.Year == 2020);
    }

    [Fact]
    public void Build_YearsNotStarted_AreLeftOut()
    {
        var doctor = Doctor([Year(2027, AppraisalYearStatus.NotStarted), Year(2026, AppraisalYearStatus.Due)]);

        Assert.Equal([null, 2026], Checklist.Build(doctor).Select(g => g.Year));
    }

    [Fact]
    public void Component_ShowsMissingItemsInWords()
    {
        var doctor = Doctor([Year(2025, AppraisalYearStatus.Overdue, Declared(), SupportingInformationType.ContinuingProfessionalDevelopment)]);

        var cut = Render<SupportingInfoChecklist>(p => p.Add(c => c.Doctor, doctor));

        Assert.Contains("Missing: Reflect on a significant event for 2025/26, or declare that you had none.", cut.Find("[data-testid=checklist]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("h3 .nhsuk-tag--yellow").Count); // the cycle (3 missing) and 2025/26 (2 missing)
        Assert.Contains("2 missing", cut.Markup, StringComparison.Ordinal);
    }
}
