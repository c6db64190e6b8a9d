using System.Text;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The product as a person uses it: the real Server and its demo data, the Blazor UI in headless Chromium.
/// Each test has its own browser context, so its own sign-in.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WebUiTests(ServerFixture server)
{
    public static TheoryData<string, string, string> Personas => new()
    {
        { "doctor", "My revalidation", "doctor-my-revalidation" },
        { "appraiser", "Allocated doctors", "appraiser-allocated-doctors" },
        { "ro", "Caseload", "ro-caseload" },
        { "manager", "Caseload", "manager-caseload" },
        { "md", "Compliance", "md-compliance" },
        { "admin", "Administration", "admin" },
    };

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task SignIn_AsEachPersona_OpensTheirStartPageWithoutSeriousAccessibilityViolations(string persona, string heading, string screenshot)
    {
        var page = await server.NewPageAsync();
        await SignInAsync(page, persona, heading);
        await Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("organisation")).ToBeVisibleAsync();
        await WaitForContentAsync(page, persona);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, screenshot + ".png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, heading);

        // The UI runs under the Server's Content-Security-Policy (README "Security") without a single refusal.
        Assert.Empty(server.CspViolations());
    }

    [Fact]
    public async Task SignInPage_HasNoSeriousAccessibilityViolations()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("button[data-persona=doctor]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "sign-in.png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, "sign-in");
    }

    [Fact]
    public async Task MyRevalidation_OnAPhone_ShowsRsdChecklistAndWhatIsMissing()
    {
        var page = await server.NewPageAsync(390, 844);
        await SignInAsync(page, "doctor", "My revalidation");
        await Expect(page.GetByTestId("rsd")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("under-notice")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("checklist")).ToContainTextAsync("Missing:");
        await Expect(page.GetByTestId("gaps")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "doctor-phone.png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, "my revalidation (phone)");
    }

    [Fact]
    public async Task Evidence_DoctorUploadsAPdf_SeesItListed()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(page, "doctor", "My revalidation");
        await page.GetByRole(AriaRole.Link, new() { Name = "Evidence", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Evidence");
        await page.SelectOptionAsync("#type", "ContinuingProfessionalDevelopment");
        await page.FillAsync("#title", "Resuscitation update course");
        // The NHS date input: day, month and year boxes, each labelled within the question's fieldset.
        var date = page.GetByRole(AriaRole.Group, new() { Name = "Date of the activity" });
        await date.GetByLabel("Day").FillAsync("1");
        await date.GetByLabel("Month").FillAsync("10");
        await date.GetByLabel("Year").FillAsync("2026");
        await page.FillAsync("#cpdCredits", "6");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "resus-course.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();

        await Expect(page.GetByTestId("evidence-notice")).ToContainTextAsync("Added: Resuscitation update course");
        await Expect(page.GetByTestId("evidence-table")).ToContainTextAsync("resus-course.pdf");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "doctor-evidence.png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, "evidence");
    }

    [Fact]
    public async Task Evidence_InvalidFile_ShowsTheErrorSummaryAndSavesNothing()
    {
        var me = await server.GetJsonAsync("doctor", "api/me");
        var doctorId = me.GetProperty("doctorId").GetString();
        var before = (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}/evidence")).GetArrayLength();

        var page = await server.NewPageAsync();
        await SignInAsync(page, "doctor", "My revalidation");
        await page.GotoAsync("/evidence");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Evidence");
        await page.SelectOptionAsync("#type", "SignificantEvents");
        await page.FillAsync("#title", "Not really a PDF");
        await page.FillAsync("#activityDate", "2026-09-01");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "program.pdf", MimeType = "application/pdf", Buffer = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();

        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync("There is a problem");
        await Expect(summary).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "doctor-evidence-error.png"), FullPage = true });
        var after = (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}/evidence")).GetArrayLength();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Recommendation_DeferralOutOfBounds_IsRefused_ThenAValidOneIsSubmittedAndAudited()
    {
        var (doctorId, rsd) = await PickDoctorForDeferralAsync();
        var page = await server.NewPageAsync();
        await SignInAsync(page, "ro", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("recommendation-panel")).ToBeVisibleAsync();

        await page.CheckAsync("#type-Defer");
        await page.SelectOptionAsync("#deferralReason", "InsufficientEvidence");
        await page.SelectOptionAsync("#deferralSubReason", "PatientFeedback");
        await page.FillAsync("#proposedRsd", rsd.AddDays(10).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("The proposed new submission date must be between");
        var unchanged = await server.GetJsonAsync("ro", $"api/doctors/{doctorId}");
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("openRecommendation").ValueKind);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-deferral-error.png"), FullPage = true });

        await page.FillAsync("#proposedRsd", rsd.AddDays(90).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByTestId("confirm-summary")).ToContainTextAsync("Defer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();

        await Expect(page.GetByTestId("recommendation-success")).ToContainTextAsync("Defer recommendation submitted to the GMC");
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("Defer recommendation submitted to the GMC");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-doctor.png"), FullPage = true });
        await AssertNoSeriousViolationsAsync(page, "RO doctor view");

        var saved = await server.GetJsonAsync("ro", $"api/doctors/{doctorId}");
        var open = saved.GetProperty("openRecommendation");
        Assert.Equal("Submitted", open.GetProperty("status").GetString());
        Assert.Equal(rsd.AddDays(90).ToString("yyyy-MM-dd"), open.GetProperty("proposedRsd").GetString());
    }

    [Fact]
    public async Task Caseload_SearchSortAndFilter_AskTheServer()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(page, "ro", "Caseload");
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync("doctors");
        await page.SelectOptionAsync("#tag", "under-notice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var expected = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=1")).GetProperty("total").GetInt32();
        await Expect(page.GetByTestId("caseload-count")).ToContainTextAsync($"{expected} doctors");
        await page.GetByRole(AriaRole.Button, new() { Name = "Doctor" }).ClickAsync();
        await Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Doctor");
    }

    [Fact]
    public async Task Compliance_MedicalDirectorDownloadsTheCsvAndTheWorkbook()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(page, "md", "Compliance");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path, Encoding.UTF8);
        Assert.StartsWith("Department,Doctors,Under notice", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("All departments", csv, StringComparison.Ordinal);

        var excel = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", excel.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await excel.PathAsync());
        Assert.Equal("PK"u8.ToArray(), bytes[..2]); // a zip package: the workbook
    }

    [Fact]
    public async Task UnknownApiPath_IsAProblem_NotTheSpaPage()
    {
        var response = await server.Http.GetAsync("api/no-such-thing");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var spa = await server.Http.GetAsync("caseload");
        Assert.Equal("text/html", spa.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(string DoctorId, DateOnly Rsd)> PickDoctorForDeferralAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        var row = rows.First(r => !r.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString()))
            && r.GetProperty("givenName").GetString() != "Fiona");
        return (row.GetProperty("doctorId").GetString()!, DateOnly.Parse(row.GetProperty("rsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    internal static async Task SignInAsync(IPage page, string persona, string heading)
    {
        await page.GotoAsync("/");
        await page.Locator($"button[data-persona={persona}]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
    }

    private static async Task WaitForContentAsync(IPage page, string persona)
    {
        var marker = persona switch
        {
            "doctor" => page.GetByTestId("checklist"),
            "appraiser" => page.GetByTestId("allocated-table"),
            "ro" or "manager" => page.GetByTestId("caseload-table"),
            "md" => page.GetByTestId("department-table"),
            _ => page.GetByTestId("admin-audit-table"),
        };
        await Expect(marker).ToBeVisibleAsync();
    }

    internal static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on {screen}:\n{string.Join("\n", serious)}");
    }

    private static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
}
