using Revalidation.Api.Contracts;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>
/// The supporting-information checklist (R16 per appraisal year, R17 per cycle) as the API serves it: the web renders the
/// groups and items it is given and computes none (Core.Tests and Api.Tests cover what is missing).
/// </summary>
public sealed class ChecklistTests : BunitContext
{
    private static readonly IReadOnlyList<ChecklistGroupResponse> Served =
    [
        new("Once in each 5-year cycle", null,
        [
            new("Quality improvement activity", true, null),
            new("Patient feedback", false, "Add the results of a patient feedback exercise."),
            new("Colleague feedback", false, "Add the results of a colleague feedback exercise."),
        ]),
        new("Appraisal year 2025/26", 2025,
        [
            new("CPD", true, null),
            new("Significant events", false, "Reflect on a significant event for 2025/26, or declare that you had none."),
            new("Probity statement", true, null),
        ]),
        new("Appraisal year 2024/25", 2024, [new("CPD", true, null)]),
    ];

    [Fact]
    public void Component_ShowsTheServedGroupsInOrder_AndMissingItemsInWords()
    {
        var cut = Render<SupportingInfoChecklist>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(checklist: Served))));

        var text = cut.Find("[data-testid=checklist]").TextContent;
        Assert.Equal(["Once in each 5-year cycle", "Appraisal year 2025/26", "Appraisal year 2024/25"],
            cut.FindAll("h3").Select(h => h.ChildNodes[0].TextContent.Trim()));
        Assert.Contains("Missing: Reflect on a significant event for 2025/26, or declare that you had none.", text, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("h3 .nhsuk-tag--yellow").Count); // the cycle (2 missing) and 2025/26 (1 missing)
        Assert.Contains("2 missing", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Complete", cut.FindAll("h3")[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_WithNoServedRules_ShowsNothing()
    {
        var cut = Render<SupportingInfoChecklist>(p => p.Add(c => c.Doctor, Doctor([]) with { Rules = null }));

        Assert.Empty(cut.FindAll("h3"));
    }
}
