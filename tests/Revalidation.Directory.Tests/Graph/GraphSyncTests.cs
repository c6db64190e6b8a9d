using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Directory.Tests.Support;
using static Revalidation.Directory.Tests.Support.People;

namespace Revalidation.Directory.Tests.Graph;

/// <summary>
/// The Microsoft Graph adapter and the sync engine together, the real <c>GraphServiceClient</c> (default middleware)
/// talking to a fake Graph server on loopback, doctors written to the real embedded store.
/// </summary>
public sealed class GraphSyncTests : IAsyncLifetime
{
    private FakeGraphServer server = null!;
    private SyncHarness harness = null!;

    public async Task InitializeAsync()
    {
        server = await FakeGraphServer.StartAsync();
        harness = await SyncHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await server.DisposeAsync();
    }

    private DirectorySyncService ServiceFor(Action<Infrastructure.DirectorySync.GraphDirectorySourceOptions>? configure = null) =>
        harness.Service(SyncHarness.GraphSource(server, configure));

    private void Doctors(params int[] numbers)
    {
        server.Tenant.PutMany(numbers.Select(n => Doctor(n)));
        server.Tenant.AddMembers(SyncHarness.DoctorsGroup, numbers.Select(IdOf));
    }

    [Fact]
    public async Task RunAsync_WhenFirstRoundSpansSeveralPages_CreatesEveryDoctorAndSavesTheDeltaLink()
    {
        server.PageSize = 2;
        Doctors(1, 2, 3, 4, 5);
        server.Tenant.Put(new FakeUser(IdOf(90), "Pat", "Porter", null, Department: "Estates")); // not a doctor
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.True(run.FullResync);
        Assert.Equal(5, run.Totals.Created);
        Assert.Equal(0, run.Totals.Rejected);
        Assert.Equal(3, server.Requests.Count(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal))); // 6 users in pages of 2
        var doctor = await harness.RequireDoctorAsync(IdOf(3));
        Assert.Equal(GmcOf(3), doctor.GmcNumber.Value);
        Assert.Equal(("Given3", "Family3", "doctor3@trust.example", "Cardiology", "Consultant Cardiologist"),
            (doctor.GivenName, doctor.FamilyName, doctor.Email, doctor.Department, doctor.Specialty));
        Assert.Null(await harness.DoctorAsync(IdOf(90)));
        Assert.Contains("/users/delta?$deltatoken=", await harness.SyncStore.GetCursorAsync("entra"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenUsersDeltaRequested_SelectsTheMappedAttributesAndAlwaysAccountEnabled()
    {
        Doctors(1);
        var service = ServiceFor(o => o.GmcNumberAttribute = "onPremisesExtensionAttributes.extensionAttribute7");

        await harness.RunAsync(service, "entra");

        var select = Uri.UnescapeDataString(server.Requests.First(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal)));
        Assert.Contains("accountEnabled", select, StringComparison.Ordinal);
        Assert.Contains("onPremisesExtensionAttributes", select, StringComparison.Ordinal);
        Assert.Contains("department", select, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => Uri.UnescapeDataString(r).Contains($"$filter=id eq '{SyncHarness.DoctorsGroup}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WhenResumedFromTheStoredDeltaLink_ReplaysItVerbatimAndAppliesOnlyTheChanges()
    {
        Doctors(1, 2, 3);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        var cursor = await harness.SyncStore.GetCursorAsync("entra");
        var deltaLink = System.Text.Json.JsonDocument.Parse(cursor!).RootElement.GetProperty("users").GetString()!;
        server.Tenant.Update(IdOf(2), u => u with { Surname = "Married-Name", Department = "Oncology" });
        server.ClearRequests();

        var run = await harness.RunAsync(service, "entra");

        Assert.Contains(new Uri(deltaLink).PathAndQuery, server.Requests);
        Assert.False(run.FullResync);
        Assert.Equal((1, 1, 0, 0), (run.Totals.Seen, run.Totals.Updated, run.Totals.Created, run.Totals.Left));
        var doctor = await harness.RequireDoctorAsync(IdOf(2));
        Assert.Equal(("Married-Name", "Oncology"), (doctor.FamilyName, doctor.Department));
        Assert.Contains(await harness.AuditAsync(doctor.Id), e => e.Action == "doctor.directory-updated" && e.ActorId == "directory:entra");
    }

    [Fact]
    public async Task RunAsync_WhenDirectoryAttributesChange_KeepsWhatTheRevalidationTeamOwns()
    {
        Doctors(1);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        var doctor = await harness.RequireDoctorAsync(IdOf(1));
        var gmcDate = harness.Today.AddDays(400);
        Assert.True(doctor.ConfirmRsd(gmcDate).IsSuccess);
        Assert.True(doctor.SetGmcInvestigation(true).IsSuccess);
        Assert.True(doctor.AssignAppraiser("appraiser-1").IsSuccess);
        Assert.True((await harness.Store.SaveDoctorAsync(doctor, [])).Saved);
        server.Tenant.Update(IdOf(1), u => u with { GivenName = "Renamed", JobTitle = "Medical Director" });

        await harness.RunAsync(service, "entra");

        var after = await harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal(("Renamed", "Medical Director"), (after.GivenName, after.Specialty));
        Assert.Equal((gmcDate, true), (after.CurrentCycle!.Rsd, after.CurrentCycle.RsdConfirmed));
        Assert.True(after.UnderGmcInvestigation);
        Assert.Equal("appraiser-1", after.AppraiserId);
    }

    [Theory]
    [InlineData("changed")]
    [InlineData("deleted")]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenUserArrivesRemoved_MakesALeaverKeepsTheRecordAndTellsTheRo(string reason)
    {
        Doctors(1, 2);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        server.Tenant.Delete(IdOf(2), reason);

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Left);
        var leaver = await harness.RequireDoctorAsync(IdOf(2));
        Assert.Equal((DoctorStatus.Leaver, harness.Today), (leaver.Status, leaver.LeftOn));
        var alert = Assert.Single(await harness.LeaverAlertsAsync());
        Assert.Equal((leaver.Id, Core.Alerts.AlertRecipient.ResponsibleOfficer), (alert.DoctorId, alert.Recipient));
        Assert.Equal(Core.Alerts.AlertKeys.Leaver(SyncHarness.Body, leaver.Id, harness.Today), alert.Key);
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.Leaver && i.DoctorId == leaver.Id);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync(IdOf(1))).Status);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenAccountDisabledThenEnabled_MakesALeaverThenReactivates()
    {
        Doctors(1);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        server.Tenant.Update(IdOf(1), u => u with { AccountEnabled = false });

        var disabled = await harness.RunAsync(service, "entra");
        var leaver = await harness.RequireDoctorAsync(IdOf(1));
        server.Tenant.Update(IdOf(1), u => u with { AccountEnabled = true });
        var enabled = await harness.RunAsync(service, "entra");

        Assert.Equal((1, DoctorStatus.Leaver), (disabled.Totals.Left, leaver.Status));
        Assert.Equal(1, enabled.Totals.Reactivated);
        var back = await harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal((DoctorStatus.Active, (DateOnly?)null), (back.Status, back.LeftOn));
        Assert.Single(await harness.LeaverAlertsAsync());
        Assert.Contains(await harness.AuditAsync(back.Id), e => e.Action == "doctor.reactivated");
    }

    [Fact]
    public async Task RunAsync_WhenGraphAnswers429WithRetryAfter_TheSdkRetriesAndTheRoundSucceeds()
    {
        Doctors(1, 2);
        server.Fail("/v1.0/users/delta", 429, times: 1, retryAfter: TimeSpan.FromSeconds(1));
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 2), (run.Status, run.Totals.Created));
        Assert.Equal(2, server.Requests.Count(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_WhenGraphFails500MidRound_KeepsTheCursorLosesNothingAndTheRerunCompletes()
    {
        server.PageSize = 2;
        Doctors(1, 2, 3, 4);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        var cursorBefore = await harness.SyncStore.GetCursorAsync("entra");
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            server.Tenant.Update(IdOf(n), u => u with { Department = "Neurology" });
        }

        server.Tenant.Put(Doctor(5));
        server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(5));
        server.Fail("/v1.0/users/delta?$skiptoken=", 500, times: 1); // the second page of the round

        var failed = await harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Failed, failed.Status);
        Assert.NotNull(failed.Error);
        Assert.Equal(cursorBefore, await harness.SyncStore.GetCursorAsync("entra"));
        Assert.Equal(2, failed.Totals.Updated); // the first page was applied, and stays applied

