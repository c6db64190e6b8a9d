using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 5 (docs/domain.md#decision-h): the doctor asks, from their own page, to postpone this year's appraisal;
/// the revalidation manager declines it with a reason on the Appraisal requests page, and approves the next request; the
/// doctor reads each decision in plain words. Axe on both screens.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AppraisalRequestUiTests(ServerFixture server)
{
    [Fact]
    [Trait("Hazard", "H54")]
    public async Task Doctor_AsksForAMissedYear_ManagerDeclinesWithAReason_ThenApprovesTheNextRequest_AndTheDoctorSeesEach()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var doctor = await server.NewPageAsync();
        await WebUiTests.SignInAsync(doctor, "doctor", "My revalidation");
        // The demo doctor's appraisal this year is signed off, so there is nothing of this year to postpone.
        await Expect(doctor.GetByTestId("ask-postpone")).ToHaveCountAsync(0);
        await AskAsync(doctor, $"Sick leave {marker}");
        await Expect(doctor.GetByTestId("appraisal-request-notice")).ToContainTextAsync("has been sent to your revalidation team");
        var first = doctor.GetByTestId("appraisal-requests").Locator("tr", new() { HasText = $"Sick leave {marker}" });
        await Expect(first).ToContainTextAsync("Waiting for a decision");
        await Expect(first).ToContainTextAsync("Approve the year as missed: absent from 4 June");
        await WebUiTests.AssertNoSeriousViolationsAsync(doctor, "my revalidation with an appraisal request");

        var manager = await server.NewPageAsync();
        await WebUiTests.SignInAsync(manager, "manager", "Caseload");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Appraisal requests" }).First.ClickAsync();
        await Expect(manager.Locator("h1")).ToHaveTextAsync("Appraisal requests");
        var queued = manager.GetByTestId("appraisal-request-queue").Locator("tr", new() { HasText = marker });
        await Expect(queued).ToContainTextAsync("Approve the year as missed");
        await WebUiTests.AssertNoSeriousViolationsAsync(manager, "appraisal requests");

        await queued.GetByTestId("decline-request").ClickAsync();
        await manager.GetByTestId("confirm-yes").ClickAsync();
        await Expect(manager.Locator(".nhsuk-error-summary")).ToContainTextAsync("Enter the reason for declining.");
        await manager.FillAsync("#reason", $"Please send the dates of the whole absence {marker}");
        await manager.GetByTestId("confirm-yes").ClickAsync();
        await Expect(manager.GetByTestId("action-notice")).ToContainTextAsync("is declined");
        await Expect(queued).ToHaveCountAsync(0);

        await doctor.ReloadAsync();
        await Expect(first).ToContainTextAsync("Declined on");
        await Expect(first).ToContainTextAsync($"Reason: Please send the dates of the whole absence {marker}");

        await AskAsync(doctor, $"Second request {marker}");
        await manager.ReloadAsync();
        var second = manager.GetByTestId("appraisal-request-queue").Locator("tr", new() { HasText = $"Second request {marker}" });
        await second.GetByTestId("approve-request").ClickAsync();
        await manager.GetByTestId("confirm-yes").ClickAsync();
        await Expect(manager.GetByTestId("action-notice")).ToContainTextAsync("is approved");

        await doctor.ReloadAsync();
        var approved = doctor.GetByTestId("appraisal-requests").Locator("tr", new() { HasText = $"Second request {marker}" });
        await Expect(approved).ToContainTextAsync("Approved on");
        await Expect(approved).ToContainTextAsync("(revalidation manager)");
        // An ended year approved now is marked so, on the doctor's page and the RO team's.
        await Expect(approved).ToContainTextAsync("after the year ended");
        await Expect(doctor.GetByTestId("appraisal-year-note").Filter(new() { HasText = "Approved as missed" })).ToContainTextAsync("Approved after the year ended");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Caseload" }).First.ClickAsync();
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        await manager.GotoAsync($"/doctors/{doctorId}");
        await Expect(manager.GetByTestId("approved-retrospectively").First).ToHaveTextAsync("Approved after the year ended");
        await WebUiTests.AssertNoSeriousViolationsAsync(manager, "doctor record with appraisal requests");
    }

    /// <summary>Asks for the oldest year offered to be approved as missed, absent from 4 June of its start year.</summary>
    private static async Task AskAsync(IPage page, string reason)
    {
        await page.GetByTestId("ask-missed").ClickAsync();
        var year = page.Locator("#year input[type=radio]").Last;
        await year.CheckAsync();
        var label = await page.Locator($"label[for='{await year.GetAttributeAsync("id")}']").InnerTextAsync();
        await page.FillAsync("#reason", reason);
        var date = page.GetByRole(AriaRole.Group, new() { Name = "First day of your absence" });
        await date.GetByLabel("Day").FillAsync("4");
        await date.GetByLabel("Month").FillAsync("6");
        await date.GetByLabel("Year").FillAsync(label[..4]);
        await page.GetByTestId("send-request").ClickAsync();
        await Expect(page.GetByTestId("appraisal-request-form")).ToHaveCountAsync(0);
    }
}
