using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>Issue 15, item 10 ("Wrong or missing context"), on screen: the timeline, the evidence year, the exports' date, the favicon, the sync runs.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class ContextUiTests(ServerFixture server)
{
    [Fact]
    public async Task MyRevalidation_Timeline_ShowsNoYearStartingAfterTheRsd_AndTheApiAgrees()
    {
        var me = await server.GetJsonAsync("doctor", "api/me");
        var doctor = await server.GetJsonAsync("doctor", $"api/doctors/{me.GetProperty("doctorId").GetString()}");
        var rsd = DateOnly.Parse(doctor.GetProperty("cycle").GetProperty("rsd").GetString()!, CultureInfo.InvariantCulture);
        var apiYears = doctor.GetProperty("appraisalYears").EnumerateArray().Select(y => y.GetProperty("label").GetString()!).Order(StringComparer.Ordinal).ToList();

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "doctor", "My revalidation");
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToBeVisibleAsync();

        var shown = (await timeline.Locator("li .nhsuk-u-font-weight-bold").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        Assert.Equal(apiYears, shown.Order(StringComparer.Ordinal));
        Assert.All(shown, label => Assert.True(new DateOnly(int.Parse(label[..4], CultureInfo.InvariantCulture), 4, 1) <= rsd,
            $"{label} starts after the RSD ({rsd:d MMMM yyyy}) and is not part of this cycle."));
    }

    [Fact]
    public async Task Evidence_NewEvidenceDefaultsToTheYearTheApiNames_TodaysYearUnlessSignedOff()
    {
        var me = await server.GetJsonAsync("doctor", "api/me");
        var rules = (await server.GetJsonAsync("doctor", $"api/doctors/{me.GetProperty("doctorId").GetString()}")).GetProperty("rules");
        var current = rules.GetProperty("currentAppraisalYear").GetProperty("year").GetInt32();
        var expected = rules.GetProperty("newEvidenceYear").GetProperty("year").GetInt32();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.Month >= 4 ? today.Year : today.Year - 1, current); // the appraisal year (1 April – 31 March) containing today
        Assert.True(expected == current || expected == current + 1);

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "doctor", "My revalidation");
        await page.GotoAsync("/evidence");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Evidence");

        await Expect(page.Locator("#appraisalYear")).ToHaveValueAsync(expected.ToString(CultureInfo.InvariantCulture));
        if (expected != current)
        {
            await Expect(page.Locator("#appraisalYear-hint")).ToContainTextAsync("is signed off");
        }

        await WebUiTests.AssertNoSeriousViolationsAsync(page, "evidence");
    }

    /// <summary>Every count on the dashboard opens the caseload of the doctors behind it, and says what it is limited to.</summary>
    [Fact]
    public async Task Compliance_Counts_OpenTheCaseloadOfTheDoctorsBehindThem()
    {
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "md", "Compliance");
        var counts = page.Locator("a[data-count]");
        await Expect(counts.First).ToBeVisibleAsync();
        var links = new List<(string Query, string Count)>();
        foreach (var link in await counts.AllAsync())
        {
            links.Add((await link.GetAttributeAsync("data-count") ?? "", (await link.InnerTextAsync()).Split(' ')[0]));
        }

        Assert.Contains(links, l => l.Query == "tag=under-notice");
        Assert.Contains(links, l => l.Query.StartsWith("departmentIs=", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Query.StartsWith("appraisal=completed", StringComparison.Ordinal));
        foreach (var (query, count) in links.Where(l => l.Query is "tag=under-notice" or "tag=overdue" || l.Query.StartsWith("appraisal=completed", StringComparison.Ordinal)).Take(4))
        {
            await page.GotoAsync("/compliance");
            await page.Locator($"a[data-count='{query}']").First.ClickAsync();

            await Expect(page.Locator("h1")).ToHaveTextAsync("Caseload");
            var expected = count == "1" ? "1 doctor." : $"{count} doctors.";
            await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync(expected);
            Assert.EndsWith("caseload?" + query, page.Url, StringComparison.Ordinal);
        }

        await page.GotoAsync("/compliance");
        var department = page.Locator("a[data-count^='departmentIs='][data-count*='tag=under-notice']").First;
        var departmentCount = (await department.InnerTextAsync()).Split(' ')[0];
        await department.ClickAsync();
        await Expect(page.GetByTestId("caseload-scope")).ToContainTextAsync("Only doctors in ");
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync(departmentCount == "1" ? "1 doctor." : $"{departmentCount} doctors.");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "caseload opened from a compliance count");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove this limit" }).ClickAsync();
        await Expect(page.GetByTestId("caseload-scope")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("under-notice");
    }

    /// <summary>
    /// The NHS design system's header script runs: on a small phone (320 px, the width WCAG's reflow criterion names)
    /// the menu is one row, and what does not fit is under "More" (without the script the items wrap onto new rows).
    /// </summary>
    [Theory]
    [InlineData("doctor", "My revalidation")]
    [InlineData("ro", "Caseload")]
    public async Task Header_OnAPhone_IsOneRow_WithTheRestUnderMore(string persona, string heading)
    {
        var page = await server.NewPageAsync(320, 700);
        await WebUiTests.SignInAsync(page, persona, heading);
        var header = page.Locator("header[data-module=nhsuk-header]");
        await Expect(header).ToHaveAttributeAsync("data-nhsuk-header-init", "");

        var rows = await page.EvaluateAsync<int>(
            "() => new Set([...document.querySelectorAll('.nhsuk-header__navigation-list > li:not([hidden])')].filter(li => li.offsetParent !== null).map(li => li.offsetTop)).size");
        Assert.Equal(1, rows);
        var menu = page.Locator(".nhsuk-header__menu-toggle");
        await Expect(menu).ToBeVisibleAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");

        await menu.ClickAsync();

        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        var more = page.Locator(".nhsuk-header__menu-list a");
        await Expect(more.First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('header').scrollWidth <= 320"));
        await WebUiTests.AssertNoSeriousViolationsAsync(page, $"{heading} on a phone with the menu open");

        // The items under More are links like the others: following one opens its page and the menu closes.
        await more.First.ClickAsync();
        await Expect(page.Locator("h1")).Not.ToHaveTextAsync(heading);
        Assert.Empty(server.CspViolations());
    }

    /// <summary>The NHS date input, not the browser's: a date that does not exist is refused before anything is sent, in the NHS wording.</summary>
    [Fact]
    public async Task Evidence_DateThatDoesNotExist_IsRefusedInPlainWords_AndTheLinkGoesToTheDay()
    {
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "doctor", "My revalidation");
        await page.GotoAsync("/evidence");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Evidence");
        Assert.Equal(0, await page.Locator("input[type=date]").CountAsync());
        var date = page.GetByRole(AriaRole.Group, new() { Name = "Date of the activity" });
        await page.SelectOptionAsync("#type", "ContinuingProfessionalDevelopment");
        await page.FillAsync("#title", "A course on a day that never was");
        await date.GetByLabel("Day").FillAsync("31");
        await date.GetByLabel("Month").FillAsync("2");
        await date.GetByLabel("Year").FillAsync("2026");
        var before = await page.GetByTestId("evidence-table").Locator("tbody tr").CountAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();

        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("Date of the activity must be a real date");
        await Expect(date).ToContainTextAsync("Error: Date of the activity must be a real date");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Date of the activity must be a real date" }).ClickAsync();
        await Expect(date.GetByLabel("Day")).ToBeFocusedAsync();
        Assert.Equal(before, await page.GetByTestId("evidence-table").Locator("tbody tr").CountAsync());
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "evidence with a date that does not exist");

        // A whole date pasted into the day box fills all three.
        await date.GetByLabel("Day").FillAsync("15/3/2026");
        await date.GetByLabel("Year").FocusAsync();
        await Expect(date.GetByLabel("Month")).ToHaveValueAsync("3");
        await Expect(date.GetByLabel("Year")).ToHaveValueAsync("2026");
        await Expect(date.GetByLabel("Day")).ToHaveValueAsync("15");
    }

    [Fact]
    public async Task Compliance_Exports_SayTheDayTheyAreAsOf()
    {
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "md", "Compliance");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-csv").ClickAsync());
        var lines = (await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",As of", lines[0], StringComparison.Ordinal);
        Assert.All(lines[1..], l => Assert.Matches(@",\d{4}-\d{2}-\d{2}$", l));

        var excel = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await excel.PathAsync())));
        Assert.Matches(@"As of \d{1,2} [A-Z][a-z]+ \d{4}$", workbook.Worksheet("Compliance").Cell(1, 1).GetString());
        var month = workbook.Worksheet("RSDs by month").Cell(4, 1);
        Assert.Equal(ClosedXML.Excel.XLDataType.DateTime, month.DataType);
        Assert.Equal("mmm yyyy", month.Style.DateFormat.Format);
    }

    [Fact]
    public async Task Favicon_IsLinkedAndServed()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("button[data-persona=doctor]")).ToBeVisibleAsync();

        var hrefs = await page.Locator("link[rel=icon]").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
        Assert.NotEmpty(hrefs);
        foreach (var href in hrefs.Append(new Uri(server.BaseUrl, "/favicon.ico").ToString()))
        {
            var response = await page.APIRequest.GetAsync(href);
            Assert.True(response.Status == 200, $"{href}: {response.Status}");
            Assert.StartsWith("image/", response.Headers["content-type"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Admin_RecentRuns_ListEachSourcesRunsInPlainWords()
    {
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "admin", "Administration");
        var details = page.GetByTestId("recent-runs").First;
        await Expect(details).ToBeVisibleAsync();

        await details.Locator("summary").ClickAsync();
        var text = details.Locator(".nhsuk-details__text");
        await Expect(text).ToBeVisibleAsync();
        await Expect(text).Not.ToContainTextAsync("Loading");
        var words = await text.InnerTextAsync();
        Assert.DoesNotMatch(IsoDateOrEnum(), words);
        if (await details.Locator("tbody tr").CountAsync() > 0)
        {
            Assert.Matches(@"\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}(am|pm)", words);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "admin-recent-runs.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "admin recent runs");
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|Incremental|AwaitingConfirmation|admin:")]
    private static partial Regex IsoDateOrEnum();
}
