using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Contracts;
using Revalidation.Core.DirectorySync;
using Revalidation.Server.Demo;
using DataQualityIssueKind = Revalidation.Core.DirectorySync.DataQualityIssueKind;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, item 8: queues a team can work. Data-quality and GMC-discrepancy items get an owner, notes, a "hide until"
/// date that comes back by itself (on the date, and when the doctor's connection changes: H61) and a history; resolving
/// needs a note (H62). Bad input names the field and changes nothing.
/// </summary>
public sealed class QueueWorkTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Issues = "/api/admin/directory/issues";

    private IDirectorySyncStore Store => factory.Services.GetRequiredService<IDirectorySyncStore>();

    private HttpClient Manager() => factory.ClientAs(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager);

    [Fact]
    public async Task Hide_LeavesTheItemOutOfTheDefaultList_ListsItAsHidden_AndItComesBackByItselfOnTheDate()
    {
        // Its own Server: the clock moves on ten days.
        await using var fresh = new ApiFactory();
        var issue = DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, DataQualityIssueKind.DuplicateGmcNumber, "person-hidden", null,
            "GMC number 7000001 is taken", "line 9", fresh.Time.GetUtcNow(), null);
        await fresh.Services.GetRequiredService<IDirectorySyncStore>().RaiseIssuesAsync([issue]);
        HttpClient Manager() => fresh.ClientAs(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager);
        using var manager = Manager();
        var until = fresh.Today.AddDays(10);

        var hidden = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/hide", new { until }, TestJson.Options);

        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        var item = (await hidden.Content.ReadFromJsonAsync<DataQualityIssueResponse>(TestJson.Options))!;
        Assert.Equal((true, until), (item.Hidden, item.HiddenUntil));
        Assert.Equal((IssueHistoryKind.Hidden, until), (item.History![^1].Kind, item.History[^1].Until));
        Assert.DoesNotContain(await ListAsync(manager, Issues + "?limit=1000"), i => i.Id == issue.Id);
        Assert.Contains(await ListAsync(manager, Issues + "?limit=1000&hidden=true"), i => i.Id == issue.Id);

        // The minute before it is still hidden; on the date (UK midnight) it is back, without anyone doing anything.
        fresh.Time.SetUtcNow(Core.Common.UkCalendar.StartOfDay(until).AddMinutes(-1));
        using (var before = Manager())
        {
            Assert.DoesNotContain(await ListAsync(before, Issues + "?limit=1000"), i => i.Id == issue.Id);
        }

        fresh.Time.SetUtcNow(Core.Common.UkCalendar.StartOfDay(until));
        using var onTheDay = Manager();
        Assert.Contains(await ListAsync(onTheDay, Issues + "?limit=1000"), i => i.Id == issue.Id && !i.Hidden);
        Assert.DoesNotContain(await ListAsync(onTheDay, Issues + "?limit=1000&hidden=true"), i => i.Id == issue.Id);
    }

    [Fact]
    public async Task HiddenItem_WhenTheDoctorsConnectionChanges_ComesBackAtOnce_WithTheReasonInItsHistory()
    {
        // H61: a new GMC list that no longer lists the doctor changes their connection.
        await using var fresh = new ApiFactory();
        var doctor = (await fresh.Doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody)).First(d => d.Status == Core.Common.DoctorStatus.Active);
        var store = fresh.Services.GetRequiredService<IDirectorySyncStore>();
        var issue = DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, DataQualityIssueKind.InvalidDetails, $"person-{Guid.NewGuid():N}", doctor.Id,
            "The family name is too long", "line 4", fresh.Time.GetUtcNow(), null);
        await store.RaiseIssuesAsync([issue]);
        using var admin = fresh.Admin();
        var hide = await admin.PostAsJsonAsync($"{Issues}/{issue.Id}/hide", new { until = fresh.Today.AddDays(60) }, TestJson.Options);
        Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        Assert.DoesNotContain(await ListAsync(admin, Issues + "?limit=1000"), i => i.Id == issue.Id);

        using var list = new StringContent("GMC Reference Number,Doctor First Name,Doctor Last Name\n9876543,Ann,Elsewhere\n", System.Text.Encoding.UTF8, "text/csv");
        var uploaded = await admin.PostAsync("/api/admin/gmc/connected-doctors?confirm=true", list);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        var back = Assert.Single(await ListAsync(admin, Issues + "?limit=1000"), i => i.Id == issue.Id);
        Assert.False(back.Hidden);
        Assert.Null(back.HiddenUntil);
        var unhidden = Assert.Single(back.History!, h => h.Kind == IssueHistoryKind.Unhidden);
        Assert.Equal(string.Empty, unhidden.ByName);
        Assert.Equal("The doctor's record or connection changed.", unhidden.Text);
    }

    [Fact]
    public async Task HiddenItem_ThatADoctorRecordChangeDoesNotConcern_StaysHidden()
    {
        var issue = await RaiseAsync();
        using var manager = Manager();
        await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/hide", new { until = factory.Today.AddDays(20) }, TestJson.Options);

        // Another doctor's record changes (the RO confirms a date): this item is about no doctor, so it stays hidden.
        var other = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        using var ro = factory.ResponsibleOfficer();
        var changed = await ro.PutAsJsonAsync($"/api/doctors/{other.Id}/rsd", new { rsd = factory.Today.AddDays(250) }, TestJson.Options);
        Assert.True(changed.IsSuccessStatusCode);

        Assert.Contains(await ListAsync(manager, Issues + "?limit=1000&hidden=true"), i => i.Id == issue.Id);
    }

    [Fact]
    public async Task Resolve_WithoutANote_IsRefusedNamingTheNote_AndTheItemStaysOpen()
    {
        // H62: nobody resolves an item without a record of why.
        var issue = await RaiseAsync();
        using var manager = Manager();

        var none = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/resolve", new { }, TestJson.Options);
        var blank = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/resolve", new { note = "   " }, TestJson.Options);
        var tooLong = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/resolve", new { note = new string('x', 2_001) }, TestJson.Options);

        foreach (var refused in new[] { none, blank, tooLong })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("note", await ProblemFieldsAsync(refused));
        }

        Assert.Equal(Core.DirectorySync.DataQualityIssueStatus.Open, (await Store.GetIssueAsync(DemoSeeder.DemoBody, issue.Id))!.Status);

        var resolved = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/resolve", new { note = "HR corrected the number in ESR" }, TestJson.Options);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var item = await manager.GetFromJsonAsync<DataQualityIssueResponse>($"{Issues}/{issue.Id}", TestJson.Options);
        var last = item!.History![^1];
        Assert.Equal((IssueHistoryKind.Resolved, "HR corrected the number in ESR"), (last.Kind, last.Text));
    }

    [Fact]
    public async Task OwnerAndNotes_AreKeptInTheHistory_AndTheListFiltersByOwner()
    {
        var issue = await RaiseAsync();
        var unowned = await RaiseAsync();
        using var manager = Manager();
        using var admin = factory.Admin();

        var mine = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/owner", new { userId = "me" }, TestJson.Options);
        var note = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/notes", new { note = "Asked HR to check the GMC number" }, TestJson.Options);
        var given = await admin.PostAsJsonAsync($"{Issues}/{issue.Id}/owner", new { userId = "hr-colleague", name = "Pat Jones" }, TestJson.Options);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (mine.StatusCode, note.StatusCode, given.StatusCode));
        var item = (await manager.GetFromJsonAsync<DataQualityIssueResponse>($"{Issues}/{issue.Id}", TestJson.Options))!;
        Assert.Equal(new IssueOwnerResponse("hr-colleague", "Pat Jones"), item.Owner);
        Assert.Equal(
            [IssueHistoryKind.Created, IssueHistoryKind.OwnerChanged, IssueHistoryKind.NoteAdded, IssueHistoryKind.OwnerChanged],
            item.History!.Select(h => h.Kind));
        Assert.Equal((DemoSeeder.RevalidationManager.UserId, "Asked HR to check the GMC number"), (item.History![2].ByName, item.History[2].Text));
        Assert.Equal(("demo-admin", "Pat Jones"), (item.History[3].ByName, item.History[3].Owner!.Name));

        Assert.Contains(await ListAsync(manager, Issues + "?limit=1000&owner=hr-colleague"), i => i.Id == issue.Id);
        Assert.DoesNotContain(await ListAsync(manager, Issues + "?limit=1000&owner=me"), i => i.Id == issue.Id);
        var nobodys = await ListAsync(manager, Issues + "?limit=1000&owner=unassigned");
        Assert.Contains(nobodys, i => i.Id == unowned.Id);
        Assert.DoesNotContain(nobodys, i => i.Id == issue.Id);

        var cleared = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/owner", new { userId = (string?)null }, TestJson.Options);
        Assert.Null((await cleared.Content.ReadFromJsonAsync<DataQualityIssueResponse>(TestJson.Options))!.Owner);
        Assert.Contains(await ListAsync(manager, Issues + "?limit=1000&owner=unassigned"), i => i.Id == issue.Id);
    }

    [Fact]
    public async Task BadInput_IsAProblemNamingTheField_AndChangesNothing()
    {
        var issue = await RaiseAsync();
        using var admin = factory.Admin();

        var cases = new (string Path, object Body, string Field)[]
        {
            ("hide", new { until = factory.Today }, "until"),
            ("hide", new { until = factory.Today.AddDays(-3) }, "until"),
            ("hide", new { until = factory.Today.AddDays(400) }, "until"),
            ("hide", new { }, "until"),
            ("notes", new { note = "" }, "note"),
            ("notes", new { note = new string('x', 2_001) }, "note"),
            ("owner", new { userId = "someone-else" }, "name"),
            ("owner", new { userId = new string('u', 201), name = "Someone" }, "userId"),
            ("unhide", new { }, "issueId"),
        };
        foreach (var (path, body, field) in cases)
        {
            var response = await admin.PostAsJsonAsync($"{Issues}/{issue.Id}/{path}", body, TestJson.Options);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await ProblemFieldsAsync(response));
        }

        var list = await admin.GetAsync($"{Issues}?owner={new string('x', 201)}");
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        var stored = (await Store.GetIssueAsync(DemoSeeder.DemoBody, issue.Id))!;
        Assert.Equal((null, null, 0), (stored.Owner, stored.HiddenUntil, stored.WorkHistory.Count));
    }

    [Fact]
    public async Task GmcQueue_WorksItsDiscrepancies_AndNoOtherItem_AndAResolvedItemIsNotWorked()
    {
        var discrepancy = DataQualityIssue.Raise($"gmc:{DemoSeeder.DemoBody}", DemoSeeder.DemoBody, DataQualityIssueKind.GmcNotConnected, TestDoctors.NewGmcNumber(), null,
            "Dr A Example is not connected at the GMC", "GMC list", factory.Time.GetUtcNow(), null);
        await Store.RaiseIssuesAsync([discrepancy]);
        var directoryIssue = await RaiseAsync();
        using var ro = factory.ResponsibleOfficer();

        var owner = await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{discrepancy.Id}/owner", new { userId = "me" }, TestJson.Options);
        var hide = await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{discrepancy.Id}/hide", new { until = factory.Today.AddDays(7) }, TestJson.Options);
        var notAGmcItem = await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{directoryIssue.Id}/notes", new { note = "x" }, TestJson.Options);
        var notAGmcItemRead = await ro.GetAsync($"/api/gmc/discrepancies/{directoryIssue.Id}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (owner.StatusCode, hide.StatusCode));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (notAGmcItem.StatusCode, notAGmcItemRead.StatusCode));
        Assert.DoesNotContain(await ListAsync(ro, "/api/gmc/discrepancies"), i => i.Id == discrepancy.Id);
        Assert.Contains(await ListAsync(ro, "/api/gmc/discrepancies?hidden=true&owner=me"), i => i.Id == discrepancy.Id);
        Assert.Empty((await Store.GetIssueAsync(DemoSeeder.DemoBody, directoryIssue.Id))!.WorkHistory);

        using var admin = factory.Admin();
        await admin.PostAsJsonAsync($"{Issues}/{directoryIssue.Id}/resolve", new { note = "Fixed" }, TestJson.Options);
        var late = await admin.PostAsJsonAsync($"{Issues}/{directoryIssue.Id}/notes", new { note = "Too late" }, TestJson.Options);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task WorkOnAnItem_IsAudited_WithoutTheNoteText()
    {
        var issue = await RaiseAsync();
        using var manager = Manager();
        const string Secret = "Dr Smith's GP told me about her illness";

        var note = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/notes", new { note = Secret }, TestJson.Options);
        var resolved = await manager.PostAsJsonAsync($"{Issues}/{issue.Id}/resolve", new { note = Secret }, TestJson.Options);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (note.StatusCode, resolved.StatusCode));
        var events = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(Limit: 1000));
        var mine = events.Where(e => e.Change?.Contains(issue.Id.ToString(), StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["directory.issue-resolved", "directory.issue-note-added"], mine.Select(e => e.Action));
        Assert.All(mine, e => Assert.DoesNotContain("Smith", e.Change + e.Summary, StringComparison.Ordinal));
        Assert.All(mine, e => Assert.Equal(Roles.RevalidationManager, e.ActorRole));
    }

    private async Task<DataQualityIssue> RaiseAsync()
    {
        var issue = DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, DataQualityIssueKind.DuplicateGmcNumber, $"person-{Guid.NewGuid():N}", null,
            "GMC number 7000001 is taken", "line 9", factory.Time.GetUtcNow(), null);
        await Store.RaiseIssuesAsync([issue]);
        return issue;
    }

    private static async Task<List<DataQualityIssueResponse>> ListAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<DataQualityIssueResponse>>(TestJson.Options))!;
    }

    private static async Task<IReadOnlyList<string>> ProblemFieldsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(p => p.Name)] : [];
    }
}
