using CaseloadQuery = Revalidation.Web.Shared.CaseloadQuery;
using System.Net;
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
        cut.WaitForAssertion(() => Assert.Contains("5000 doctors. Page 1 of 200.", cut.Find("[data-testid=caseload-count]").TextContent, StringComparison.Ordinal));
        Assert.Equal(25, cut.FindAll("[data-testid=caseload-table] tbody tr").Count);

        cut.Find("#q").Change("Smith");
        cut.Find("#tag").Change("overdue");
        cut.Find("form").Submit();
        cut.FindAll("th button").Single(b => b.TextContent == "Doctor").Click();
        cut.FindAll("button").Single(b => b.TextContent == "Next page").Click();

        cut.WaitForAssertion(() => Assert.Equal(4, api.Requests.Count));
        Assert.Equal([
            "/api/caseload?page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&sort=name&page=1&pageSize=25",
            "/api/caseload?q=Smith&tag=overdue&sort=name&page=2&pageSize=25",
        ], api.Requests.Select(r => r.PathAndQuery));
        cut.WaitForAssertion(() => Assert.Contains("Page 2 of 200.", cut.Find("[data-testid=caseload-count]").TextContent, StringComparison.Ordinal));
        Assert.Equal("ascending", cut.FindAll("th").Single(th => th.TextContent == "Doctor").GetAttribute("aria-sort"));
        Assert.Contains("Overdue", cut.Find("tbody").TextContent, StringComparison.Ordinal);
    }

    private static CaseloadPage Page(int number) => new(
        Enumerable.Range(1, 25).Select(i => new CaseloadRow(Guid.NewGuid(), $"Given{i}", $"Family{number}-{i}", $"{1000000 + i}", "Surgery", DoctorStatus.Active,
            new DateOnly(2027, 1, 1), true, 36, true, i % 2 == 0, false, 2, null, ["under-notice", "gaps", "overdue"])).ToList(),
        number, 25, 5_000);
}
