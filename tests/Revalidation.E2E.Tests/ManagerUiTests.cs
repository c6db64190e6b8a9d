using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, items 1 and 2: the revalidation manager prepares a recommendation and marks it ready; the RO sees who
/// prepared it, decides and submits; decision notes reach the RO team only; the submitted recommendation's R7 snapshot
/// is shown as history on the doctor's page.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ManagerUiTests(ServerFixture server)
{
    [Fact]
    public async Task Manager_PreparesAndMarksReady_TheRoSeesItAndTheNote_SubmitsIt_AndTheHistoryShowsIt()
    {
        var doctorId = await PickReadyDoctorAsync();
        var note = $"Checked the last appraisal summary with the appraiser {Guid.NewGuid():N}"[..64];

        // The manager: drafts, marks ready, adds a note; no submit button for them.
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("recommendation-panel")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.CheckAsync("#type-Revalidate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator("#check-heading")).ToContainTextAsync("mark it ready for the responsible officer");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" })).ToHaveCountAsync(0);
        await page.GetByTestId("mark-ready").ClickAsync();
        await Expect(page.GetByTestId("ready-for-ro")).ToContainTextAsync("Prepared by Jo Clarke, ready for the responsible officer.");
        await page.FillAsync("#note-text", note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.GetByTestId("note-list")).ToContainTextAsync(note);
        await Expect(page.GetByTestId("note-list")).ToContainTextAsync("Jo Clarke, revalidation manager");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "manager-doctor.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "manager doctor view");

        // The RO: sees it prepared and ready, and the note; decides and submits.
        var ro = await server.NewPageAsync();
        await WebUiTests.SignInAsync(ro, "ro", "Caseload");
        await ro.GotoAsync($"/doctors/{doctorId}");
        await Expect(ro.GetByTestId("ready-for-ro")).ToContainTextAsync("Prepared by Jo Clarke, ready for you.", new() { Timeout = 30_000 });
        await Expect(ro.GetByTestId("note-list")).ToContainTextAsync(note);
        await ro.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        foreach (var box in await ro.Locator("#statements input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }

        await ro.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();
        await Expect(ro.GetByTestId("recommendation-success")).ToContainTextAsync("Revalidate recommendation submitted");
        var history = ro.GetByTestId("recommendation-history");
        await Expect(history).ToContainTextAsync("Recommendation to revalidate, submitted on");
        await Expect(history).ToContainTextAsync("Dr Alex Morgan, GMC number 4000001");
        await Expect(history).ToContainTextAsync("Ready: nothing was missing.");
        await Expect(history).ToContainTextAsync("The GMC's statements for a recommendation to revalidate.");
        await Expect(history).Not.ToContainTextAsync("UnderReview");
        await Expect(ro.GetByTestId("ready-for-ro")).ToHaveCountAsync(0);
        await ro.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-doctor-history.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(ro, "RO doctor view with history");

        // The manager sees the same history.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("recommendation-history")).ToContainTextAsync("Dr Alex Morgan, GMC number 4000001", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task ManagersNote_OnTheDoctorPersona_IsNotSeenByTheDoctor()
    {
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        var note = $"Private to the RO team {Guid.NewGuid():N}";
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{doctorId}/notes") { Content = JsonContent.Create(new { text = note }) })
        {
            request.Headers.Authorization = new("Bearer", await server.TokenAsync("manager"));
            using var added = await server.Http.SendAsync(request);
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        // The RO team sees it on the record.
        var ro = await server.NewPageAsync();
        await WebUiTests.SignInAsync(ro, "ro", "Caseload");
        await ro.GotoAsync($"/doctors/{doctorId}");
        await Expect(ro.GetByTestId("note-list")).ToContainTextAsync(note, new() { Timeout = 30_000 });

        // The doctor does not, on any of their screens, nor through the API.
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "doctor", "My revalidation");
        await Expect(page.GetByTestId("checklist")).ToBeVisibleAsync();
        Assert.DoesNotContain(note, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.Locator("h1")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.DoesNotContain(note, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        using var forDoctor = new HttpRequestMessage(HttpMethod.Get, $"api/doctors/{doctorId}/notes");
        forDoctor.Headers.Authorization = new("Bearer", await server.TokenAsync("doctor"));
        using var refused = await server.Http.SendAsync(forDoctor);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(note, (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}")).GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 16, item 5: the manager runs appraisal administration on the doctor's page (the due month, a postponement) but
    /// not the RO's facts (the investigation and local-process flags, the GMC's date, the cycle start, patient feedback).
    /// </summary>
    [Fact]
    [Trait("Rule", "R14")]
    public async Task Manager_ChangesTheDueMonth_ButSeesNoneOfTheRosFlags()
    {
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        var before = (await server.GetJsonAsync("ro", $"api/doctors/{doctorId}")).GetProperty("appraisalDueMonth").GetInt32();
        var month = before == 10 ? 11 : 10;
        var name = month == 10 ? "October" : "November";

        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "manager", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("record-facts")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#record-facts-heading")).ToHaveTextAsync("Appraisal administration");
        await Expect(page.GetByTestId("flags-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("rsd-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("cycle-start-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("patient-feedback-form")).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#appraisalDueMonth", month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save due month" }).ClickAsync();
        await Expect(page.GetByTestId("record-facts-notice")).ToContainTextAsync($"Appraisal due month set to {name}.");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraisal administration (manager)");
        Assert.Equal(month, (await server.GetJsonAsync("ro", $"api/doctors/{doctorId}")).GetProperty("appraisalDueMonth").GetInt32());

        // Put it back for the other tests on this Server.
        await page.SelectOptionAsync("#appraisalDueMonth", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save due month" }).ClickAsync();
        await Expect(page.GetByTestId("record-facts-notice")).ToContainTextAsync($"Appraisal due month set to {new DateOnly(2000, before, 1).ToString("MMMM", System.Globalization.CultureInfo.InvariantCulture)}.");
        Assert.Equal(before, (await server.GetJsonAsync("ro", $"api/doctors/{doctorId}")).GetProperty("appraisalDueMonth").GetInt32());
    }

    /// <summary>A doctor under notice with nothing missing, a confirmed date and no open recommendation (from the top: other tests pick from the bottom).</summary>
    private async Task<string> PickReadyDoctorAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        var me = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString();
        foreach (var row in rows)
        {
            var id = row.GetProperty("doctorId").GetString()!;
            if (id == me || row.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString())) || row.GetProperty("gapCount").GetInt32() != 0)
            {
                continue;
            }

            var record = await server.GetJsonAsync("ro", $"api/doctors/{id}");
            var rules = record.GetProperty("rules");
            if (rules.GetProperty("rsdConfirmed").GetBoolean() && !rules.GetProperty("revalidationOnHold").GetBoolean()
                && record.GetProperty("openRecommendation").ValueKind == JsonValueKind.Null && record.GetProperty("readiness").GetProperty("ready").GetBoolean())
            {
                return id;
            }
        }

        throw new InvalidOperationException("The demo data has no ready doctor under notice without an open recommendation.");
    }
}
