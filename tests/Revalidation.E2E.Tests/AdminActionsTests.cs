using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>The admin's forms: the RO assignment checks its fields before the call; appraiser allocation picks a doctor from a list.</summary>
[Collection(ServerCollection.Name)]
public sealed class AdminActionsTests(ServerFixture server)
{
    [Fact]
    public async Task Admin_FindsADoctorByGmcNumberAndAllocatesTheirAppraiser_AndTheRoFormNamesMissingFields()
    {
        // A doctor who already has an appraiser, allocated the same one again, so other tests see the same data.
        var allocated = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=200")).EnumerateArray()
            .First(d => d.GetProperty("appraiserId").ValueKind == System.Text.Json.JsonValueKind.String);
        var gmc = allocated.GetProperty("gmcNumber").GetString()!;

        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("button[data-persona=admin]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Administration");

        await page.GetByRole(AriaRole.Button, new() { Name = "Assign responsible officer" }).ClickAsync();
        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("Enter the responsible officer's user id");
        await Expect(summary).ToContainTextAsync("Enter the responsible officer's name.");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "admin RO form error");

        await page.FillAsync("#doctorSearch", gmc);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        await Expect(page.Locator("#doctorId option")).ToHaveCountAsync(2);
        await Expect(page.Locator("#doctorId")).ToHaveValueAsync(allocated.GetProperty("id").GetString()!);
        await page.SelectOptionAsync("#appraiserId", allocated.GetProperty("appraiserId").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Allocate" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Appraiser allocated for" })).ToContainTextAsync($"Appraiser allocated for Dr {allocated.GetProperty("givenName").GetString()} {allocated.GetProperty("familyName").GetString()}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "admin-allocate.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "admin allocation");
    }
}
