using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Revalidation.E2E.Tests.WebUiTests;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The admin audit log usable for audit (issue 15, item 7; hazard H42): searched by a person or doctor by name, paged
/// with "Showing 51 to 100 of N events", an empty result that says what was searched, and a CSV of the current search.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class AuditUiTests(ServerFixture server)
{
    [Fact]
    public async Task AdminAuditLog_SearchesByName_PagesAndSaysWhatFoundNothing()
    {
        var total = (await server.GetJsonAsync("admin", "api/admin/audit?pageSize=1")).GetProperty("total").GetInt32();
        Assert.True(total > 100, "The demo body's audit log has more than two pages of 50 events.");
        var doctor = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=1")).EnumerateArray().First();
        var name = $"{doctor.GetProperty("givenName").GetString()} {doctor.GetProperty("familyName").GetString()}";

        var page = await server.NewPageAsync();
        await SignInAsync(page, "admin", "Administration");
        var count = page.GetByTestId("audit-count");
        await Expect(count).ToHaveTextAsync(new Regex("^Showing 1 to 50 of [0-9,]+ events\\.$"));

        // paging: the next page, and back
        await page.GetByTestId("audit-next").ClickAsync();
        await Expect(count).ToHaveTextAsync(new Regex("^Showing 51 to 100 of [0-9,]+ events\\.$"));
        await Expect(page.GetByTestId("admin-audit-table").Locator("tbody tr")).ToHaveCountAsync(50);
        await AssertNoSeriousViolationsAsync(page, "admin audit log, page 2");
        await page.GetByTestId("audit-previous").ClickAsync();
        await Expect(count).ToHaveTextAsync(new Regex("^Showing 1 to 50 of [0-9,]+ events\\.$"));

        // search by a doctor's name, in lower case: only that doctor's events
        await page.FillAsync("#auditSearch", name.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(count).ToHaveTextAsync(new Regex($"^\\d+ events? matching “{Regex.Escape(name.ToLowerInvariant())}”\\.$"));
        var doctorCells = page.GetByTestId("admin-audit-table").Locator("tbody tr td:nth-child(3)");
        Assert.True(await doctorCells.CountAsync() > 0);
        foreach (var cell in await doctorCells.AllInnerTextsAsync())
        {
            Assert.Equal($"Dr {name}", cell);
        }

        Assert.DoesNotMatch(IsoDate(), await page.GetByTestId("admin-audit-table").InnerTextAsync());

        // nothing found: the message says what was searched, and since when
        await page.FillAsync("#auditSearch", "Nobody Atall");
        await page.FillAsync("#auditFrom", "2026-12-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("audit-empty")).ToHaveTextAsync("No audit events match “Nobody Atall” since 1 December 2026.");
        await Expect(page.GetByTestId("admin-audit-table")).ToHaveCountAsync(0);
        await AssertNoSeriousViolationsAsync(page, "admin audit log, nothing found");
    }

    [Fact]
    public async Task AdminAuditLog_DownloadsTheCurrentSearchAsCsv_AndTheDownloadIsAudited()
    {
        var doctor = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=1")).EnumerateArray().First();
        var gmc = doctor.GetProperty("gmcNumber").GetString()!;
        var name = $"Dr {doctor.GetProperty("givenName").GetString()} {doctor.GetProperty("familyName").GetString()}";

        var page = await server.NewPageAsync();
        await SignInAsync(page, "admin", "Administration");
        await page.FillAsync("#auditSearch", gmc);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("audit-count")).ToContainTextAsync($"matching “{gmc}”");
        var rows = await page.GetByTestId("admin-audit-table").Locator("tbody tr").CountAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-download-csv").ClickAsync());

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("When,Who,Role,Doctor,GMC number,What", lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        Assert.All(lines[1..], l =>
        {
            Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2},", l);
            Assert.Contains($",{name},{gmc},", l, StringComparison.Ordinal);
        });

        // the download is in the log, by the admin, with the search
        await page.FillAsync("#auditSearch", "demo-admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("admin-audit-table")).ToContainTextAsync($"Audit log exported ({N(rows)} {(rows == 1 ? "event" : "events")}; search “{gmc}”)");
        await AssertNoSeriousViolationsAsync(page, "admin audit log after a CSV download");
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();
}
