using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// A Server whose recommendations are held for 10 minutes (docs/decisions/0018-recommendation-hold.md) on a clock the test
/// moves forward ("Testing:AdvanceableClock", Development only). The demo body uses the manual route (GMC Connect).
/// </summary>
public sealed class HoldServerFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Revalidation__Recommendations__Hold"] = "00:10:00",
    ["Testing__AdvanceableClock"] = "true",
});

/// <summary>Its own Server, run alone so two Servers and browsers do not share the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HoldServerCollection : ICollectionFixture<HoldServerFixture>
{
    public const string Name = "Server with a recommendation hold";
}

/// <summary>
/// Issue 16, items 3 and 4 (hazards H50, H51): the RO reviews the ready list, submits three recommendations in a batch, all
/// are held; one is cancelled, one sent at once, the third released when its hold ends; exactly two reach the GMC Connect
/// worksheet (the manual route; the web-service route is proved by the API's HoldTests).
/// </summary>
[Collection(HoldServerCollection.Name)]
public sealed partial class BatchUiTests(HoldServerFixture server)
{
    [Fact]
    [Trait("Rule", "R6")]
    public async Task Ro_BatchSubmits_AllHeld_OneCancelled_OneSentNow_ThirdReleasedAtHoldEnd_TwoOnTheWorksheet()
    {
        // The manager prepares three recommendations: a draft each, marked ready for the RO. The manager has no batch controls.
        var listed = await server.GetJsonAsync("manager", "api/recommendations/ready");
        Assert.False(listed.GetProperty("canSubmit").GetBoolean());
        var prepared = listed.GetProperty("ready").EnumerateArray().Take(3).Select(d => Guid.Parse(d.GetProperty("doctorId").GetString()!)).ToList();
        Assert.True(prepared.Count == 3, "The demo has at least three doctors under notice and ready.");
        foreach (var id in prepared)
        {
            await PrepareAsManagerAsync(id);
        }

        var managerPage = await server.NewPageAsync();
        await WebUiTests.SignInAsync(managerPage, "manager", "Caseload");
        await managerPage.GotoAsync("/ready");
        await Expect(managerPage.Locator("h1")).ToHaveTextAsync("Ready for a recommendation");
        await Expect(managerPage.GetByTestId($"ready-{prepared[0]}")).ToContainTextAsync("Recommendation prepared by Jo Clarke", new() { Timeout = 15_000 });
        await Expect(managerPage.GetByTestId("batch-review-button")).ToHaveCountAsync(0);
        await Expect(managerPage.Locator("input[id^=choose-]")).ToHaveCountAsync(0);
        await managerPage.Context.CloseAsync();

        // The RO reviews the ready list and chooses the three the manager prepared.
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "ro", "Caseload");
        await Expect(page.GetByTestId("ready-list-counts")).ToContainTextAsync("ready for a recommendation", new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Ready for a recommendation", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ready for a recommendation");
        var choices = page.Locator("input[id^=choose-]");
        await Expect(choices.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "ready list");

        foreach (var id in prepared)
        {
            await Expect(page.GetByTestId($"about-{id}")).ToContainTextAsync("Recommendation prepared by Jo Clarke, ready for the responsible officer.");
            await page.Locator($"#choose-{id:N}").CheckAsync();
        }

        await page.GetByTestId("batch-review-button").ClickAsync();
        await Expect(page.GetByTestId("batch-review-table").Locator("tbody tr")).ToHaveCountAsync(3);
        var statements = page.Locator("input[id^=batch-statement-]");
        for (var i = 0; i < await statements.CountAsync(); i++)
        {
            await statements.Nth(i).CheckAsync();
        }

        await WebUiTests.AssertNoSeriousViolationsAsync(page, "batch review");
        await page.GetByTestId("batch-submit").ClickAsync();

