using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 15, item 3: the RO opens a doctor's evidence files from the record (titles alone cannot show whether the
/// evidence is enough), and the download is in the doctor's audit trail (issue 14, item 8).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RoEvidenceTests(ServerFixture server)
{
    [Fact]
    public async Task Ro_DownloadsADoctorsEvidenceFile_FromTheRecord_AndTheTrailShowsIt()
    {
        var (doctorId, item) = await DoctorWithAFileAsync();
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("button[data-persona=ro]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        var row = page.GetByTestId("ro-evidence").Locator("tr", new() { HasText = item.GetProperty("title").GetString()! });

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download") }).ClickAsync());

        Assert.Equal(item.GetProperty("fileName").GetString(), download.SuggestedFilename);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("Dr Alex Morgan, responsible officer", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("Evidence file downloaded: quality improvement activity");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "doctor record after an evidence download");
    }

    /// <summary>The doctor persona adds a PDF through the API (the demo's seeded evidence has no files), as the Evidence page would.</summary>
    private async Task<(string DoctorId, JsonElement Item)> DoctorWithAFileAsync()
    {
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        var title = $"Audit of sepsis screening {Guid.NewGuid():N}"[..36];
        using var form = new MultipartFormDataContent
        {
            { new StringContent("QualityImprovementActivity"), "type" },
            { new StringContent(title), "title" },
            { new StringContent(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "activityDate" },
        };
        var pdf = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Guid.NewGuid():N}\n" + "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        pdf.Headers.ContentType = new("application/pdf");
        form.Add(pdf, "file", "sepsis-audit.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{doctorId}/evidence") { Content = form };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync("doctor"));
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var added = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doctorId, added.RootElement.Clone());
    }
}
