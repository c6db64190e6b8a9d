using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// A Server configured with a 90-day notice window and deferral dates 30 to 200 days after the RSD (its RO reminders
/// within that window, docs/domain.md#alerts), as Revalidation:Rules in its environment.
/// </summary>
public sealed class ConfiguredRulesServerFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Revalidation__Rules__NoticeWindowDays"] = "90",
    ["Revalidation__Rules__DeferralMinDays"] = "30",
    ["Revalidation__Rules__DeferralMaxDays"] = "200",
    ["Revalidation__Rules__ResponsibleOfficerReminderDays__0"] = "90",
    ["Revalidation__Rules__ResponsibleOfficerReminderDays__1"] = "60",
    ["Revalidation__Rules__ResponsibleOfficerReminderDays__2"] = "30",
    ["Revalidation__Rules__ResponsibleOfficerReminderDays__3"] = "14",
});

/// <summary>Its own Server, run alone so two Servers and browsers do not share the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConfiguredRulesCollection : ICollectionFixture<ConfiguredRulesServerFixture>
{
    public const string Name = "Server with configured rules";
}

/// <summary>
/// Rules served, not copied (docs/decisions/0015-record-parts-write-path-ports.md): the browser shows and checks the
/// deferral bounds the Server is configured with (docs/domain.md#r8), not the compiled defaults (60 to 365 days).
/// </summary>
[Collection(ConfiguredRulesCollection.Name)]
public sealed class ServedRulesTests(ConfiguredRulesServerFixture server)
{
    [Fact]
    [Trait("Rule", "R8")]
    public async Task RecommendationForm_ShowsAndChecksTheConfiguredDeferralBounds()
    {
        var (doctorId, rsd) = await PickDoctorForDeferralAsync();
        var earliest = rsd.AddDays(30);
        var latest = rsd.AddDays(200);
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("button[data-persona=ro]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("recommendation-panel")).ToBeVisibleAsync();

        await page.CheckAsync("#type-Defer");
        await page.SelectOptionAsync("#deferralReason", "OngoingLocalProcess");

        await Expect(page.Locator("#proposedRsd-hint")).ToHaveTextAsync(
            $"Between {Date(earliest)} and {Date(latest)} (30 to 200 days after the current date of {Date(rsd)}).");

        // 250 days is within the default bounds but after the configured latest date.
        await page.FillAsync("#proposedRsd", Iso(rsd.AddDays(250)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByTestId("error-summary"))
            .ToContainTextAsync($"The proposed new submission date must be between {Date(earliest)} and {Date(latest)}.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-configured-deferral-error.png"), FullPage = true });

        // 40 days is before the default earliest (60) but within the configured bounds: the Server takes it.
        await page.FillAsync("#proposedRsd", Iso(rsd.AddDays(40)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByTestId("confirm-summary")).ToContainTextAsync(Date(rsd.AddDays(40)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();
        await Expect(page.GetByTestId("recommendation-success")).ToContainTextAsync("Defer recommendation submitted to the GMC");

        var saved = await server.GetJsonAsync("ro", $"api/doctors/{doctorId}");
        Assert.Equal(Iso(rsd.AddDays(40)), saved.GetProperty("openRecommendation").GetProperty("proposedRsd").GetString());
    }

    private async Task<(string DoctorId, DateOnly Rsd)> PickDoctorForDeferralAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        var row = rows.First(r => !r.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString()))
            && r.GetProperty("givenName").GetString() != "Fiona");
        var rsd = DateOnly.Parse(row.GetProperty("rsd").GetString()!, CultureInfo.InvariantCulture);
        var record = await server.GetJsonAsync("ro", $"api/doctors/{row.GetProperty("doctorId").GetString()}");
        Assert.True(record.GetProperty("cycle").GetProperty("daysToRsd").GetInt32() <= 90, "Under notice means within the configured 90 days.");
        Assert.Equal(JsonValueKind.Object, record.GetProperty("rules").GetProperty("deferral").ValueKind);
        return (row.GetProperty("doctorId").GetString()!, rsd);
    }

    private static string Date(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
