using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 5 (hazard H56; docs/domain.md, decision (j)): on the doctor's page the revalidation manager declares a
/// conflict of interest between an appraiser and the doctor, sees it listed and the appraiser no longer allocatable to
/// the doctor, and withdraws it again.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConflictOfInterestUiTests(ServerFixture server)
{
    private const string AppraiserId = "demo-appraiser";

    [Fact]
    [Trait("Hazard", "H56")]
    public async Task Manager_DeclaresAConflictOfInterest_TheAppraiserCannotBeAllocated_ThenWithdrawsIt()
    {
        // A doctor other than the doctor persona; the test puts back the appraiser the declaration takes away.
        var me = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString();
        var doctorId = (await server.GetJsonAsync("manager", "api/caseload?pageSize=50")).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("doctorId").GetString()!).Last(id => id != me);
        var allocatedBefore = (await server.GetJsonAsync("manager", $"api/doctors/{doctorId}/allocation")).GetProperty("appraiserId").GetString();

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        var section = page.GetByTestId("appraiser-conflicts");
        await Expect(section.GetByTestId("conflict-form")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(section).ToContainTextAsync("No conflict of interest with an appraiser has been declared.");

        // Without a reason: refused, the field named, nothing declared.
        await page.SelectOptionAsync("#conflictAppraiser", AppraiserId);
        await page.GetByTestId("declare-conflict").ClickAsync();
        await Expect(page.Locator("[data-testid=error-summary] a[href$='#conflictReason']")).ToBeVisibleAsync();
        Assert.Empty((await server.GetJsonAsync("manager", $"api/doctors/{doctorId}/allocation")).GetProperty("conflicts").EnumerateArray());

        await page.FillAsync("#conflictReason", "Close colleague in the same department");
        await page.GetByTestId("declare-conflict").ClickAsync();
        await Expect(page.GetByTestId("conflicts-notice")).ToContainTextAsync("Conflict of interest with Dr Sam Patel declared.");
        await Expect(page.GetByTestId($"conflict-{AppraiserId}")).ToContainTextAsync("Close colleague in the same department");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "conflicts of interest");

        var choice = (await server.GetJsonAsync("manager", $"api/doctors/{doctorId}/allocation")).GetProperty("appraisers").EnumerateArray()
            .Single(a => a.GetProperty("appraiserId").GetString() == AppraiserId);
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("refusal").GetString()), "A declared conflict makes the appraiser not allocatable.");

        await page.GetByTestId($"withdraw-conflict-{AppraiserId}").ClickAsync();
        await Expect(page.GetByTestId("conflicts-notice")).ToContainTextAsync("The conflict of interest with Dr Sam Patel is withdrawn.");
        await Expect(page.GetByTestId($"conflict-{AppraiserId}")).ToHaveCountAsync(0);
        Assert.Empty((await server.GetJsonAsync("manager", $"api/doctors/{doctorId}/allocation")).GetProperty("conflicts").EnumerateArray());

        if (allocatedBefore is not null)
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"api/doctors/{doctorId}/appraiser")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { appraiserId = allocatedBefore, reason = "Allocated again after the conflict was withdrawn" }),
            };
            put.Headers.Authorization = new("Bearer", await server.TokenAsync("manager"));
            using var restored = await server.Http.SendAsync(put);
            Assert.True(restored.IsSuccessStatusCode, await restored.Content.ReadAsStringAsync());
        }
    }
}