        await Expect(page.GetByTestId("action-notice")).ToContainTextAsync("3 recommendations submitted and held before sending.");
        var held = page.Locator("li[data-testid^=held-]");
        await Expect(held).ToHaveCountAsync(3);
        await Expect(held.First).ToContainTextAsync(SendsAt());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await held.Nth(i).GetAttributeAsync("data-testid"))!["held-".Length..]);
        }

        // Cancel the first, after the confirm step.
        await page.GetByTestId($"cancel-{ids[0]}").ClickAsync();
        await Expect(page.GetByTestId("confirm-cancel")).ToBeVisibleAsync();
        await page.GetByTestId("confirm-cancel").GetByTestId("confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("action-notice")).ToContainTextAsync("is cancelled and back to a draft");
        await Expect(held).ToHaveCountAsync(2);

        // The manager may not end a hold until the admin lets them send what the RO approved (then "Send now", never "Cancel").
        var manager = await server.NewPageAsync();
        await WebUiTests.SignInAsync(manager, "manager", "Caseload");
        await manager.GotoAsync("/ready");
        await Expect(manager.GetByTestId($"held-{ids[1]}")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(manager.GetByTestId($"send-now-{ids[1]}")).ToHaveCountAsync(0);
        await Expect(manager.GetByTestId($"cancel-{ids[1]}")).ToHaveCountAsync(0);

        var admin = await server.NewPageAsync();
        await WebUiTests.SignInAsync(admin, "admin", "Administration");
        await Expect(admin.Locator("#managerMaySend")).Not.ToBeCheckedAsync();
        await admin.CheckAsync("#managerMaySend");
        await admin.GetByTestId("save-body-settings").ClickAsync();
        await Expect(admin.GetByTestId("body-settings-notice")).ToContainTextAsync("The revalidation manager may now send recommendations you have approved.");
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "designated body settings");
        await admin.Context.CloseAsync();

        // The manager sends the second now.
        await manager.ReloadAsync();
        await manager.GetByTestId($"send-now-{ids[1]}").ClickAsync();
        await Expect(manager.GetByTestId("action-notice")).ToContainTextAsync("is ready to enter in GMC Connect");
        await Expect(manager.GetByTestId($"cancel-{ids[2]}")).ToHaveCountAsync(0);
        await manager.Context.CloseAsync();
        await page.ReloadAsync();
        await Expect(held).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        // The third is released when its hold ends.
        var before = await WorksheetCountAsync();
        Assert.Equal(1, before);
        using (var advance = await server.Http.PostAsJsonAsync("testing/clock/advance", new { minutes = 11 }))
        {
            Assert.True(advance.IsSuccessStatusCode, await advance.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await advance.Content.ReadAsStringAsync());
            Assert.Equal(1, body.RootElement.GetProperty("released").GetInt32());
        }

        await page.GotoAsync("/gmc-connect-worksheet");
        var rows = page.GetByTestId("worksheet").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId($"worksheet-{ids[0]}")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId($"worksheet-{ids[1]}")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"worksheet-{ids[2]}")).ToBeVisibleAsync();
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "GMC Connect worksheet");

        await page.GetByTestId($"entered-{ids[1]}").ClickAsync();
        await Expect(page.GetByTestId("action-notice")).ToContainTextAsync("is recorded as submitted in GMC Connect");
        await Expect(rows).ToHaveCountAsync(1);

        // Cancelling after it was sent is refused with a clear message.
        var doctor = await server.GetJsonAsync("ro", $"api/doctors/{ids[1]}");
        var recommendationId = doctor.GetProperty("openRecommendation").GetProperty("id").GetString();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{ids[1]}/recommendations/{recommendationId}/cancel");
        cancel.Headers.Authorization = new("Bearer", await server.TokenAsync("ro"));
        using var refused = await server.Http.SendAsync(cancel);
        Assert.Equal(422, (int)refused.StatusCode);
        Assert.Contains("was sent to the GMC on", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Hazard H50: the team moves a doctor off the ready list with a note (a note is needed), and back; the note shows who
    /// moved them and why.
    /// </summary>
    [Fact]
    [Trait("Hazard", "H50")]
    public async Task Manager_MovesADoctorToTheReviewListWithANote_AndBack()
    {
        var listed = await server.GetJsonAsync("manager", "api/recommendations/ready");
        var ready = listed.GetProperty("ready").EnumerateArray().ToList();
        Assert.NotEmpty(ready);
        var doctor = ready[^1];
        var id = doctor.GetProperty("doctorId").GetString()!;
        var name = doctor.GetProperty("name").GetString()!;

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GotoAsync("/ready");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ready for a recommendation");
        await page.GetByText("Move a doctor to the review list").ClickAsync();
        await page.GetByTestId($"move-{id}").ClickAsync();
        await page.GetByTestId($"move-confirm-{id}").ClickAsync();
        await Expect(page.GetByTestId($"move-form-{id}").Locator(".nhsuk-error-message")).ToBeVisibleAsync();

        await page.FillAsync($"#move-note-{Guid.Parse(id):N}", "The appraiser has raised a question about the last appraisal");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "moving a doctor off the ready list");
        await page.GetByTestId($"move-confirm-{id}").ClickAsync();
        await Expect(page.GetByTestId("action-notice")).ToContainTextAsync($"{name} is on the review list.");
        await Expect(page.GetByTestId($"review-{id}")).ToContainTextAsync("The appraiser has raised a question about the last appraisal");

        await page.GetByTestId($"move-{id}").ClickAsync();
        await page.FillAsync($"#move-note-{Guid.Parse(id):N}", "Question answered by the appraiser");
        await page.GetByTestId($"move-confirm-{id}").ClickAsync();
        await Expect(page.GetByTestId("action-notice")).ToContainTextAsync($"{name} is on the ready list.");
        await Expect(page.GetByTestId($"ready-{id}")).ToContainTextAsync("Moved here by Jo Clarke: Question answered by the appraiser");
    }

    private async Task PrepareAsManagerAsync(Guid doctorId)
    {
        var token = await server.TokenAsync("manager");
        using var draft = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{doctorId}/recommendations")
        {
            Content = JsonContent.Create(new
            {
                type = "Revalidate",
                statements = new
                {
                    participatedInAppraisal = true, supportingInformationCollected = true, otherInformationConsidered = true,
                    compliesWithGmcConditions = true, compliesWithLocalConditions = true, noUnaddressedConcerns = true,
                },
            }),
        };
        draft.Headers.Authorization = new("Bearer", token);
        using var drafted = await server.Http.SendAsync(draft);
        Assert.True(drafted.IsSuccessStatusCode, await drafted.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await drafted.Content.ReadAsStringAsync());
        var recommendationId = body.RootElement.GetProperty("id").GetString();

        using var mark = new HttpRequestMessage(HttpMethod.Put, $"api/doctors/{doctorId}/recommendations/{recommendationId}/ready")
        {
            Content = JsonContent.Create(new { ready = true }),
        };
        mark.Headers.Authorization = new("Bearer", token);
        using var marked = await server.Http.SendAsync(mark);
        Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
    }

    private async Task<int> WorksheetCountAsync() => (await server.GetJsonAsync("ro", "api/recommendations/worksheet")).GetArrayLength();

    [GeneratedRegex(@"Sends at \d{2}:\d{2} on \d{1,2} [A-Z][a-z]+ \d{4}")]
    private static partial Regex SendsAt();
}
