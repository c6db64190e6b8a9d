using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Revalidation.E2E.Tests.WebUiTests;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The RO's caseload remembers its view (issue 15, item 6): filters, search, sort and page are in the address, so Back
/// from a doctor and a shared link show the same rows; the department filter matches part of a name in any case; the
/// sorted column reverses when selected again; an empty result says why and how to see everyone.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CaseloadUiTests(ServerFixture server)
{
    [Fact]
    public async Task Caseload_KeepsItsViewInTheAddress_ThroughADoctorAndBack_AndExplainsAnEmptyResult()
    {
        var everyone = (await server.GetJsonAsync("ro", "api/caseload?pageSize=1")).GetProperty("total").GetInt32();
        var psychiatry = await server.GetJsonAsync("ro", "api/caseload?department=Psychiatry&pageSize=500");
        var psychiatrists = psychiatry.GetProperty("total").GetInt32();
        Assert.True(psychiatrists > 1, "The demo body has several connected psychiatrists.");
        var lastByName = psychiatry.GetProperty("items").EnumerateArray().Select(Name).Order(StringComparer.OrdinalIgnoreCase).Last();

        var page = await server.NewPageAsync();
        await SignInAsync(page, "ro", "Caseload");
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync($"{everyone} doctors");

        // part of the department's name, in lower case
        await page.FillAsync("#department", "psych");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync($"{psychiatrists} doctors. Page 1 of 1.");
        await Expect(page).ToHaveURLAsync(new Regex("/caseload\\?department=psych$"));

        // the sorted column, selected again, runs the other way
        var doctorHeader = page.Locator("th").Filter(new() { HasText = "Doctor" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Doctor", Exact = true }).ClickAsync();
        await Expect(doctorHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.GetByRole(AriaRole.Button, new() { Name = "Doctor", Exact = true }).ClickAsync();
        await Expect(doctorHeader).ToHaveAttributeAsync("aria-sort", "descending");
        var firstDoctor = page.GetByTestId("caseload-table").Locator("tbody tr").First.Locator("a");
        await Expect(firstDoctor).ToHaveTextAsync(lastByName);
        await Expect(page).ToHaveURLAsync(new Regex("/caseload\\?department=psych&sort=name&dir=desc$"));
        await AssertNoSeriousViolationsAsync(page, "caseload (filtered, sorted Z to A)");

        // to a doctor and Back: the same view, in the form and the table
        await firstDoctor.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/doctors/"));
        await Expect(page.Locator("h1")).Not.ToHaveTextAsync("Caseload");
        await page.GoBackAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Caseload");
        await Expect(page.Locator("#department")).ToHaveValueAsync("psych");
        await Expect(doctorHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync($"{psychiatrists} doctors. Page 1 of 1.");
        await Expect(firstDoctor).ToHaveTextAsync(lastByName);

        // the same address in a fresh page shows the same view
        await page.GotoAsync("/caseload?department=psych&sort=name&dir=desc");
        await Expect(firstDoctor).ToHaveTextAsync(lastByName);
        await Expect(page.Locator("#department")).ToHaveValueAsync("psych");

        // nothing matches: say why, and how to see everyone
        await page.FillAsync("#q", "Nobody-by-this-name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var empty = page.GetByTestId("caseload-empty");
        await Expect(empty).ToContainTextAsync("No connected doctors match ‘Nobody-by-this-name’ and work in a department containing ‘psych’.");
        await Expect(empty).ToContainTextAsync($"Clear the filters to see all {everyone} connected doctors.");
        await Expect(page.GetByTestId("caseload-count")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("caseload-table")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-caseload-empty.png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, "caseload (nothing matches)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear the filters" }).ClickAsync();
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync($"{everyone} doctors");
        await Expect(page.Locator("#department")).ToHaveValueAsync(string.Empty);
        await Expect(page.Locator("#q")).ToHaveValueAsync(string.Empty);
    }

    private static string Name(JsonElement row) => $"{row.GetProperty("familyName").GetString()}, {row.GetProperty("givenName").GetString()}";
}
