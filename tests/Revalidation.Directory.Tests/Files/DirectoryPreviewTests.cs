using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.Support;

namespace Revalidation.Directory.Tests.Files;

/// <summary>
/// Issue 14, item 1: every run can be previewed first (a dry run that writes nothing), and a run held by the leaver
/// threshold lists who would leave; a confirmation makes only those doctors leavers (docs/decisions/0009-directory-sync.md).
/// </summary>
public sealed class DirectoryPreviewTests : IAsyncLifetime
{
    private const string Header = "Employee Number,GMC Number,First Name,Surname,Email Address,Department,Designated Body Code,Active";

    private SyncHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static string Row(int n, string department = "Cardiology", string active = "Y") =>
        $"E{n},{7_000_000 + n},Given{n},Family{n},doctor{n}@trust.example,{department},1-TRUST01,{active}";

    [Fact]
    public async Task PreviewAsync_OfANextExport_CountsWhatARunWouldDo_AndWritesNothing()
    {
        var source = harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 40).Select(n => Row(n))]));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        harness.Options.LeaverThresholdShare = 1.0; // E37–E40 leave without confirmation, so that E37 can return below
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 36).Select(n => Row(n))]));
        await harness.RunAsync(harness.Service(source), "esr", SyncMode.Full);
        harness.Options.LeaverThresholdShare = 0.05;
        var runsBefore = await harness.SyncStore.ListRunsAsync(SyncHarness.Body, "esr");
        var cursor = await harness.SyncStore.GetCursorAsync("esr");
        var issuesBefore = (await harness.IssuesAsync(status: null)).Count;
        var e1 = await harness.RequireDoctorAsync("E1");
        var auditBefore = (await harness.AuditAsync(e1.Id)).Count;

        // Next: E1 changes department, E2 is disabled, E3–E34 as they were, E35 and E36 are gone, E37 returns, E100 is new, one bad row.
        harness.FileSource("esr.csv", Csv([Row(1, "Surgery"), Row(2, active: "N"), .. Enumerable.Range(3, 32).Select(n => Row(n)), Row(37), Row(100),
            "E101,70000X1,Bad,Number,bad@trust.example,Cardiology,1-TRUST01,Y"]));
        var preview = (await harness.Service(source).PreviewAsync("esr", SyncHarness.Body)).Value!;

        Assert.Null(preview.Error);
        Assert.Equal((37, 1, 1, 32, 1, 1), (preview.Seen, preview.New, preview.Changed, preview.Unchanged, preview.Returning, preview.Rejected));
        Assert.Equal(36, preview.ActiveDoctors);
        List<Guid> leavers = [(await harness.RequireDoctorAsync("E2")).Id, (await harness.RequireDoctorAsync("E35")).Id, (await harness.RequireDoctorAsync("E36")).Id];
        leavers.Sort();
        Assert.Equal(leavers, preview.Leavers.Order().ToList());
        Assert.Equal((2, false), (preview.LeaverThreshold, preview.WouldWaitForConfirmation)); // 2 absent is at the threshold (5 % of 36, rounded up)

        // Nothing was written: no run, no cursor move, no issue, no change to a record or its audit.
        Assert.Equal(runsBefore.Count, (await harness.SyncStore.ListRunsAsync(SyncHarness.Body, "esr")).Count);
        Assert.Equal(cursor, await harness.SyncStore.GetCursorAsync("esr"));
        Assert.Equal(issuesBefore, (await harness.IssuesAsync(status: null)).Count);
        Assert.Null(await harness.DoctorAsync("E100"));
        Assert.Equal("Cardiology", (await harness.RequireDoctorAsync("E1")).Department);
        Assert.Equal(auditBefore, (await harness.AuditAsync(e1.Id)).Count);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync("E35")).Status);

        // And the run agrees with the preview.
        var run = await harness.RunAsync(harness.Service(source), "esr");
        Assert.Equal((SyncRunStatus.Succeeded, 1, 3, 1), (run.Status, run.Totals.Created, run.Totals.Left, run.Totals.Reactivated));
    }

    [Fact]
    public async Task PreviewAsync_OfACutExport_SaysWhyItCannotBeRead_AndOfAnotherBodysSource_IsNotFound()
    {
        var source = harness.FileSource("esr.csv", Csv(Row(1), Row(2)));
        var service = harness.Service(source);
        File.WriteAllText(source.FilePath, Csv(Row(1), Row(2))[..^5]);

        var preview = (await service.PreviewAsync("esr", SyncHarness.Body)).Value!;
        var other = await service.PreviewAsync("esr", SyncHarness.OtherBody);

        Assert.Contains("ends in the middle of line 3", preview.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0), (preview.Seen, preview.Leavers.Count));
        Assert.Equal(ServiceStatus.NotFound, other.Status);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task ConfirmAsync_MakesLeaversOnlyOfTheDoctorsTheHeldRunListed_NotOthersAbsentInTheirPlace()
    {
        var source = harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 40).Select(n => Row(n))]));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 35).Select(n => Row(n))])); // E36–E40 absent; the threshold is 2
        var held = await harness.RunAsync(service, "esr");
        Assert.Equal(SyncRunStatus.AwaitingConfirmation, held.Status);
        var listed = (await harness.SyncStore.GetRunAsync(held.Id))!.PendingLeavers!;
        Assert.Equal(5, listed.Count);
        Assert.Contains((await harness.RequireDoctorAsync("E40")).Id, listed);

        // As many absent, but not the same doctors: E40 is back, E1 is gone. The admin never saw E1 listed.
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(2, 34).Select(n => Row(n)), Row(40)]));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var swapped = await service.ConfirmAsync("esr", held.Id, SyncHarness.Body, "admin:test");
        await service.WhenFinishedAsync(swapped.Value!.Id);

        var again = (await harness.SyncStore.GetRunAsync(swapped.Value.Id))!;
        Assert.Equal((SyncRunStatus.AwaitingConfirmation, 0), (again.Status, again.Totals.Left));
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync("E1")).Status);
        Assert.Contains((await harness.RequireDoctorAsync("E1")).Id, again.PendingLeavers!);
    }
}
