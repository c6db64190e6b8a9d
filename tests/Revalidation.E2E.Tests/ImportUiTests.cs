using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 16, item 6: the admin imports appraisal records from the appraisal toolkit: the check shows what each line would
/// do and why a bad line is refused (nothing changes yet), "Import the good lines" applies the rest with a focused
/// outcome, and the RO sees the imported appraisal on the doctor's record.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ImportUiTests(ServerFixture server)
{
    /// <summary>Demo doctor 38 (Dr Sofia Chen), whom no other browser test changes; 2019/20 is before any of the demo's records.</summary>
    private const string GmcNumber = "7393003";

    [Fact]
    public async Task Admin_ChecksAFileWithABadLine_SeesTheReason_ImportsTheGoodLine_AndTheRoSeesTheAppraisal()
    {
        var admin = await server.NewPageAsync();
        await WebUiTests.SignInAsync(admin, "admin", "Administration");
        var csv = "gmc_number,appraisal_year,meeting_date,signed_off_date,appraiser_name,appraiser_gmc_number,pdp_agreed,statements\n"
            + $"{GmcNumber},2019/20,14/06/2019,28/06/2019,Dr Helen Price,7654321,yes,Supporting information reviewed\n"
            + $"{GmcNumber},2018/19,31/02/2019,,Dr Helen Price,,yes,\n";
        await admin.SetInputFilesAsync("#importFile", new FilePayload { Name = "toolkit-appraisals.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await admin.GetByTestId("toolkit-import-check").ClickAsync();

        var report = admin.GetByTestId("toolkit-import-report");
        await Expect(report).ToContainTextAsync("What importing toolkit-appraisals.csv would do: nothing has changed yet");
        await Expect(admin.GetByTestId("toolkit-import-line-2")).ToContainTextAsync("New appraisal 2019/20 for Dr Sofia Chen: meeting 14 June 2019, signed off 28 June 2019.");
        await Expect(admin.GetByTestId("toolkit-import-line-3")).ToContainTextAsync("Refused Meeting date: '31/02/2019' is not a real date: write it as dd/mm/yyyy or yyyy-mm-dd.");
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin toolkit import preview");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Import the good lines" }).ClickAsync();

        var notice = admin.GetByTestId("toolkit-import-notice");
        await Expect(notice).ToContainTextAsync("toolkit-appraisals.csv imported: 1 added, 0 updated, 0 already the same, 1 refused.");
        await Expect(notice).ToBeFocusedAsync();
        await Expect(report).ToContainTextAsync("What importing toolkit-appraisals.csv did");
        await Expect(admin.GetByTestId("toolkit-import-apply")).ToHaveCountAsync(0);
        await WebUiTests.AssertNoSeriousViolationsAsync(admin, "admin toolkit import applied");

        var doctors = await server.GetJsonAsync("admin", $"api/admin/doctors?q={GmcNumber}");
        var doctorId = doctors.EnumerateArray().Single(d => d.GetProperty("gmcNumber").GetString() == GmcNumber).GetProperty("id").GetString();
        var ro = await server.NewPageAsync();
        await WebUiTests.SignInAsync(ro, "ro", "Caseload");
        await ro.GotoAsync($"/doctors/{doctorId}");
        var row = ro.Locator("tbody tr", new() { HasText = "2019/20" }).Filter(new() { Has = ro.GetByTestId("appraisal-imported") });
        await Expect(row).ToContainTextAsync("14 June 2019");
        await Expect(row).ToContainTextAsync("28 June 2019");
        await Expect(row.GetByTestId("appraisal-imported")).ToHaveTextAsync("Imported from the appraisal toolkit (appraiser Dr Helen Price)");
        await WebUiTests.AssertNoSeriousViolationsAsync(ro, "doctor record with an imported appraisal");
    }
}
