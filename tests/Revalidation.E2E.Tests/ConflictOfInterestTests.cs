using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// R20 in the browser: the admin declares a conflict of interest between the body's responsible officer and a doctor,
/// naming an additional responsible officer; the body's RO is then refused a recommendation for that doctor, in plain words.
/// The demo sign-in issues one-role personas only and the Server runs as a child process, so a doctor who is also the RO
/// (a two-role token) cannot be made here; the own-record refusal is covered by the API and bUnit tests.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConflictOfInterestTests(ServerFixture server)
{
    [Fact]
    [Trait("Rule", "R20")]
    public async Task Admin_DeclaresAConflict_ThenOnlyTheAdditionalRoMayActOnTheDoctorsRecommendations()
    {
        var (doctorId, gmcNumber, rsd) = await PickDoctorAsync();
        try
        {
            var admin = await server.NewPageAsync();
            await admin.GotoAsync("/");
            await admin.Locator("button[data-persona=admin]").ClickAsync();
            await Expect(admin.Locator("h1")).ToHaveTextAsync("Administration");

            var form = admin.GetByTestId("conflict-form");
            await admin.FillAsync("#doctorSearch", gmcNumber);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#conflictDoctorId option")).ToHaveCountAsync(2);
            await admin.SelectOptionAsync("#conflictDoctorId", doctorId);
            await admin.CheckAsync("#conflict");
            await Expect(form.GetByTestId("additional-ro")).ToBeVisibleAsync();

            // The checks before the call name the field at fault.
            await admin.FillAsync("#aroName", "Dr Alex Other");
            await admin.FillAsync("#aroUserId", "e2e-additional-ro");
            await admin.FillAsync("#aroEmail", "alex.other@nhs.net");
            await admin.FillAsync("#aroGmcNumber", "76543");
            await form.GetByRole(AriaRole.Button, new() { Name = "Save conflict of interest" }).ClickAsync();
            var summary = admin.GetByTestId("error-summary");
            await Expect(summary).ToContainTextAsync("The GMC reference number is exactly 7 digits.");
            await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin conflict of interest error");

            await admin.FillAsync("#aroGmcNumber", "7654321");
            await form.GetByRole(AriaRole.Button, new() { Name = "Save conflict of interest" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Only Dr Alex Other" })).ToContainTextAsync("Only Dr Alex Other may now act on this doctor's recommendations.");
            await Expect(summary).ToHaveCountAsync(0);
            await admin.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "admin-conflict.png"), FullPage = true });
            await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin conflict of interest");

            // The body's RO tries to defer the doctor: refused, and told why.
            var ro = await server.NewPageAsync();
            await ro.GotoAsync("/");
            await ro.Locator("button[data-persona=ro]").ClickAsync();
            await Expect(ro.Locator("h1")).ToHaveTextAsync("Caseload");
            await ro.GotoAsync($"/doctors/{doctorId}");
            await Expect(ro.GetByTestId("recommendation-panel")).ToBeVisibleAsync();
            await ro.CheckAsync("#type-Defer");
            await ro.SelectOptionAsync("#deferralReason", "InsufficientEvidence");
            await ro.SelectOptionAsync("#deferralSubReason", "PatientFeedback");
            await ro.FillAsync("#proposedRsd", rsd.AddDays(90).ToString("yyyy-MM-dd"));
            await ro.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await Expect(ro.GetByTestId("confirm-summary")).ToContainTextAsync("Defer");
            await ro.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();

            var refused = ro.GetByTestId("error-summary");
            await Expect(refused).ToContainTextAsync("only the additional responsible officer may act on recommendations");
            await Expect(refused).Not.ToContainTextAsync("R20");
            await Expect(refused).ToBeFocusedAsync();
            await ro.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-conflict-refused.png"), FullPage = true });
            await WebUiTests.AssertNoSeriousViolationsAsync(ro, "RO refused for a conflict of interest");

            var unchanged = await server.GetJsonAsync("ro", $"api/doctors/{doctorId}");
            Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("openRecommendation").ValueKind);
        }
        finally
        {
            // Other tests share the demo data: the conflict is cleared again.
            using var clear = new HttpRequestMessage(HttpMethod.Put, $"api/doctors/{doctorId}/conflict") { Content = JsonContent.Create(new { conflict = false }) };
            clear.Headers.Authorization = new("Bearer", await server.TokenAsync("admin"));
            using var cleared = await server.Http.SendAsync(clear);
            cleared.EnsureSuccessStatusCode();
        }
    }

    /// <summary>A doctor under notice with nothing open or blocking a deferral, other than the ones other tests use.</summary>
    private async Task<(string DoctorId, string GmcNumber, DateOnly Rsd)> PickDoctorAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        var candidates = rows.Where(r => !r.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString()))
            && r.GetProperty("givenName").GetString() != "Fiona").ToList();

        // The last candidate, so the deferral test (which takes the first) keeps its doctor.
        var row = candidates[^1];
        var id = row.GetProperty("doctorId").GetString()!;
        var doctor = await server.GetJsonAsync("ro", $"api/doctors/{id}");
        return (id, doctor.GetProperty("gmcNumber").GetString()!, DateOnly.Parse(row.GetProperty("rsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
