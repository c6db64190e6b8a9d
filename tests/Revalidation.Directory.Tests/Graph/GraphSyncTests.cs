using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Directory.Tests.Support;
using static Revalidation.Directory.Tests.Support.People;

namespace Revalidation.Directory.Tests.Graph;

/// <summary>Rounds, paging, resume, attributes, removals, membership and rules over the real Graph SDK.</summary>
public sealed class GraphSyncTests : GraphTestBase
{
    [Fact]
    public async Task RunAsync_WhenFirstRoundSpansSeveralPages_CreatesEveryDoctorAndSavesTheDeltaLink()
    {
        Server.PageSize = 2;
        Doctors(1, 2, 3, 4, 5);
        Server.Tenant.Put(new FakeUser(IdOf(90), "Pat", "Porter", null, Department: "Estates")); // not a doctor
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.True(run.FullResync);
        Assert.Equal(5, run.Totals.Created);
        Assert.Equal(0, run.Totals.Rejected);
        Assert.Equal(3, Server.Requests.Count(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal))); // 6 users in pages of 2
        var doctor = await Harness.RequireDoctorAsync(IdOf(3));
        Assert.Equal(GmcOf(3), doctor.GmcNumber.Value);
        Assert.Equal(("Given3", "Family3", "doctor3@trust.example", "Cardiology", "Consultant Cardiologist"),
            (doctor.GivenName, doctor.FamilyName, doctor.Email, doctor.Department, doctor.Specialty));
        Assert.Null(await Harness.DoctorAsync(IdOf(90)));
        Assert.Contains("/users/delta?$deltatoken=", await Harness.SyncStore.GetCursorAsync("entra"), StringComparison.Ordinal);
    }
    [Fact]
    public async Task RunAsync_WhenUsersDeltaRequested_SelectsTheMappedAttributesAndAlwaysAccountEnabled()
    {
        Doctors(1);
        var service = ServiceFor(o => o.GmcNumberAttribute = "onPremisesExtensionAttributes.extensionAttribute7");

        await Harness.RunAsync(service, "entra");

        var select = Uri.UnescapeDataString(Server.Requests.First(r => r.StartsWith("/v1.0/users/delta", StringComparison.Ordinal)));
        Assert.Contains("accountEnabled", select, StringComparison.Ordinal);
        Assert.Contains("onPremisesExtensionAttributes", select, StringComparison.Ordinal);
        Assert.Contains("department", select, StringComparison.Ordinal);
        Assert.Contains(Server.Requests, r => Uri.UnescapeDataString(r).Contains($"$filter=id eq '{SyncHarness.DoctorsGroup}'", StringComparison.Ordinal));
    }
    [Fact]
    public async Task RunAsync_WhenResumedFromTheStoredDeltaLink_ReplaysItVerbatimAndAppliesOnlyTheChanges()
    {
        Doctors(1, 2, 3);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        var cursor = await Harness.SyncStore.GetCursorAsync("entra");
        var deltaLink = System.Text.Json.JsonDocument.Parse(cursor!).RootElement.GetProperty("users").GetString()!;
        Server.Tenant.Update(IdOf(2), u => u with { Surname = "Married-Name", Department = "Oncology" });
        Server.ClearRequests();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Contains(new Uri(deltaLink).PathAndQuery, Server.Requests);
        Assert.False(run.FullResync);
        Assert.Equal((1, 1, 0, 0), (run.Totals.Seen, run.Totals.Updated, run.Totals.Created, run.Totals.Left));
        var doctor = await Harness.RequireDoctorAsync(IdOf(2));
        Assert.Equal(("Married-Name", "Oncology"), (doctor.FamilyName, doctor.Department));
        Assert.Contains(await Harness.AuditAsync(doctor.Id), e => e.Action == "doctor.directory-updated" && e.ActorId == "directory:entra");
    }
    [Fact]
    public async Task RunAsync_WhenDirectoryAttributesChange_KeepsWhatTheRevalidationTeamOwns()
    {
        Doctors(1);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        var doctor = await Harness.RequireDoctorAsync(IdOf(1));
        var gmcDate = Harness.Today.AddDays(400);
        Assert.True(doctor.Cycles.ConfirmRsd(gmcDate, Harness.Today).IsSuccess);
        Assert.True(doctor.Concerns.SetGmcInvestigation(true).IsSuccess);
        Assert.True(doctor.Appraisals.AssignAppraiser("appraiser-1").IsSuccess);
        Assert.True((await Harness.Doctors.SaveDoctorAsync(doctor, [])).Saved);
        Server.Tenant.Update(IdOf(1), u => u with { GivenName = "Renamed", JobTitle = "Medical Director" });

        await Harness.RunAsync(service, "entra");

        var after = await Harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal(("Renamed", "Medical Director"), (after.GivenName, after.Specialty));
        Assert.Equal((gmcDate, true), (after.CurrentCycle!.Rsd, after.CurrentCycle.RsdConfirmed));
        Assert.True(after.Concerns.UnderGmcInvestigation);
        Assert.Equal("appraiser-1", after.Appraisals.AppraiserId);
    }
    [Theory]
    [InlineData("changed")]
    [InlineData("deleted")]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenUserArrivesRemoved_MakesALeaverKeepsTheRecordAndTellsTheRo(string reason)
    {
        Doctors(1, 2);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Server.Tenant.Delete(IdOf(2), reason);

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Left);
        var leaver = await Harness.RequireDoctorAsync(IdOf(2));
        Assert.Equal((DoctorStatus.Leaver, Harness.Today), (leaver.Status, leaver.LeftOn));
        var alert = Assert.Single(await Harness.LeaverAlertsAsync());
        Assert.Equal((leaver.Id, Core.Alerts.AlertRecipient.ResponsibleOfficer), (alert.DoctorId, alert.Recipient));
        Assert.Equal(Core.Alerts.AlertKeys.Leaver(SyncHarness.Body, leaver.Id, Harness.Today), alert.Key);
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.Leaver && i.DoctorId == leaver.Id);
        Assert.Equal(DoctorStatus.Active, (await Harness.RequireDoctorAsync(IdOf(1))).Status);
    }
    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenAccountDisabledThenEnabled_MakesALeaverThenReactivates()
    {
        Doctors(1);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Server.Tenant.Update(IdOf(1), u => u with { AccountEnabled = false });

        var disabled = await Harness.RunAsync(service, "entra");
        var leaver = await Harness.RequireDoctorAsync(IdOf(1));
        Server.Tenant.Update(IdOf(1), u => u with { AccountEnabled = true });
        var enabled = await Harness.RunAsync(service, "entra");

        Assert.Equal((1, DoctorStatus.Leaver), (disabled.Totals.Left, leaver.Status));
        Assert.Equal(1, enabled.Totals.Reactivated);
        var back = await Harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal((DoctorStatus.Active, (DateOnly?)null), (back.Status, back.LeftOn));
        Assert.Single(await Harness.LeaverAlertsAsync());
        Assert.Contains(await Harness.AuditAsync(back.Id), e => e.Action == "doctor.reactivated");
    }
    [Fact]
    public async Task RunAsync_WhenAUserHasNoId_QueuesAnIssueAndAppliesTheOthers()
    {
        Doctors(1);
        Server.SendOddUser("""{"accountEnabled":true,"givenName":"No","surname":"Id","employeeId":"7000999"}""");
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1), (run.Status, run.Totals.Created, run.Totals.Rejected));
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.Unreadable);
    }
    [Theory]
    [InlineData("12345")]
    [InlineData("71234567")]
    [InlineData("71234A6")]
    [InlineData(null)]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTheGmcNumberIsMalformed_CreatesNoDoctorAndQueuesAnIssueUntilFixed(string? gmc)
    {
        Server.Tenant.Put(Doctor(1) with { EmployeeId = gmc });
        Server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(1));
        Doctors(2);
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1), (run.Status, run.Totals.Created, run.Totals.Rejected));
        Assert.Null(await Harness.DoctorAsync(IdOf(1)));
        var issue = Assert.Single(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidGmcNumber);
        Assert.Equal(IdOf(1), issue.ExternalId);

        Server.Tenant.Update(IdOf(1), u => u with { EmployeeId = GmcOf(1) });
        var fixedRun = await Harness.RunAsync(service, "entra");

        Assert.Equal(1, fixedRun.Totals.Created);
        Assert.NotNull(await Harness.DoctorAsync(IdOf(1)));
        Assert.DoesNotContain(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidGmcNumber);
    }
    [Fact]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTwoUsersShareAGmcNumber_CreatesOneDoctorAndQueuesTheOther()
    {
        Doctors(1);
        Server.Tenant.Put(Doctor(2, gmc: GmcOf(1)));
        Server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(2));
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((1, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Null(await Harness.DoctorAsync(IdOf(2)));
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.DuplicateGmcNumber && i.ExternalId == IdOf(2));
    }
    [Fact]
    [Trait("Rule", "R12")]
    public async Task RunAsync_WhenTheGmcNumberIsTakenInAnotherBody_QueuesADuplicate()
    {
        var elsewhere = Core.Doctors.DoctorRecord.Create(SyncHarness.OtherBody, Core.Doctors.GmcNumber.Parse(GmcOf(1)), "Same", "Person",
            Harness.Today.AddDays(300), true, 5, new RevalidationOptions()).Value!;
        Assert.True((await Harness.Doctors.SaveDoctorAsync(elsewhere, [])).Saved);
        Doctors(1);
        var service = ServiceFor();

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((0, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.DuplicateGmcNumber);
    }
    [Fact]
    public async Task RunAsync_WhenAUserJoinsTheDoctorsGroup_CreatesTheDoctorFromTheirUserObject()
    {
        Doctors(1);
        Server.Tenant.Put(Doctor(2)); // in the tenant, not yet a doctor
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Assert.Null(await Harness.DoctorAsync(IdOf(2)));
        Server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(2)); // the user object itself does not change

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Created);
        Assert.NotNull(await Harness.DoctorAsync(IdOf(2)));
        Assert.Contains(Server.Requests, r => r.StartsWith($"/v1.0/users/{IdOf(2)}", StringComparison.Ordinal));
    }
    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenAUserLeavesTheDoctorsGroup_MakesALeaver()
    {
        Doctors(1, 2);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");
        Server.Tenant.RemoveMember(SyncHarness.DoctorsGroup, IdOf(1));

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Left);
        Assert.Equal(DoctorStatus.Leaver, (await Harness.RequireDoctorAsync(IdOf(1))).Status);
        Assert.Equal(DoctorStatus.Active, (await Harness.RequireDoctorAsync(IdOf(2))).Status);

        Server.Tenant.AddMember(SyncHarness.DoctorsGroup, IdOf(1));
        var back = await Harness.RunAsync(service, "entra");
        Assert.Equal(1, back.Totals.Reactivated);
    }
    [Fact]
    public async Task RunAsync_WhenSelectedByAnAttributeRule_IgnoresEveryoneElse()
    {
        Server.Tenant.Put(Doctor(1) with { EmployeeType = "Doctor" });
        Server.Tenant.Put(Doctor(2) with { EmployeeType = "Nurse" });
        var service = ServiceFor(o =>
        {
            o.DoctorGroupIds = [];
            o.DoctorRule = new() { Attribute = "employeeType", Values = ["doctor"] };
        });

        var run = await Harness.RunAsync(service, "entra");
        Server.Tenant.Update(IdOf(1), u => u with { EmployeeType = "Manager" });
        var changed = await Harness.RunAsync(service, "entra");

        Assert.Equal(1, run.Totals.Created);
        Assert.Null(await Harness.DoctorAsync(IdOf(2)));
        Assert.Equal(1, changed.Totals.Left);
    }
    [Fact]
    public async Task RunAsync_WhenTheGmcNumberIsInAnExtensionAttributeAndBodiesAreMapped_ReadsThemFromThere()
    {
        Server.Tenant.Put(Doctor(1, gmc: "not-here") with { CompanyName = "Other Trust", ExtensionAttributes = new Dictionary<int, string> { [7] = GmcOf(1) } });
        Server.Tenant.Put(Doctor(2, gmc: null) with { CompanyName = "Unmapped Trust", ExtensionAttributes = new Dictionary<int, string> { [7] = GmcOf(2) } });
        Server.Tenant.AddMembers(SyncHarness.DoctorsGroup, [IdOf(1), IdOf(2)]);
        var service = ServiceFor(o =>
        {
            o.GmcNumberAttribute = "onPremisesExtensionAttributes.extensionAttribute7";
            o.DesignatedBodyAttribute = "companyName";
            o.DesignatedBodyMap = [new() { Value = "other trust", Code = SyncHarness.OtherBody.Value }];
        });

        var run = await Harness.RunAsync(service, "entra");

        Assert.Equal((1, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Equal(GmcOf(1), (await Harness.RequireDoctorAsync(IdOf(1), SyncHarness.OtherBody)).GmcNumber.Value);
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.UnknownDesignatedBody && i.ExternalId == IdOf(2));
    }
    [Fact]
    public async Task RunAsync_WhenRunTwiceInFull_ChangesNothingTheSecondTime()
    {
        Doctors(1, 2, 3);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra", SyncMode.Full);
        var doctor = await Harness.RequireDoctorAsync(IdOf(1));
        var audit = (await Harness.AuditAsync(doctor.Id)).Count;

        var again = await Harness.RunAsync(service, "entra", SyncMode.Full);

        Assert.Equal((3, 0, 0, 0), (again.Totals.Unchanged, again.Totals.Created, again.Totals.Updated, again.Totals.Left));
        Assert.Equal(audit, (await Harness.AuditAsync(doctor.Id)).Count);
        Assert.Equal(doctor.ETag, (await Harness.RequireDoctorAsync(IdOf(1))).ETag);
    }
    [Fact]
    public async Task RunAsync_WhenANewDoctorHasNoRsdInTheDirectory_EstimatesItAndAsksForTheGmcDate()
    {
        Doctors(1);
        var service = ServiceFor();

        await Harness.RunAsync(service, "entra");

        var doctor = await Harness.RequireDoctorAsync(IdOf(1));
        Assert.Equal((Harness.Today.AddDays(365), false), (doctor.CurrentCycle!.Rsd, doctor.CurrentCycle.RsdConfirmed));
        Assert.Equal(Harness.Today.Month, doctor.Appraisals.DueMonth);
        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.RsdToConfirm && i.DoctorId == doctor.Id);
    }
}
