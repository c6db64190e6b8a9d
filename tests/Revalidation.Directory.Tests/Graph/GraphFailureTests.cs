using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Directory.Tests.Support;
using static Revalidation.Directory.Tests.Support.People;

namespace Revalidation.Directory.Tests.Graph;

/// <summary>Throttling, server errors, expired tokens and guards: the round fails or recovers without losing anything.</summary>
public sealed class GraphFailureTests : GraphTestBase
{
    [Fact]
    public async Task RunAsync_WhenGraphAnswers429WithRetryAfter_TheSdkRetriesAndTheRoundSucceeds()
    {
        Doctors(1, 2);
        Server.Fail("/v1.0/users/delta", 429, times: 1, retryAfter: TimeSpan.FromSeconds(1));
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 2), (run.Status, run.Totals.Created));
        Assert.Equal(2, Server.Requests.Count(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal)));
    }
    [Fact]
    public async Task RunAsync_WhenGraphFails500MidRound_KeepsTheCursorLosesNothingAndTheRerunCompletes()
    {
        Server.PageSize = 2;
        Doctors(1, 2, 3, 4);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        var cursorBefore = await Harness.SyncStore.GetCursorAsync("entra");
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            Server.Tenant.Update(IdOf(n), u => u with { Department = "Neurology" });
        }

        Server.Tenant.Put(Doctor(5));
        Server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(5));
        Server.Fail("/v1.0/users/delta?$skiptoken=", 500, times: 1); // the second page of the round

        var failed = await Harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Failed, failed.Status);
        Assert.NotNull(failed.Error);
        Assert.Equal(cursorBefore, await Harness.SyncStore.GetCursorAsync("entra"));
        Assert.Equal(2, failed.Totals.Updated); // the first page was applied, and stays applied

        var rerun = await Harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, rerun.Status);
        Assert.NotEqual(cursorBefore, await Harness.SyncStore.GetCursorAsync("entra"));
        Assert.Equal((2, 2, 1), (rerun.Totals.Unchanged, rerun.Totals.Updated, rerun.Totals.Created));
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            Assert.Equal("Neurology", (await Harness.RequireDoctorAsync(IdOf(n))).Department);
        }

        Assert.NotNull(await Harness.DoctorAsync(IdOf(5)));
        var runs = await Harness.SyncStore.ListRunsAsync(SyncHarness.Body);
        Assert.Equal([SyncRunStatus.Succeeded, SyncRunStatus.Failed, SyncRunStatus.Succeeded], runs.Select(r => r.Status));
    }
    [Theory]
    [InlineData(410)]
    [InlineData(400)]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenTheDeltaTokenExpired_ResyncsInFullAndMakesLeaversOfTheAbsent(int status)
    {
        Doctors(1, 2, 3);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Server.Tenant.Purge(IdOf(3)); // gone while our token was stale: only the full set can tell
        Server.Tenant.Update(IdOf(1), u => u with { GivenName = "Updated" });
        Server.ExpireTokens(status);

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.True(run.FullResync);
        Assert.Equal((1, 1), (run.Totals.Left, run.Totals.Updated));
        Assert.Equal(DoctorStatus.Leaver, (await Harness.RequireDoctorAsync(IdOf(3))).Status);
        Assert.Equal(DoctorStatus.Active, (await Harness.RequireDoctorAsync(IdOf(2))).Status);
        Assert.Equal("Updated", (await Harness.RequireDoctorAsync(IdOf(1))).GivenName);
        var next = await Harness.RunAsync(service, "entra");
        Assert.False(next.FullResync);
    }
    [Fact]
    public async Task RunAsync_WhenAFullSetWouldMakeMoreLeaversThanTheThreshold_AwaitsConfirmationAndMarksNobody()
    {
        // 30 active doctors: the threshold is 5 % rounded up (2), smaller than 25. Three absent is one too many.
        Doctors([.. Enumerable.Range(1, 30)]);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        var cursor = await Harness.SyncStore.GetCursorAsync("entra");
        foreach (var n in Enumerable.Range(1, 3))
        {
            Server.Tenant.Purge(IdOf(n));
        }

        var run = await Harness.RunAsync(service, "entra", SyncMode.Full);

        Assert.Equal((SyncRunStatus.AwaitingConfirmation, 0), (run.Status, run.Totals.Left));
        Assert.Contains("would make 3 of 30 doctors leavers, more than the leaver threshold (2)", run.Error, StringComparison.Ordinal);
        foreach (var n in Enumerable.Range(1, 3))
        {
            var doctor = await Harness.RequireDoctorAsync(IdOf(n));
            Assert.Equal(DoctorStatus.Active, doctor.Status);
            Assert.Contains(doctor.Id, run.PendingLeavers!);
            Assert.DoesNotContain(doctor.FamilyName, run.Error, StringComparison.Ordinal);
        }

        Assert.Empty(await Harness.LeaverAlertsAsync());
        Assert.Equal(cursor, await Harness.SyncStore.GetCursorAsync("entra"));
    }

    [Fact]
    public async Task RunAsync_WhenAFullSetMakesAsManyLeaversAsTheThreshold_MakesThem()
    {
        Doctors([.. Enumerable.Range(1, 30)]);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Server.Tenant.Purge(IdOf(1));
        Server.Tenant.Purge(IdOf(2));

        var run = await Harness.RunAsync(service, "entra", SyncMode.Full);

        Assert.Equal((SyncRunStatus.Succeeded, 2), (run.Status, run.Totals.Left));
        Assert.Equal(2, (await Harness.LeaverAlertsAsync()).Count);
    }

    [Fact]
    public async Task RunAsync_WhenASourceIsAlreadyRunning_RefusesASecondRun()
    {
        Doctors(1);
        var service = ServiceFor();
        Server.Fail("/v1.0/users/delta", 429, times: 1, retryAfter: TimeSpan.FromSeconds(1));

        var first = await service.StartAsync("entra", SyncMode.Incremental, "test");
        var second = await service.RunAsync("entra", SyncMode.Incremental, "test");
        await service.WhenFinishedAsync(first.Value!.Id);

        Assert.Equal(ServiceStatus.Conflict, second.Status);
        Assert.Equal(SyncRunStatus.Succeeded, (await Harness.SyncStore.GetRunAsync(first.Value.Id))!.Status);
    }
}
