using CaseloadQuery = Revalidation.Web.Shared.CaseloadQuery;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Revalidation.Api.Contracts;
using Revalidation.Web.Pages;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>The caseload's filters, search, sort and paging: each becomes the API's query, which filters and pages on the server.</summary>
public sealed class CaseloadTests : BunitContext
{
    private readonly FakeApi api;

    public CaseloadTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => (HttpStatusCode.OK, Page(request.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal) ? 2 : 1)));
        Services.AddSingleton(api.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(TestData.Me(AppRoles.ResponsibleOfficer));
        Services.AddSingleton(session);
    }

    [Fact]
    public void Query_Default_AsksForTheFirstPageSortedByRsd()
    {
        Assert.Equal("?page=1&pageSize=25", new CaseloadQuery().ToQueryString());
    }

    [Fact]
    public void Query_Filters_AreEscapedAndChangingOneGoesBackToPageOne()
    {
        var query = new CaseloadQuery(Page: 4).WithFilter(q => q with { Search = " O'Neil & Co ", Tag = "under-notice", Department = "A&E", Status = "all" });

        Assert.Equal("?q=O%27Neil%20%26%20Co&tag=under-notice&department=A%26E&status=all&page=1&pageSize=25", query.ToQueryString());
    }

    [Fact]
    public void Query_Sort_AcceptsOnlyTheApiKeys_AndMarksTheSortedColumn()
    {
        var query = new CaseloadQuery(Page: 3).SortBy("gaps");

        Assert.Equal("gaps", query.Sort);
        Assert.Equal(1, query.Page);
        Assert.Equal("descending", query.AriaSort("gaps"));
        Assert.Equal("none", query.AriaSort("rsd"));
        Assert.Same(query, query.SortBy("department; drop table"));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 3)]
    [InlineData(999, 200)]
    public void Query_GoTo_StaysWithinThePages(int asked, int expected)
    {
        Assert.Equal(expected, new CaseloadQuery().GoTo(asked, total: 5_000).Page);
        Assert.Equal(200, CaseloadQuery.PageCount(5_000, 25));
        Assert.Equal(1, CaseloadQuery.PageCount(0, 25));
    }

    [Fact]
    public void Page_FilterSortAndNext_EachAskTheApiForOnePage()
    {
        var cut = Render<Caseload>();
        cut.WaitForAssertion(() => Assert.Contains("5,000 doctors. Page 1 of 200.", cut.Find("[data-testid=caseload-count]").TextContent, StringComparison.Ordinal));
        Assert.Equal(25, cut.FindAll("[data-testid=caseload-table] tbody tr").Count);

        cut.Find("#q").Change("Smith");
        cut.Find("#tag").Change("overdue");
        cut.Find("form").Submit();
        cut.FindAll("th button").Single(b => b.TextContent == "Doctor").Click();
        cut.FindAll("button").Single(b => b.TextContent == "Next page").Click();

        // The caseload's own requests (the ready-list counts above it ask once, apart).
        cut.WaitForAssertion(() => Assert.Equal(4, api.Requests.Count(r => r.PathAndQuery.StartsWith("/api/caseload", StringComparison.Ordinal))));
        Assert.Equal([
            "/api/caseload?page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&sort=name&page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&sort=name&page=2&pageSize=25",
        ], api.Requests.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/api/caseload", StringComparison.Ordinal)));
        cut.WaitForAssertion(() => Assert.Contains("Page 2 of 200.", cut.Find("[data-testid=caseload-count]").TextContent, StringComparison.Ordinal));
        Assert.Equal("ascending", cut.FindAll("th").Single(th => th.TextContent == "Doctor").GetAttribute("aria-sort"));
        Assert.Contains("Overdue", cut.Find("tbody").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SortingTheSortedColumnAgain_ReversesIt_AndAriaSortSaysSo()
    {
        var byName = new CaseloadQuery(Page: 2).SortBy("name");
        var reversed = byName.SortBy("name");
        var back = reversed.SortBy("name");

        Assert.Equal(("ascending", "?sort=name&page=1&pageSize=25"), (byName.AriaSort("name"), byName.ToQueryString()));
        Assert.Equal(("descending", "?sort=name&dir=desc&page=1&pageSize=25"), (reversed.AriaSort("name"), reversed.ToQueryString()));
        Assert.Equal(byName, back);
        var fewestGaps = new CaseloadQuery().SortBy("gaps").SortBy("gaps");
        Assert.Equal(("ascending", "?sort=gaps&dir=asc&page=1&pageSize=25"), (fewestGaps.AriaSort("gaps"), fewestGaps.ToQueryString()));
        Assert.Equal("descending", fewestGaps.SortBy("rsd").SortBy("rsd").AriaSort("rsd"));
        Assert.Equal("ascending", fewestGaps.SortBy("name").AriaSort("name")); // a new column starts its usual way
    }

    [Fact]
    public void Query_Address_HoldsTheWholeView_AndDropsWhatThePageDoesNotOffer()
    {
        var view = new CaseloadQuery(Search: "Khan", Tag: "overdue", Department: "psych", Status: "all", Sort: "name", Dir: "desc", Page: 3);

        Assert.Equal("caseload?q=Khan&tag=overdue&department=psych&status=all&sort=name&dir=desc&page=3", view.ToAddress());
        Assert.Equal(view, CaseloadQuery.FromAddress("Khan", "overdue", "psych", "all", "name", "desc", "3"));
        Assert.Equal("caseload", new CaseloadQuery().ToAddress());
        Assert.Equal(new CaseloadQuery(), CaseloadQuery.FromAddress("  ", "vip", null, "retired", "age", "sideways", "-4"));
        Assert.Equal(new CaseloadQuery(Sort: "name"), CaseloadQuery.FromAddress(null, null, null, null, "name", "asc", "ten"));
    }

    [Fact]
    public void Query_FromACompliancecount_KeepsItsLimitInTheAddress_AndSaysItInPlainEnglish()
    {
        var view = CaseloadQuery.FromAddress(null, "under-notice", null, null, null, null, null, "ready", "General Surgery", "approved-missed", "previous");

        Assert.Equal("caseload?tag=under-notice&readiness=ready&departmentIs=General%20Surgery&appraisal=approved-missed&appraisalYear=previous", view.ToAddress());
        Assert.Equal("?tag=under-notice&readiness=ready&departmentIs=General%20Surgery&appraisal=approved-missed&appraisalYear=previous&page=1&pageSize=25", view.ToQueryString());
        Assert.Equal("Only doctors in General Surgery who are ready for a recommendation and whose appraisal last year was missed with the responsible officer’s approval.", view.Scope());
        Assert.Equal("Only doctors with no department recorded.", new CaseloadQuery(DepartmentIs: CaseloadQuery.NoDepartment).Scope());
        Assert.Equal("Only doctors whose appraisal this year is overdue.", new CaseloadQuery(Appraisal: "overdue").Scope());
        Assert.Null(new CaseloadQuery(Department: "psych").Scope());
        Assert.True(view.IsFiltered);
        Assert.Equal(new CaseloadQuery(), CaseloadQuery.FromAddress(null, null, null, null, null, null, null, "sometimes", " ", "missed", "previous"));
        Assert.Equal(view with { Search = "Khan", Page = 1 }, view.WithFilter(q => q with { Search = "Khan" }));
    }

    [Theory]
    [InlineData(0, "0 doctors")]
    [InlineData(1, "1 doctor")]
    [InlineData(2, "2 doctors")]
    [InlineData(1_250, "1,250 doctors")]
    public void Doctors_CountsInUkEnglish(int count, string expected) => Assert.Equal(expected, CaseloadQuery.Doctors(count));

    [Fact]
    public void NoneMatch_SaysWhatWasAskedInPlainEnglish()
    {
        Assert.Equal("No connected doctors match ‘psych’ and work in a department containing ‘Cardiology’.",
            new CaseloadQuery(Search: "psych", Department: "Cardiology").NoneMatch(Tags.Label));
        Assert.Equal("No leavers have the status ‘Overdue’.", new CaseloadQuery(Status: "leaver", Tag: "overdue").NoneMatch(Tags.Label));
        Assert.Equal("No connected doctors match ‘x’, work in a department containing ‘y’ and have the status ‘Overdue’.",
            new CaseloadQuery(Search: "x", Department: "y", Tag: "overdue").NoneMatch(Tags.Label));
    }

    [Fact]
    public void Page_OpenedFromAnAddress_AsksForThatView_AndShowsItInTheForm()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("caseload?q=Smith&department=psych&sort=name&dir=desc&page=2");

        var cut = Render<Caseload>();

        cut.WaitForAssertion(() => Assert.Contains("Page 2 of 200.", cut.Find("[data-testid=caseload-count]").TextContent, StringComparison.Ordinal));
        Assert.Equal("/api/caseload?q=Smith&department=psych&sort=name&dir=desc&page=2&pageSize=25", api.Requests[0].PathAndQuery);
        Assert.Equal("Smith", cut.Find("#q").GetAttribute("value"));
        Assert.Equal("psych", cut.Find("#department").GetAttribute("value"));
        Assert.Equal("descending", cut.FindAll("th").Single(th => th.TextContent == "Doctor").GetAttribute("aria-sort"));
    }

    [Fact]
    public void Page_WhenNothingMatches_SaysWhyAndOffersToClearTheFilters()
    {
        var empty = new FakeApi(request => (HttpStatusCode.OK, request.RequestUri!.Query.Contains("q=", StringComparison.Ordinal)
            ? new CaseloadPage([], 1, 25, 0)
            : new CaseloadPage([], 1, 1, 58)));
        Services.AddSingleton(empty.Client());

        Services.GetRequiredService<NavigationManager>().NavigateTo("caseload?q=psych");

        var cut = Render<Caseload>();

        cut.WaitForAssertion(() => Assert.Contains("No connected doctors match ‘psych’.", cut.Find("[data-testid=caseload-empty]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Clear the filters to see all 58 connected doctors.", cut.Find("[data-testid=caseload-empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal("caseload", cut.Find("[data-testid=clear-filters]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=caseload-table]"));
        Assert.DoesNotContain("Page 1 of 1", cut.Markup, StringComparison.Ordinal);
    }

    private static CaseloadPage Page(int number) => new(
        Enumerable.Range(1, 25).Select(i => new CaseloadRow(Guid.NewGuid(), $"Given{i}", $"Family{number}-{i}", $"{1000000 + i}", "Surgery", DoctorStatus.Active,
            new DateOnly(2027, 1, 1), true, 36, true, i % 2 == 0, false, 2, null, ["under-notice", "gaps", "overdue"])).ToList(),
        number, 25, 5_000);
}
