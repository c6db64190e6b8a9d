using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Core.DirectorySync;
using Revalidation.Server.Demo;
using SyncRunStatus = Revalidation.Contracts.SyncRunStatus;
using DataQualityIssueStatus = Revalidation.Contracts.DataQualityIssueStatus;

namespace Revalidation.Api.Tests;

/// <summary>The demo directory through the sync engine, and the admin's directory endpoints on the real Server.</summary>
public sealed class DirectorySyncApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DemoSeed_WhenTheServerStarts_ImportsTheDemoDirectoryFileThroughTheSyncEngine()
    {
        using var admin = factory.Admin();

        var runs = await admin.GetFromJsonAsync<List<SyncRunResponse>>("/api/admin/directory/runs?sourceId=demo", TestJson.Options);

        var import = Assert.Single(runs!, r => r.TriggeredBy == "demo-seed");
        Assert.Equal((SyncRunStatus.Succeeded, true), (import.Status, import.FullResync));
        Assert.Equal((58, 2, 0), (import.Created, import.Skipped, import.Rejected)); // the two leavers are inactive in the file
        var me = await factory.Doctor().GetFromJsonAsync<MeResponse>("/api/me", TestJson.Options);
        Assert.NotNull(me!.DoctorId);
    }

    [Fact]
    public void DemoDirectoryFile_ListsTheSeedersDoctorsWithTheirIdentities()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.csv");
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

        Assert.Equal(DemoSeeder.DoctorCount, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, gmc, given, family, email, department, active) = DemoSeeder.DirectoryIdentity(i);
            Assert.Equal([id, gmc, given, family, email, department, DemoSeeder.DemoBody.Value, active ? "yes" : "no"], rows[i]);
        }
    }

    [Fact]
    public async Task DemoSeed_WhenDone_LeavesNoRsdToConfirmOpen()
    {
        using var admin = factory.Admin();

        var open = await admin.GetFromJsonAsync<List<DataQualityIssueResponse>>("/api/admin/directory/issues", TestJson.Options);
        var resolved = await admin.GetFromJsonAsync<List<DataQualityIssueResponse>>("/api/admin/directory/issues?status=Resolved&limit=1000", TestJson.Options);

        Assert.DoesNotContain(open!, i => i.Kind == Revalidation.Contracts.DataQualityIssueKind.RsdToConfirm);
        Assert.Equal(58, resolved!.Count(i => i.Kind == Revalidation.Contracts.DataQualityIssueKind.RsdToConfirm));

        // What the admin reads names no rule number of the design ("… until the date the GMC gives is entered (R1).").
        Assert.All(open!.Concat(resolved!), i => Assert.DoesNotMatch(@"\(R\d+\)", i.Detail));
        Assert.Contains(resolved!, i => i.Detail.EndsWith("until the date the GMC gives is entered.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartRun_WhenAnAdminRunsTheDemoSourceInFull_ReturnsAcceptedAndChangesNothing()
    {
        using var admin = factory.Admin();
        var sources = await admin.GetFromJsonAsync<List<DirectorySourceResponse>>("/api/admin/directory/sources", TestJson.Options);
        Assert.Equal("demo", Assert.Single(sources!).Id);

        var response = await admin.PostAsJsonAsync("/api/admin/directory/sources/demo/runs", new { mode = "Full" }, TestJson.Options);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncRunResponse>(TestJson.Options))!;
        Assert.Equal(SyncRunStatus.Running, started.Status);
        Assert.Equal($"/api/admin/directory/runs/{started.Id}", response.Headers.Location!.OriginalString);
        await factory.Services.GetRequiredService<DirectorySyncService>().WhenFinishedAsync(started.Id);
        var run = await admin.GetFromJsonAsync<SyncRunResponse>($"/api/admin/directory/runs/{started.Id}", TestJson.Options);
        Assert.Equal((SyncRunStatus.Succeeded, 60, 0, 0, 0), (run!.Status, run.Unchanged, run.Created, run.Updated, run.Left));
        Assert.Equal("admin:demo-admin", run.TriggeredBy);
    }

    [Fact]
    public async Task ResolveIssue_WhenOpen_ResolvesItOnceWithTheAdminsNote()
    {
        var store = factory.Services.GetRequiredService<IDirectorySyncStore>();
        var issue = DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, DataQualityIssueKind.DuplicateGmcNumber, "person-x", null,
            "GMC number 7000001 is taken", "line 9", factory.Time.GetUtcNow(), null);
        await store.RaiseIssuesAsync([issue]);
        using var admin = factory.Admin();

        var first = await admin.PostAsJsonAsync($"/api/admin/directory/issues/{issue.Id}/resolve", new { note = "Corrected in ESR" }, TestJson.Options);
        var second = await admin.PostAsJsonAsync($"/api/admin/directory/issues/{issue.Id}/resolve", new { note = "again" }, TestJson.Options);
        var tooLong = await admin.PostAsJsonAsync($"/api/admin/directory/issues/{issue.Id}/resolve", new { note = new string('x', 2_001) }, TestJson.Options);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var resolved = (await first.Content.ReadFromJsonAsync<DataQualityIssueResponse>(TestJson.Options))!;
        Assert.Equal((DataQualityIssueStatus.Resolved, "demo-admin", "Corrected in ESR"), (resolved.Status, resolved.ResolvedBy, resolved.ResolutionNote));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Preview_OfTheDemoSource_CountsEveryDoctorUnchanged_AndStartsNoRun()
    {
        await using var fresh = new ApiFactory();
        using var admin = fresh.Admin();
        var runsBefore = await admin.GetFromJsonAsync<List<SyncRunResponse>>("/api/admin/directory/runs?sourceId=demo", TestJson.Options);

        var response = await admin.PostAsJsonAsync("/api/admin/directory/sources/demo/preview", new { }, TestJson.Options);
        var missing = await admin.PostAsJsonAsync("/api/admin/directory/sources/no-such-source/preview", new { }, TestJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<DirectoryPreviewResponse>(TestJson.Options))!;
        Assert.Equal((60, 0, 0, 60, 0, false, null), (preview.Seen, preview.New, preview.Changed, preview.Unchanged, preview.LeaverCount, preview.WouldWaitForConfirmation, preview.Error));
        Assert.Empty(preview.Leavers);
        Assert.Equal(runsBefore!.Count, (await admin.GetFromJsonAsync<List<SyncRunResponse>>("/api/admin/directory/runs?sourceId=demo", TestJson.Options))!.Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task HeldLeavers_OfARunHeldByTheLeaverThreshold_NamesEachDoctorWhoWouldLeave()
    {
        await using var fresh = new ApiFactory();
        var doctors = (await fresh.Doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody)).Where(d => d.Status == Core.Common.DoctorStatus.Active).Take(2).ToList();
        var held = new SyncRun(Guid.NewGuid(), DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, SyncMode.Full, "schedule", fresh.Time.GetUtcNow().AddMinutes(1),
            Core.DirectorySync.SyncRunStatus.AwaitingConfirmation, true, fresh.Time.GetUtcNow().AddMinutes(1), new SyncCounts(),
            DirectorySyncService.AwaitingConfirmation([.. doctors.Select(d => d.Id)], 60, 1), [.. doctors.Select(d => d.Id)]);
        await fresh.Services.GetRequiredService<IDirectorySyncStore>().SaveRunAsync(held);
        using var admin = fresh.Admin();

        var listed = await admin.GetFromJsonAsync<List<DirectoryLeaverResponse>>($"/api/admin/directory/runs/{held.Id}/leavers", TestJson.Options);
        var run = await admin.GetFromJsonAsync<SyncRunResponse>($"/api/admin/directory/runs/{held.Id}", TestJson.Options);
        var unknown = await admin.GetAsync($"/api/admin/directory/runs/{Guid.NewGuid()}/leavers");

        Assert.Equal(doctors.Select(d => ($"{d.GivenName} {d.FamilyName}", d.GmcNumber.Value)).Order(),
            listed!.Select(l => (l.Name, l.GmcNumber)).Order());
        Assert.Equal((SyncRunStatus.AwaitingConfirmation, 2), (run!.Status, run.PendingLeavers));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("/api/admin/directory/issues?status=Maybe")]
    [InlineData("/api/admin/directory/issues?limit=0")]
    [InlineData("/api/admin/directory/runs?limit=5000")]
    public async Task List_WhenTheQueryIsMalformed_Returns400(string url)
    {
        using var admin = factory.Admin();

        var response = await admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
