using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 7: the revalidation manager starts a non-engagement episode on a doctor's page, previews and sends
/// letter 1, records that no reply came, sends letter 2; the RO sees the pathway and its plain-words summary.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class NonEngagementUiTests(ServerFixture server)
{
    [GeneratedRegex(@"^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$")]
    private static partial Regex UkDate();

    [Fact]
    public async Task Manager_StartsSendsLetterOne_RecordsNoReply_SendsLetterTwo_AndTheRoSeesThePathway()
    {
        var doctorId = await PickDoctorAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        var panel = page.GetByTestId("non-engagement");
        await Expect(panel.GetByTestId("non-engagement-summary")).ToHaveTextAsync("No non-engagement letters have been sent to this doctor.", new() { Timeout = 30_000 });

        await page.CheckAsync("#ne-reason-appraisal");
        await page.FillAsync("#ne-year", "2026/27");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start episode" }).ClickAsync();
        await Expect(page.GetByTestId("non-engagement-success")).ToContainTextAsync("Non-engagement episode started.");

        // Letter 1: previewed with its reply-by date, confirmed, sent.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Preview letter 1" }).ClickAsync();
        await Expect(page.GetByTestId("ne-letter-preview")).ToContainTextAsync("2026/27");
        await Expect(page.GetByTestId("ne-letter-preview")).Not.ToContainTextAsync("{");
        await page.GetByTestId("ne-confirm").GetByRole(AriaRole.Button, new() { Name = "Send letter 1" }).ClickAsync();
        await Expect(page.GetByTestId("non-engagement-success")).ToContainTextAsync("Letter 1 sent to the doctor's email.");
        var first = panel.GetByTestId("non-engagement-letter").First;
        await Expect(first.Locator("td").Nth(0)).ToHaveTextAsync("Letter 1");
        await Expect(first.Locator("td").Nth(1)).ToHaveTextAsync(UkDate());
        await Expect(first.Locator("td").Nth(2)).ToHaveTextAsync(UkDate());
        await Expect(first.Locator("td").Nth(3)).ToHaveTextAsync("Waiting");
        await Expect(panel.GetByTestId("next-letter-from")).ToContainTextAsync("or once the reply to letter 1 is recorded");

        // No reply: recorded with a note, then letter 2.
        await page.FillAsync("#ne-reply-note", "No reply by email or phone");
        await panel.GetByRole(AriaRole.Button, new() { Name = "No reply received" }).ClickAsync();
        await Expect(first.Locator("td").Nth(3)).ToHaveTextAsync("No reply");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Preview letter 2" }).ClickAsync();
        await Expect(page.GetByTestId("ne-letter-preview")).ToContainTextAsync("meet you");
        await page.GetByTestId("ne-confirm").GetByRole(AriaRole.Button, new() { Name = "Send letter 2" }).ClickAsync();
        await Expect(panel.GetByTestId("non-engagement-letter")).ToHaveCountAsync(2);
        await Expect(panel.GetByTestId("non-engagement-summary")).ToContainTextAsync("2 non-engagement letters have been sent, 0 replies received");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "manager-non-engagement.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager non-engagement panel");

        // The RO sees the pathway, and that it has not reached the fourth letter.
        var ro = await server.NewPageAsync();
        await WebUiTests.SignInAsync(ro, "ro", "Caseload");
        await ro.GotoAsync($"/doctors/{doctorId}");
        await Expect(ro.GetByTestId("non-engagement-summary")).ToHaveTextAsync(
            "2 non-engagement letters have been sent, 0 replies received; no episode has reached the fourth letter or been escalated to the responsible officer.",
            new() { Timeout = 30_000 });
        await Expect(ro.GetByTestId("non-engagement-letter")).ToHaveCountAsync(2);

        // On the non-engagement recommendation, beside "local processes exhausted": the letters, and a warning (H58).
        await ro.CheckAsync("#type-NonEngagement");
        var note = ro.GetByTestId("ne-criterion-note");
        await Expect(note).ToContainTextAsync("no episode has reached the fourth letter");
        await Expect(note).ToContainTextAsync("Letter 2 sent on");
        await Expect(note).ToContainTextAsync("Before you confirm that all reasonable local processes have been exhausted");
        await WebUiTests.AssertNoSeriousViolationsAsync(ro, "RO non-engagement recommendation with the pathway");
    }

    [Fact]
    public async Task Admin_LetterTemplate_WithAMisspeltPlaceholder_IsRefusedOnTheField_AndAPreviewShowsUkDates()
    {
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "admin", "Administration");
        var panel = page.GetByTestId("letter-templates");
        await Expect(panel.Locator("#letter-subject")).Not.ToHaveValueAsync("", new() { Timeout = 30_000 });
        await page.SelectOptionAsync("#letter-step", "3");
        await page.FillAsync("#letter-body", "Dear colleague, please reply by {reply-by date}.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("'{reply-by date}' is not a placeholder");
        await Expect(page.GetByTestId("letter-template-preview")).ToHaveCountAsync(0);

        await page.FillAsync("#letter-body", "Dear colleague, please reply by {reply by date}.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByTestId("letter-template-preview")).ToContainTextAsync(new Regex(@"please reply by \d{1,2} [A-Z][a-z]+ \d{4}\."));
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "admin letter templates");
    }

    private async Task<string> PickDoctorAsync()
    {
        // Under notice (so the RO may recommend) with nothing open; the last such, as other tests take the first.
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue", "on-hold"];
        var me = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString();
        return rows.Select(r => (Id: r.GetProperty("doctorId").GetString()!, Tags: r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList()))
            .Last(r => r.Id != me && !r.Tags.Any(t => excluded.Contains(t))).Id;
    }
}