        var rerun = await harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, rerun.Status);
        Assert.NotEqual(cursorBefore, await harness.SyncStore.GetCursorAsync("entra"));
        Assert.Equal((2, 2, 1), (rerun.Totals.Unchanged, rerun.Totals.Updated, rerun.Totals.Created));
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            Assert.Equal("Neurology", (await harness.RequireDoctorAsync(IdOf(n))).Department);
        }

        Assert.NotNull(await harness.DoctorAsync(IdOf(5)));
        var runs = await harness.SyncStore.ListRunsAsync(SyncHarness.Body);
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
        await harness.RunAsync(service, "entra");
        server.Tenant.Purge(IdOf(3)); // gone while our token was stale: only the full set can tell
        server.Tenant.Update(IdOf(1), u => u with { GivenName = "Updated" });
        server.ExpireTokens(status);

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.True(run.FullResync);
        Assert.Equal((1, 1), (run.Totals.Left, run.Totals.Updated));
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync(IdOf(3))).Status);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync(IdOf(2))).Status);
        Assert.Equal("Updated", (await harness.RequireDoctorAsync(IdOf(1))).GivenName);
        var next = await harness.RunAsync(service, "entra");
        Assert.False(next.FullResync);
    }

    [Fact]
    public async Task RunAsync_WhenAUserHasNoId_QueuesAnIssueAndAppliesTheOthers()
    {
        Doctors(1);
        server.SendOddUser("""{"accountEnabled":true,"givenName":"No","surname":"Id","employeeId":"7000999"}""");
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1), (run.Status, run.Totals.Created, run.Totals.Rejected));
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.Unreadable);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("71234567")]
    [InlineData("71234A6")]
    [InlineData(null)]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTheGmcNumberIsMalformed_CreatesNoDoctorAndQueuesAnIssueUntilFixed(string? gmc)
    {
        server.Tenant.Put(Doctor(1) with { EmployeeId = gmc });
        server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(1));
        Doctors(2);
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1), (run.Status, run.Totals.Created, run.Totals.Rejected));
        Assert.Null(await harness.DoctorAsync(IdOf(1)));
        var issue = Assert.Single(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidGmcNumber);
        Assert.Equal(IdOf(1), issue.ExternalId);

        server.Tenant.Update(IdOf(1), u => u with { EmployeeId = GmcOf(1) });
        var fixedRun = await harness.RunAsync(service, "entra");

        Assert.Equal(1, fixedRun.Totals.Created);
        Assert.NotNull(await harness.DoctorAsync(IdOf(1)));
        Assert.DoesNotContain(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidGmcNumber);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTwoUsersShareAGmcNumber_CreatesOneDoctorAndQueuesTheOther()
    {
        Doctors(1);
        server.Tenant.Put(Doctor(2, gmc: GmcOf(1)));
        server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(2));
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((1, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Null(await harness.DoctorAsync(IdOf(2)));
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.DuplicateGmcNumber && i.ExternalId == IdOf(2));
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTheGmcNumberIsTakenInAnotherBody_QueuesADuplicate()
    {
        var elsewhere = Core.Doctors.DoctorRecord.Create(SyncHarness.OtherBody, Core.Doctors.GmcNumber.Parse(GmcOf(1)), "Same", "Person",
            harness.Today.AddDays(300), true, 5, new RevalidationOptions()).Value!;
        Assert.True((await harness.Store.SaveDoctorAsync(elsewhere, [])).Saved);
        Doctors(1);
        var service = ServiceFor();

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((0, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.DuplicateGmcNumber);
    }

    [Fact]
    public async Task RunAsync_WhenAUserJoinsTheDoctorsGroup_CreatesTheDoctorFromTheirUserObject()
    {
        Doctors(1);
        server.Tenant.Put(Doctor(2)); // in the tenant, not yet a doctor
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        Assert.Null(await harness.DoctorAsync(IdOf(2)));
        server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(2)); // the user object itself does not change

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Created);
        Assert.NotNull(await harness.DoctorAsync(IdOf(2)));
        Assert.Contains(server.Requests, r => r.StartsWith($"/v1.0/users/{IdOf(2)}", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenAUserLeavesTheDoctorsGroup_MakesALeaver()
    {
        Doctors(1, 2);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        server.Tenant.RemoveMember(SyncHarness.DoctorsGroup, IdOf(1));

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Left);
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync(IdOf(1))).Status);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync(IdOf(2))).Status);

        server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(1));
        var back = await harness.RunAsync(service, "entra");
        Assert.Equal(1, back.Totals.Reactivated);
    }

    [Fact]
    public async Task RunAsync_WhenSelectedByAnAttributeRule_IgnoresEveryoneElse()
    {
        server.Tenant.Put(Doctor(1) with { EmployeeType = "Doctor" });
        server.Tenant.Put(Doctor(2) with { EmployeeType = "Nurse" });
        var service = ServiceFor(o =>
        {
            o.DoctorGroupIds = [];
            o.DoctorRule = new() { Attribute = "employeeType", Values = ["doctor"] };
        });

        var run = await harness.RunAsync(service, "entra");
        server.Tenant.Update(IdOf(1), u => u with { EmployeeType = "Manager" });
        var changed = await harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Created);
        Assert.Null(await harness.DoctorAsync(IdOf(2)));
        Assert.Equal(1, changed.Totals.Left);
    }

    [Fact]
    public async Task RunAsync_WhenTheGmcNumberIsInAnExtensionAttributeAndBodiesAreMapped_ReadsThemFromThere()
    {
        server.Tenant.Put(Doctor(1, gmc: "not-here") with { CompanyName = "Other Trust", ExtensionAttributes = new Dictionary<int, string> { [7] = GmcOf(1) } });
        server.Tenant.Put(Doctor(2, gmc: null) with { CompanyName = "Unmapped Trust", ExtensionAttributes = new Dictionary<int, string> { [7] = GmcOf(2) } });
        server.Tenant.AddMembers(SyncHarness.DoctorsGroup, [IdOf(1), IdOf(2)]);
        var service = ServiceFor(o =>
        {
            o.GmcNumberAttribute = "onPremisesExtensionAttributes.extensionAttribute7";
            o.DesignatedBodyAttribute = "companyName";
            o.DesignatedBodyMap = [new() { Value = "other trust", Code = SyncHarness.OtherBody.Value }];
        });

        var run = await harness.RunAsync(service, "entra");

        Assert.Equal((1, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Equal(GmcOf(1), (await harness.RequireDoctorAsync(IdOf(1), SyncHarness.OtherBody)).GmcNumber.Value);
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.UnknownDesignatedBody && i.ExternalId == IdOf(2));
    }

    [Fact]
    public async Task RunAsync_WhenRunTwiceInFull_ChangesNothingTheSecondTime()
    {
        Doctors(1, 2, 3);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra", SyncMode.Full);
        var doctor = await harness.RequireDoctorAsync(IdOf(1));
        var audit = (await harness.AuditAsync(doctor.Id)).Count;

        var again = await harness.RunAsync(service, "entra", SyncMode.Full);

        Assert.Equal((3, 0, 0, 0), (again.Totals.Unchanged, again.Totals.Created, again.Totals.Updated, again.Totals.Left));
        Assert.Equal(audit, (await harness.AuditAsync(doctor.Id)).Count);
        Assert.Equal(doctor.ETag, (await harness.RequireDoctorAsync(IdOf(1))).ETag);
    }

    [Fact]
    public async Task RunAsync_WhenANewDoctorHasNoRsdInTheDirectory_EstimatesItAndAsksForTheGmcDate()
    {
        Doctors(1);
        var service = ServiceFor();

        await harness.RunAsync(service, "entra");

        var doctor = await harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal((harness.Today.AddDays(365), false), (doctor.CurrentCycle!.Rsd, doctor.CurrentCycle.RsdConfirmed));
        Assert.Equal(harness.Today.Month, doctor.AppraisalDueMonth);
        Assert.Contains(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.RsdToConfirm && i.DoctorId == doctor.Id);
    }

    [Fact]
    public async Task RunAsync_WhenAFullSetWouldMakeMostDoctorsLeavers_FailsAndMarksNobody()
    {
        Doctors([.. Enumerable.Range(1, 30)]);
        var service = ServiceFor();
        await harness.RunAsync(service, "entra");
        foreach (var n in Enumerable.Range(1, 25))
        {
            server.Tenant.Purge(IdOf(n));
        }

        var run = await harness.RunAsync(service, "entra", SyncMode.Full);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("25 of 30", run.Error, StringComparison.Ordinal);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync(IdOf(1))).Status);
    }

    [Fact]
    public async Task RunAsync_WhenASourceIsAlreadyRunning_RefusesASecondRun()
    {
        Doctors(1);
        var service = ServiceFor();
        server.Fail("/v1.0/users/delta", 429, times: 1, retryAfter: TimeSpan.FromSeconds(1));

        var first = await service.StartAsync("entra", SyncMode.Incremental, "test");
        var second = await service.RunAsync("entra", SyncMode.Incremental, "test");
        await service.WhenFinishedAsync(first.Value!.Id);

        Assert.Equal(ServiceStatus.Conflict, second.Status);
        Assert.Equal(SyncRunStatus.Succeeded, (await harness.SyncStore.GetRunAsync(first.Value.Id))!.Status);
    }
}
