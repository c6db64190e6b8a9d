using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// GMC Connect in the browser (docs/decisions/0013): the admin uploads the GMC Connect list (a bad line first, then a good
/// list), the discrepancies appear in the data-quality queue and on the RO's GMC connections page, and the RO's doctor
/// view shows what the GMC said. The demo body uses the manual route, so the RO is told before starting to make the change
/// in GMC Connect, and is offered no one-click change (issue 15, item 4).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GmcConnectTests(ServerFixture server)
{
    /// <summary>Not a GMC number of the demo data (all of which are listed from the caseload below).</summary>
    private const string UnknownGmcNumber = "9999991";

    [Fact]
    public async Task Admin_UploadsABadThenAGoodGmcList_AndTheRoSeesTheDiscrepancyAndTheGmcFacts()
    {
        var doctors = await AllDoctorsAsync();
        Assert.DoesNotContain(doctors, d => d.GmcNumber == UnknownGmcNumber);

        var admin = await server.NewPageAsync();
        await WebUiTests.SignInAsync(admin, "admin", "Administration");
        await Expect(admin.GetByTestId("gmc-upload-form")).ToBeVisibleAsync();

        await admin.SetInputFilesAsync("#gmcFile", Csv("GMC Reference Number,Investigation\n1234567,No\n12345,No\n"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check the list" }).ClickAsync();
        var summary = admin.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("Line 3: The GMC number must be exactly 7 digits");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(admin.GetByTestId("gmc-upload-result")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "admin-gmc-upload-error.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin GMC upload error");

        // Every demo doctor, each with the investigation flag the record already has (so other tests see the same data), and one the directory does not know.
        var csv = new StringBuilder("GMC Reference Number,Investigation\n");
        foreach (var d in doctors)
        {
            csv.Append(d.GmcNumber).Append(',').Append(d.Investigation ? "Yes" : "No").Append('\n');
        }

        csv.Append(UnknownGmcNumber).Append(",No\n");
        await admin.SetInputFilesAsync("#gmcFile", Csv(csv.ToString()));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check the list" }).ClickAsync();

        // Issue 14, item 2: checked first (who it would change, nothing applied), then applied.
        var preview = admin.GetByTestId("gmc-preview");
        await Expect(preview).ToContainTextAsync("nothing has changed yet");
        await Expect(preview.GetByTestId("gmc-preview-changes")).ToContainTextAsync(UnknownGmcNumber);
        await Expect(admin.GetByTestId("gmc-upload-result")).ToHaveCountAsync(0);
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin GMC list check");
        await admin.GetByTestId("gmc-apply").ClickAsync();
        await Expect(admin.GetByTestId("gmc-upload-result").Locator(".nhsuk-summary-list__row", new() { HasText = "Doctors in the list" }))
            .ToContainTextAsync((doctors.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(admin.GetByTestId("gmc-upload-result").Locator(".nhsuk-summary-list__row", new() { HasText = "Connected, not in the directory" })).ToContainTextAsync("1");
        await Expect(admin.GetByTestId("error-summary")).ToHaveCountAsync(0);
        await Expect(admin.GetByTestId("issues-table")).ToContainTextAsync("GMC: connected, not in the directory");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "admin-gmc-upload.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin GMC upload");

        var ro = await server.NewPageAsync();
        await WebUiTests.SignInAsync(ro, "ro", "Caseload");
        await ro.GetByRole(AriaRole.Link, new() { Name = "GMC connections", Exact = true }).First.ClickAsync();
        await Expect(ro.Locator("h1")).ToHaveTextAsync("GMC connections");
        var table = ro.GetByTestId("gmc-discrepancies");
        await Expect(table).ToContainTextAsync(UnknownGmcNumber);
        var row = table.GetByTestId("issue-item").Filter(new() { HasText = UnknownGmcNumber });
        await Expect(row).ToContainTextAsync("Remove the connection in GMC Connect");
        await Expect(row.GetByTestId("gmc-action")).ToHaveCountAsync(0);
        await Expect(ro.GetByTestId("gmc-manual-route")).ToContainTextAsync("make the change in GMC Connect");
        await ro.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-gmc-connections.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(ro, "RO GMC connections");

        var doctor = doctors.First(d => !d.Leaver);
        await ro.GotoAsync($"/doctors/{doctor.Id}");
        await Expect(ro.GetByTestId("gmc-facts")).ToContainTextAsync("Connected to your body", new() { Timeout = 30_000 });
        await WebUiTests.AssertNoSeriousViolationsAsync(ro, "RO doctor view with GMC facts");
    }

    private async Task<List<(string Id, string GmcNumber, bool Investigation, bool Leaver)>> AllDoctorsAsync()
    {
        var doctors = new List<(string, string, bool, bool)>();
        for (var page = 1; ; page++)
        {
            var result = await server.GetJsonAsync("ro", $"api/caseload?status=all&pageSize=500&page={page}");
            var items = result.GetProperty("items").EnumerateArray().ToList();
            foreach (var r in items)
            {
                var tags = r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
                doctors.Add((r.GetProperty("doctorId").GetString()!, r.GetProperty("gmcNumber").GetString()!, tags.Contains("investigation"), r.GetProperty("status").GetString() == "Leaver"));
            }

            if (items.Count == 0 || doctors.Count >= result.GetProperty("total").GetInt32())
            {
                return doctors;
            }
        }
    }

    private static FilePayload Csv(string text) => new() { Name = "gmc-connect.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };
}
