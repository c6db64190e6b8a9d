using System.Globalization;
using System.Net;
using System.Text;
using Revalidation.Api.Audit;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 15, item 7 (hazard H42): the admin audit log searched by person (name or user id) and by doctor (name or GMC
/// number), paged with a total, in plain words, and exported as CSV with the same filters (audited, formula-safe).
/// </summary>
public sealed class AdminAuditSearchTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly DesignatedBodyCode Body = DesignatedBodyCode.Parse("1-DEMO01");

    [Fact]
    public async Task QueryAudit_ByPersonName_ReturnsThatPersonsEventsOnly()
    {
        var action = Unique();
        var ro = Event(null, new Actor(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer), action, "RO did it");
        var other = Event(null, new Actor(DemoSeeder.Appraiser.UserId, Roles.Appraiser), action, "Appraiser did it");
        await factory.AuditLog.AppendAuditAsync(Body, [ro, other]);
        using var admin = factory.Admin();

        var page = await PageAsync(admin, $"person={Uri.EscapeDataString("alex MORGAN")}&action={action}");

        var only = Assert.Single(page.Items);
        Assert.Equal(ro.Id, only.Id);
        Assert.Equal("Dr Alex Morgan, responsible officer", only.Who);
        Assert.Equal(1, page.Total);

        var all = await PageAsync(admin, $"person={Uri.EscapeDataString("Alex Morgan")}&pageSize=200");
        Assert.All(all.Items, e => Assert.Equal(DemoSeeder.ResponsibleOfficer.UserId, e.ActorId));
    }

    [Fact]
    public async Task QueryAudit_ByDoctorGmcNumberOrName_ReturnsThatDoctorsEventsOnly()
    {
        var doctors = await factory.Doctors.ListDoctorSummariesAsync(Body);
        var (x, y) = (doctors[0], doctors[1]);
        var action = Unique();
        var admin = new Actor("demo-admin", Roles.Admin);
        var ofX = Event(x.Id, admin, action, "About X");
        await factory.AuditLog.AppendAuditAsync(Body, [ofX, Event(y.Id, admin, action, "About Y")]);
        using var client = factory.Admin();

        var byGmc = await PageAsync(client, $"doctor={x.GmcNumber.Value}&action={action}");
        var byName = await PageAsync(client, $"q={Uri.EscapeDataString(x.FamilyName + ", " + x.GivenName)}&action={action}");

        Assert.Equal(ofX.Id, Assert.Single(byGmc.Items).Id);
        Assert.Equal(x.DisplayName, byGmc.Items[0].Doctor);
        Assert.Equal(ofX.Id, Assert.Single(byName.Items).Id);
    }

    [Fact]
    public async Task QueryAudit_WhenANameMatchesNobody_ReturnsAnEmptyPageWithATotalOfNought()
    {
        using var admin = factory.Admin();

        var page = await PageAsync(admin, "q=Nobody-by-this-name");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task QueryAudit_Paged_ReturnsEachEventOnceNewestFirstAndAnEmptyPagePastTheEnd()
    {
        var action = Unique();
        var start = factory.Time.GetUtcNow();
        var events = Enumerable.Range(0, 7)
            .Select(i => Event(null, new Actor("demo-admin", Roles.Admin), action, $"Event {i}", start.AddMinutes(i)))
            .ToList();
        await factory.AuditLog.AppendAuditAsync(Body, events);
        using var admin = factory.Admin();

        var pages = new List<AuditPage>();
        for (var p = 1; p <= 4; p++)
        {
            pages.Add(await PageAsync(admin, $"action={action}&pageSize=3&page={p}"));
        }

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal(events.Select(e => e.Id).Reverse(), pages.SelectMany(p => p.Items).Select(e => e.Id));
        Assert.Equal(3, pages[1].PageSize);
        Assert.Equal(2, pages[1].Page);
    }

    [Theory]
    [InlineData("audit", "page=0", "page")]
    [InlineData("audit", "pageSize=1000", "pageSize")]
    [InlineData("audit", "from=14%2F01%2F2027", "from")]
    [InlineData("audit.csv", "from=notadate", "from")]
    [InlineData("audit.csv", "doctorId=123", "doctorId")]
    public async Task AuditEndpoints_WhenAParameterIsInvalid_Return400NamingItAndAppendNothing(string path, string query, string field)
    {
        using var admin = factory.Admin();
        var before = await ExportsAsync();

        using var response = await admin.GetAsync($"/api/admin/{path}?{query}");

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        Assert.Equal(before, await ExportsAsync());
    }

    [Fact]
    public async Task QueryAudit_StoredRawWording_IsShownInPlainWordsWithUkDates()
    {
        var action = Unique();
        await factory.AuditLog.AppendAuditAsync(Body,
            [Event(null, new Actor("demo-admin", Roles.Admin), action, "GMC outcome by the web service: UnderReview; new cycle, RSD 2027-01-14 (estimated)")]);
        using var admin = factory.Admin();

        var page = await PageAsync(admin, $"action={action}");

        Assert.Equal("GMC outcome by the web service: under review; new cycle, revalidation date 14 January 2027 (estimated)", Assert.Single(page.Items).Summary);
    }

    [Fact]
    public async Task ExportAuditCsv_WritesTheFilteredRowsInWordsGuardsFormulasAndIsAudited()
    {
        var doctor = (await factory.Doctors.ListDoctorSummariesAsync(Body))[2];
        var action = Unique();
        var at = new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero);
        await factory.AuditLog.AppendAuditAsync(Body,
        [
            Event(doctor.Id, new Actor(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer), action, "=HYPERLINK(\"http://example.test\",\"x\")", at),
            Event(null, new Actor("demo-admin", Roles.Admin), action, "Plain, with a comma", at.AddMinutes(-1)),
        ]);
        using var admin = factory.Admin();
        var before = await ExportsAsync();

        using var response = await admin.GetAsync($"/api/admin/audit.csv?action={action}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("When,Who,Role,Doctor,GMC number,What", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            $"1 July 2026 09:30,\"Dr Alex Morgan, responsible officer\",responsible officer,{doctor.DisplayName},{doctor.GmcNumber.Value},\"'=HYPERLINK(\"\"http://example.test\"\",\"\"x\"\")\"",
            lines[1]);
        Assert.Equal("1 July 2026 09:29,demo-admin (revalidation admin),revalidation admin,,,\"Plain, with a comma\"", lines[2]);

        var exports = await factory.AuditLog.QueryAuditAsync(Body, new AuditQuery(Action: AdminAuditEndpoints.ExportedAction, Limit: 1000));
        Assert.Equal(before + 1, exports.Count);
        Assert.Equal("demo-admin", exports[0].ActorId);
        Assert.Contains(action, exports[0].Change, StringComparison.Ordinal);
        Assert.Equal($"Audit log exported (2 events; action {action})", exports[0].Summary);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 1234", "'+44 1234")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Safe text", "Safe text")]
    [InlineData("Says \"hi\"", "\"Says \"\"hi\"\"\"")]
    public void CsvRow_GuardsFormulaCellsAndQuotesWhatNeedsIt(string cell, string written)
    {
        Assert.Equal(written + "\r\n", AdminAuditEndpoints.Row(cell));
    }

    private async Task<int> ExportsAsync() =>
        (await factory.AuditLog.QueryAuditAsync(Body, new AuditQuery(Action: AdminAuditEndpoints.ExportedAction, Limit: 1000))).Count;

    private AuditEvent Event(Guid? doctorId, Actor actor, string action, string summary, DateTimeOffset? at = null) =>
        AuditEvent.Create(Body, doctorId, actor, action, summary, at ?? factory.Time.GetUtcNow());

    private static string Unique() => $"test.{Guid.NewGuid():N}";

    private static async Task<AuditPage> PageAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync($"/api/admin/audit?{query}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<AuditPage>();
    }
}
