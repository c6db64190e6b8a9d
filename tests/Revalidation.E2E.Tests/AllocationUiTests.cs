using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 5 (H57): the revalidation manager sees the doctors without an appraiser, asks for suggestions (the
/// demo appraiser, over the most appraisees, is never suggested), allocates the chosen one and sees the outcome per
/// doctor. H56: on the administration page an allocation that breaks a soft rule shows the rule and asks for a reason.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AllocationUiTests(ServerFixture server)
{
    private const string DemoAppraiser = "demo-appraiser";

    [Fact]
    public async Task Manager_SuggestsAllocations_AllocatesTheSelectedOne_AndSeesTheOutcome_ThenAdminGivesAReasonOverTheCap()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] appraisers = [$"alloc-fresh-{suffix}", $"alloc-spare-{suffix}"];
        await SendAsync("admin", HttpMethod.Post, "api/admin/designated-body/appraisers", new { userId = appraisers[0], name = "Dr Nadia Fresh" });
        await SendAsync("admin", HttpMethod.Post, "api/admin/designated-body/appraisers", new { userId = appraisers[1], name = "Dr Owen Spare" });
        // Two of the demo appraiser's doctors; the demo repeats some names, so the lists are checked by GMC number.
        var doctors = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=200")).EnumerateArray()
            .Where(d => d.GetProperty("status").GetString() == "Active" && d.GetProperty("appraiserId").GetString() == DemoAppraiser)
            .TakeLast(2).ToList();
        var (chosen, left) = (doctors[0], doctors[1]);
        string Name(JsonElement d) => $"Dr {d.GetProperty("givenName").GetString()} {d.GetProperty("familyName").GetString()}";
        string Id(JsonElement d) => d.GetProperty("id").GetString()!;
        string Gmc(JsonElement d) => d.GetProperty("gmcNumber").GetString()!;
        try
        {
            foreach (var d in doctors)
            {
                await SendAsync("admin", HttpMethod.Put, $"api/doctors/{Id(d)}/appraiser", new { appraiserId = (string?)null });
            }

            var page = await server.NewPageAsync();
            await WebUiTests.SignInAsync(page, "manager", "Caseload");
            await page.GetByRole(AriaRole.Link, new() { Name = "Appraisal allocation" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Appraisal allocation");
            var unallocated = page.GetByTestId("unallocated-table");
            await Expect(unallocated).ToContainTextAsync(Gmc(chosen));
            await Expect(unallocated).ToContainTextAsync(Gmc(left));
            await Expect(page.GetByTestId("appraiser-loads")).ToContainTextAsync("Dr Nadia Fresh");

            await page.GetByTestId("suggest-button").ClickAsync();
            var suggestions = page.GetByTestId("suggestions-table");
            await Expect(suggestions).ToContainTextAsync(Name(chosen));
            await Expect(suggestions).Not.ToContainTextAsync("Dr Sam Patel"); // over the most appraisees: never suggested
            await Expect(suggestions).ToContainTextAsync("Fewest appraisees");
            await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraisal allocation suggestions");
            foreach (var box in await suggestions.Locator("input[type=checkbox]").AllAsync())
            {
                await box.UncheckAsync();
            }

            await page.CheckAsync($"#choose-{Guid.Parse(Id(chosen)):N}");
            await page.GetByTestId("allocate-selected").ClickAsync();

            await Expect(page.GetByTestId("allocation-notice")).ToContainTextAsync("1 doctor allocated.");
            await Expect(page.GetByTestId("allocation-outcomes")).ToContainTextAsync($"{Name(chosen)}: Dr ");
            await Expect(page.GetByTestId("allocation-outcomes")).ToContainTextAsync("allocated.");
            await Expect(unallocated).Not.ToContainTextAsync(Gmc(chosen));
            await Expect(unallocated).ToContainTextAsync(Gmc(left));
            await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "appraisal-allocation.png"), FullPage = true });
            await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraisal allocation outcome");
            var allocation = await server.GetJsonAsync("manager", $"api/doctors/{Id(chosen)}/allocation");
            Assert.Contains(allocation.GetProperty("appraiserId").GetString(), appraisers);

            // The admin allocates the demo appraiser, over the most appraisees: the rule is shown and a reason asked for.
            var admin = await server.NewPageAsync();
            await admin.GotoAsync("/");
            await admin.Locator("button[data-persona=admin]").ClickAsync();
            await Expect(admin.Locator("h1")).ToHaveTextAsync("Administration");
            await admin.FillAsync("#doctorSearch", left.GetProperty("gmcNumber").GetString()!);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#doctorId")).ToHaveValueAsync(Id(left));
            await admin.SelectOptionAsync("#appraiserId", DemoAppraiser);
            var reasonGroup = admin.GetByTestId("allocation-reason-group");
            await Expect(reasonGroup).ToContainTextAsync("Dr Sam Patel already has");
            await Expect(reasonGroup).ToContainTextAsync("give a reason to allocate another");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Allocate" }).ClickAsync();
            await Expect(admin.GetByTestId("error-summary")).ToContainTextAsync("give a reason to allocate another");
            await admin.FillAsync("#reason", "Covers this specialty alone");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Allocate" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Appraiser allocated for" })).ToContainTextAsync($"Appraiser allocated for {Name(left)}");
            await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin allocation with a reason");
            var kept = await server.GetJsonAsync("admin", $"api/doctors/{Id(left)}/allocation");
            Assert.Equal("Covers this specialty alone", kept.GetProperty("allocationReason").GetString());
        }
        finally
        {
            // Other tests share the demo data: both doctors go back to the demo appraiser.
            foreach (var d in doctors)
            {
                await SendAsync("admin", HttpMethod.Put, $"api/doctors/{Id(d)}/appraiser", new { appraiserId = DemoAppraiser, reason = "Restored after the allocation test" });
            }
        }
    }

    private async Task SendAsync(string persona, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync(persona));
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
