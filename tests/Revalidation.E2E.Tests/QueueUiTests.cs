using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 8 (hazards H61, H62): the revalidation manager works the data-quality queue on the Data quality page:
/// takes an item, adds a note, hides it until a date (the queue says "1 hidden"), finds it among the hidden ones with its
/// history, and resolves it with a note saying why.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class QueueUiTests(ServerFixture server)
{
    private const int PageLoad = 30_000;

    [Fact]
    public async Task Manager_AssignsToSelf_AddsANote_HidesUntilADate_SeesOneHidden_AndResolvesWithANote()
    {
        const string gmcNumber = "9999981";
        await ConfirmUiTests.UploadGmcListWithAsync(server, gmcNumber);
        var note = $"Asked the medical staffing team to check {Guid.NewGuid():N}"[..60];
        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        var ukUntil = until.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GetByRole(AriaRole.Link, new() { Name = "Data quality", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Data quality", new() { Timeout = PageLoad });
        var queue = page.GetByTestId("data-quality-queue");
        var item = queue.GetByTestId("issue-item").Filter(new() { HasText = gmcNumber });
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = PageLoad });
        await Expect(item.GetByTestId("issue-owner")).ToHaveTextAsync("Nobody yet");

        // Assign to me.
        await item.GetByRole(AriaRole.Button, new() { NameRegex = new("^Assign to me") }).ClickAsync();
        await Expect(item.GetByTestId("issue-owner")).ToHaveTextAsync("Jo Clarke");
        await Expect(item.GetByRole(AriaRole.Button, new() { NameRegex = new("^Assign to me") })).ToHaveCountAsync(0);
        await queue.GetByLabel("Mine").CheckAsync();
        await Expect(item).ToHaveCountAsync(1);

        // A note: an empty one is refused at the field, then the note is kept.
        await item.GetByText("Add a note", new() { Exact = true }).ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(item).ToContainTextAsync("Enter a note.");
        await item.GetByLabel("Note", new() { Exact = true }).FillAsync(note);
        await item.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.GetByTestId("resolve-notice")).ToContainTextAsync("Note added to");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager data-quality queue");

        // Hide until a date: it leaves the list, and the queue says how many are hidden.
        await item.GetByText("Hide until a date", new() { Exact = true }).ClickAsync();
        await item.GetByLabel("Day").FillAsync(until.Day.ToString(CultureInfo.InvariantCulture));
        await item.GetByLabel("Month").FillAsync(until.Month.ToString(CultureInfo.InvariantCulture));
        await item.GetByLabel("Year").FillAsync(until.Year.ToString(CultureInfo.InvariantCulture));
        await item.GetByLabel("Year").PressAsync("Tab");
        await item.GetByRole(AriaRole.Button, new() { Name = "Hide", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("resolve-notice")).ToContainTextAsync($"is hidden until {ukUntil}.");
        await Expect(item).ToHaveCountAsync(0);
        await Expect(queue.GetByTestId("issue-counts")).ToContainTextAsync("1 hidden");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "manager-data-quality.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager data-quality queue, one hidden");

        // Among the hidden ones: the date, and the history of who did what.
        await queue.GetByLabel("Show only the hidden items").CheckAsync();
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByTestId("issue-hidden-until")).ToHaveTextAsync(ukUntil);
        var history = item.GetByTestId("issue-history");
        await history.GetByText("History", new() { Exact = true }).ClickAsync();
        await Expect(history).ToContainTextAsync("Jo Clarke took it.");
        await Expect(history).ToContainTextAsync($"Note by Jo Clarke: {note}");
        await Expect(history).ToContainTextAsync($"Jo Clarke hid it until {ukUntil}.");
        await Expect(history).Not.ToContainTextAsync("T00:00");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager data-quality hidden item history");

        // Resolve: a note is needed, then it leaves the queue and the count.
        var resolveButton = item.GetByRole(AriaRole.Button, new() { NameRegex = new("^Mark resolved") });
        var issueId = (await resolveButton.GetAttributeAsync("id"))!["resolve-".Length..];
        await resolveButton.ClickAsync();
        var panel = page.GetByTestId("resolve-confirm");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, mark it resolved" }).ClickAsync();
        await Expect(panel).ToContainTextAsync("Enter why the item is resolved.");
        await panel.GetByLabel("Why is it resolved?").FillAsync("The doctor's connection was removed in GMC Connect");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, mark it resolved" }).ClickAsync();
        await Expect(page.GetByTestId("resolve-notice")).ToContainTextAsync("Resolved: GMC: connected, not in the directory");
        await Expect(item).ToHaveCountAsync(0);
        await Expect(queue.GetByTestId("issue-counts")).ToContainTextAsync("0 hidden");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager data-quality resolved");

        var resolved = await server.GetJsonAsync("manager", $"api/admin/directory/issues/{issueId}");
        Assert.Equal(("Resolved", "The doctor's connection was removed in GMC Connect"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("resolutionNote").GetString()));
    }
}
