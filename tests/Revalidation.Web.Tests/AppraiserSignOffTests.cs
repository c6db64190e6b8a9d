using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Pages;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>R16: the appraiser sees what a year misses before signing it off, and notes why each item is missing.</summary>
public sealed class AppraiserSignOffTests : BunitContext
{
    private readonly FakeApi api;
    private (HttpStatusCode Status, object? Body) putAnswer;
    private readonly Guid doctorId;

    private static readonly ChecklistGroupResponse Year2025 = new("Appraisal year 2025/26", 2025,
    [
        new("CPD", false, "Add CPD for 2025/26."),
        new("Significant events", true, null),
        new("Compliments and complaints", true, null),
        new("Probity statement", false, "Make the probity declaration for 2025/26."),
        new("Health statement", true, null),
    ]);

    public AppraiserSignOffTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var doctor = Doctor([Year(2025, AppraisalYearStatus.Due), Year(2024, AppraisalYearStatus.Completed)], rules: Rules(checklist: [Year2025]), gaps: Gaps);
        putAnswer = (HttpStatusCode.OK, doctor);
        doctorId = doctor.Id;
        api = new FakeApi(request => request.Method == HttpMethod.Put
            ? putAnswer
            : request.RequestUri!.AbsolutePath.EndsWith("/evidence", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, new List<EvidenceResponse>())
            : request.RequestUri!.AbsolutePath.EndsWith("/appraiser/doctors", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, new List<CaseloadRow> { new(doctor.Id, "Fiona", "Singh", "1234567", null, DoctorStatus.Active, Rsd, true, 119, true, false, false, 2, null, []) })
                : (HttpStatusCode.OK, doctor));
        Services.AddSingleton(api.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(Me(AppRoles.Appraiser));
        Services.AddSingleton(session);
    }

    /// <summary>The doctor's own appraisal page (issue 15, item 2), the meeting date typed as day, month and year.</summary>
    private IRenderedComponent<AppraiserDoctor> Open()
    {
        var cut = Render<AppraiserDoctor>(p => p.Add(c => c.DoctorId, doctorId));
        cut.WaitForElement("#meetingDate").Change("1");
        cut.Find("#meetingDate-month").Change("6");
        cut.Find("#meetingDate-year").Change("2026");
        return cut;
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void MissingItems_ComeFromTheYearsGaps_ThenItsChecklist_WithTheirCodes()
    {
        var items = AppraisalNotes.For(Doctor([], rules: Rules(checklist: [Year2025]), gaps: Gaps), 2025);

        Assert.Equal(["cpd-missing", "probity-missing"], items.Select(i => i.Code));
        Assert.Equal("No CPD recorded for 2025/26.", items[0].Message);
        Assert.Equal("Make the probity declaration for 2025/26.", items[1].Message);
        Assert.Empty(AppraisalNotes.For(Doctor([], rules: Rules(checklist: [Year2025]), gaps: Gaps), 2024));
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void SignOff_WithoutANoteForEachMissingItem_ShowsTheErrorSummaryAndSendsNothing()
    {
        var cut = Open();
        Assert.Equal(2, cut.FindAll("[data-testid=missing-item]").Count);
        cut.Find("#signOff").Change(true);

        cut.Find("form").Submit();

        var summary = cut.Find("[data-testid=error-summary]");
        Assert.Equal(["note-cpd-missing", "note-probity-missing"], summary.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!.Split('#')[1]));
        Assert.Contains("note why this is missing: No CPD recorded for 2025/26.", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void SignOff_WithANoteForEachMissingItem_SendsThemAsNotes()
    {
        var cut = Open();
        cut.Find("#signOff").Change(true);
        cut.Find("#note-cpd-missing").Change("CPD certificates were lost in a system move; discussed.");
        cut.Find("#note-probity-missing").Change("Declared verbally at the meeting.");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("signed off", cut.Markup, StringComparison.Ordinal));
        var put = Assert.Single(api.Requests, r => r.Method == HttpMethod.Put);
        Assert.EndsWith("/appraisals/2025", put.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("""
            "notes":[{"code":"cpd-missing","note":"CPD certificates were lost in a system move; discussed."},{"code":"probity-missing","note":"Declared verbally at the meeting."}]
            """, put.Body, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void SignOff_TheApiRefuses_ShowsItsErrorLinkedToTheNotes()
    {
        putAnswer = (HttpStatusCode.UnprocessableEntity, """{"title":"x","status":422,"errors":{"notes":["Before signing off, note why each missing item is missing: No health statement for 2025/26."]}}""");
        var cut = Open();
        cut.Find("#signOff").Change(true);
        cut.Find("#note-cpd-missing").Change("Discussed.");
        cut.Find("#note-probity-missing").Change("Discussed.");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("No health statement for 2025/26.", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal));
        Assert.Equal("notes", cut.Find("[data-testid=error-summary] a").GetAttribute("href")!.Split('#')[1]);
    }
}
