using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 15, items 8 and 4 (hazards H43, H44): an action that cannot be undone asks first, naming exactly what will happen;
/// "No" changes nothing and gives focus back to the button; the outcome shows next to the thing acted on and takes focus
/// (never dropped to the page's body). A manual-route body is not offered "Send to the GMC" at all.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConfirmUiTests(ServerFixture server)
{
    /// <summary>How long a page may take to load its data on a busy machine (a wait, not an assertion about speed).</summary>
    private const int PageLoad = 30_000;

    [Fact]
    public async Task WithdrawEvidence_AsksFirst_NoKeepsIt_YesWithdrawsItAndFocusesTheNotification()
    {
        var (doctorId, id, title) = await AddEvidenceAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "doctor", "My revalidation");
        await page.GotoAsync("/evidence");
        await Expect(page.GetByTestId("evidence-table")).ToBeVisibleAsync(new() { Timeout = PageLoad });
        var row = page.GetByTestId("evidence-row").Filter(new() { HasText = title });
        var withdraw = row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Withdraw") });

        await withdraw.ClickAsync();
        var panel = page.GetByTestId("withdraw-confirm");
        await Expect(panel).ToContainTextAsync($"Withdraw ‘{title}’?");
        await Expect(panel).ToContainTextAsync("It will no longer count towards your appraisal. You cannot undo this.");
        await Expect(panel.Locator("h3")).ToBeFocusedAsync();
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "withdraw evidence confirm");

        await panel.GetByRole(AriaRole.Button, new() { Name = "No, keep it" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await Expect(withdraw).ToBeFocusedAsync();
        Assert.Equal(JsonValueKind.Null, (await ItemAsync(doctorId, id)).GetProperty("withdrawnOn").ValueKind);

        await withdraw.ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, withdraw it" }).ClickAsync();
        var notice = page.GetByTestId("withdraw-notice");
        await Expect(notice).ToContainTextAsync($"‘{title}’ is withdrawn.");
        await Expect(notice).ToHaveAttributeAsync("role", "status");
        await Expect(notice).ToBeFocusedAsync();
        Assert.Equal("withdraw-notice", await ActiveTestIdAsync(page));
        await Expect(row).ToContainTextAsync("Withdrawn");
        Assert.Equal(JsonValueKind.String, (await ItemAsync(doctorId, id)).GetProperty("withdrawnOn").ValueKind);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "doctor-evidence-withdrawn.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "evidence withdrawn");
    }

    [Fact]
    public async Task ResolveDataQualityIssue_AsksFirst_NoKeepsItOpen_YesResolvesItAndFocusesTheNotification()
    {
        const string gmcNumber = "9999993";
        await UploadGmcListWithAsync(server, gmcNumber);
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "admin", "Administration");
        var row = page.GetByTestId("issues-table").GetByTestId("issue-item").Filter(new() { HasText = gmcNumber });
        var resolve = row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Mark resolved") });

        await resolve.ClickAsync();
        var panel = page.GetByTestId("resolve-confirm");
        await Expect(panel).ToContainTextAsync("Mark ‘GMC: connected, not in the directory’ resolved?");
        await Expect(panel).ToContainTextAsync(gmcNumber);
        await Expect(panel).ToContainTextAsync("You cannot undo this.");
        await Expect(panel.Locator("h3")).ToBeFocusedAsync();
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "resolve issue confirm");

        await panel.GetByRole(AriaRole.Button, new() { Name = "No, keep it open" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await Expect(resolve).ToBeFocusedAsync();
        Assert.True(await IsOpenAsync(gmcNumber));

        // Issue 16, item 8 (H62): resolving needs a note saying why.
        await resolve.ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, mark it resolved" }).ClickAsync();
        await Expect(panel).ToContainTextAsync("Enter why the item is resolved.");
        Assert.True(await IsOpenAsync(gmcNumber));
        await panel.GetByLabel("Why is it resolved?").FillAsync("Removed the connection in GMC Connect");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, mark it resolved" }).ClickAsync();
        var notice = page.GetByTestId("resolve-notice");
        await Expect(notice).ToContainTextAsync($"Resolved: GMC: connected, not in the directory");
        await Expect(notice).ToBeFocusedAsync();
        Assert.Equal("resolve-notice", await ActiveTestIdAsync(page));
        await Expect(row).ToHaveCountAsync(0);
        Assert.False(await IsOpenAsync(gmcNumber));
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "issue resolved");
    }

    [Fact]
    public async Task ReplaceResponsibleOfficer_AsksFirstNamingBoth_NoKeepsThem_YesFocusesTheNotification()
    {
        var body = await server.GetJsonAsync("admin", "api/admin/designated-body");
        var current = body.GetProperty("responsibleOfficer");
        var name = current.GetProperty("name").GetString()!;
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "admin", "Administration");
        var assign = page.GetByRole(AriaRole.Button, new() { Name = "Assign responsible officer" });

        await page.FillAsync("#roUserId", "someone-else");
        await page.FillAsync("#roName", "Dr Sam Example");
        await assign.ClickAsync();
        var panel = page.GetByTestId("ro-confirm");
        await Expect(panel).ToContainTextAsync($"Replace {name} with Dr Sam Example as the responsible officer?");
        await Expect(panel).ToContainTextAsync($"Dr Sam Example will replace {name} as the responsible officer");
        await Expect(panel.Locator("h3")).ToBeFocusedAsync();
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "replace RO confirm");

        await panel.GetByRole(AriaRole.Button, new() { Name = $"No, keep {name}" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await Expect(assign).ToBeFocusedAsync();
        var unchanged = await server.GetJsonAsync("admin", "api/admin/designated-body");
        Assert.Equal(current.GetProperty("userId").GetString(), unchanged.GetProperty("responsibleOfficer").GetProperty("userId").GetString());

        // The same person assigned again (so other tests keep their RO): the outcome is next to the form, with focus on it.
        await page.FillAsync("#roUserId", current.GetProperty("userId").GetString()!);
        await page.FillAsync("#roName", name);
        await page.FillAsync("#roEmail", current.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String ? email.GetString()! : "");
        await page.FillAsync("#roGmcNumber", current.TryGetProperty("gmcNumber", out var gmc) && gmc.ValueKind == JsonValueKind.String ? gmc.GetString()! : "");
        await assign.ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, replace the responsible officer" }).ClickAsync();
        var notice = page.GetByTestId("ro-notice");
        await Expect(notice).ToContainTextAsync($"{name} is now the responsible officer.");
        await Expect(notice).ToBeFocusedAsync();
        Assert.Equal("ro-notice", await ActiveTestIdAsync(page));
    }

    [Fact]
    public async Task RecommendationPanel_FocusGoesToTheCheckHeadingAfterContinue_AndToTheConfirmationAfterSubmit()
    {
        var (doctorId, rsd) = await PickDoctorForDeferralAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "ro", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("recommendation-panel")).ToBeVisibleAsync(new() { Timeout = PageLoad });

        await page.CheckAsync("#type-Defer");
        await page.SelectOptionAsync("#deferralReason", "OngoingLocalProcess");
        await page.FillAsync("#proposedRsd", rsd.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        var check = page.Locator("#check-heading");
        await Expect(check).ToHaveTextAsync("Check your recommendation before you submit it");
        await Expect(check).ToBeFocusedAsync();
        Assert.NotEqual("BODY", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();
        var success = page.GetByTestId("recommendation-success");
        await Expect(success).ToContainTextAsync("Defer recommendation submitted to the GMC");
        await Expect(success).ToBeFocusedAsync();
        Assert.Equal("recommendation-success", await ActiveTestIdAsync(page));
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "recommendation submitted");
    }

    [Fact]
    public async Task GmcConnections_ManualRouteBody_OffersNoSendAndSaysWhatToDo()
    {
        const string gmcNumber = "9999992";
        await UploadGmcListWithAsync(server, gmcNumber);
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "ro", "Caseload");
        await page.GetByRole(AriaRole.Link, new() { Name = "GMC connections", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("GMC connections", new() { Timeout = PageLoad });
        await Expect(page.GetByTestId("gmc-discrepancies")).ToBeVisibleAsync(new() { Timeout = PageLoad });
        await Expect(page.GetByTestId("gmc-manual-route")).ToContainTextAsync("by hand, through GMC Connect");
        var row = page.GetByTestId("gmc-discrepancies").GetByTestId("issue-item").Filter(new() { HasText = gmcNumber });
        await Expect(row).ToContainTextAsync("Remove the connection in GMC Connect");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send to the GMC" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("gmc-discrepancies").GetByTestId("gmc-action")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-gmc-connections-manual.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "RO GMC connections (manual route)");
    }

    private static Task<string?> ActiveTestIdAsync(IPage page) => page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? null");

    private async Task<(string DoctorId, string Id, string Title)> AddEvidenceAsync()
    {
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        var title = $"Audit of sepsis screening {Guid.NewGuid():N}"[..34];
        using var form = new MultipartFormDataContent
        {
            { new StringContent("QualityImprovementActivity"), "type" },
            { new StringContent(title), "title" },
            { new StringContent(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "activityDate" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{doctorId}/evidence") { Content = form };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync("doctor"));
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var added = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doctorId, added.RootElement.GetProperty("id").GetString()!, title);
    }

    private async Task<JsonElement> ItemAsync(string doctorId, string id) =>
        (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}/evidence")).EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    private async Task<bool> IsOpenAsync(string gmcNumber) =>
        (await server.GetJsonAsync("admin", "api/admin/directory/issues?status=Open&limit=100")).EnumerateArray()
            .Any(i => i.GetProperty("detail").GetString()!.Contains(gmcNumber, StringComparison.Ordinal));

    /// <summary>
    /// The admin applies a GMC Connect list of every demo doctor (each with the investigation flag the record already has,
    /// so other tests see the same data) and one GMC number the directory does not know: a discrepancy of this test's own.
    /// </summary>
    internal static async Task UploadGmcListWithAsync(ServerFixture server, string unknownGmcNumber)
    {
        var csv = new StringBuilder("GMC Reference Number,Investigation\n");
        for (var pageNumber = 1; ; pageNumber++)
        {
            var result = await server.GetJsonAsync("ro", $"api/caseload?status=all&pageSize=500&page={pageNumber}");
            var items = result.GetProperty("items").EnumerateArray().ToList();
            foreach (var r in items)
            {
                var investigation = r.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "investigation");
                csv.Append(r.GetProperty("gmcNumber").GetString()).Append(',').Append(investigation ? "Yes" : "No").Append('\n');
            }

            if (items.Count < 500)
            {
                break;
            }
        }

        csv.Append(unknownGmcNumber).Append(",No\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/gmc/connected-doctors")
        {
            Content = new StringContent(csv.ToString(), Encoding.UTF8, new MediaTypeHeaderValue("text/csv")),
        };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync("admin"));
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(string DoctorId, DateOnly Rsd)> PickDoctorForDeferralAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        var row = rows.Last(r => !r.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString()))
            && r.GetProperty("givenName").GetString() != "Fiona");
        return (row.GetProperty("doctorId").GetString()!, DateOnly.Parse(row.GetProperty("rsd").GetString()!, CultureInfo.InvariantCulture));
    }
}
