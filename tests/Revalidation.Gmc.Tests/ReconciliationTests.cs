using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.Gmc;
using Revalidation.Api.Tests;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;

namespace Revalidation.Gmc.Tests;

/// <summary>Connected-doctors reconciliation from GetDoctorsForDB, the RO's one-click add/remove, and the CSV route.</summary>
public sealed class ReconciliationTests(GmcWorld world) : IClassFixture<GmcWorld>
{
    private IDirectorySyncStore Issues => world.Factory.Services.GetRequiredService<IDirectorySyncStore>();

    private static Dictionary<string, string> GmcDoctor(string gmc, string rsd, string underNotice = "No", string investigation = "No") => new()
    {
        ["GMCReferenceNumber"] = gmc,
        ["DoctorFirstName"] = "Gmc",
        ["DoctorLastName"] = "Listed",
        ["SubmissionDate"] = rsd,
        ["DoctorStatus"] = "Licensed",
        ["DateAdded"] = "01/04/2020",
        ["UnderNotice"] = underNotice,
        ["Investigation"] = investigation,
        ["PreliminaryInvestigation"] = "No",
        ["Sanction"] = "No",
        ["SomeFutureField"] = "ignored",
    };

    private async Task<(DoctorRecord Matched, DoctorRecord Leaver, string Unknown, List<DataQualityIssue> Open)> ReconcileAsync()
    {
        var matched = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 400);
        var leaver = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 400, arrange: d => d.MarkLeaver(world.Factory.Today.AddDays(-10)));
        var unknown = TestDoctors.NewGmcNumber();
        var gmcRsd = world.Factory.Today.AddDays(100);
        world.Gmc.Doctors.Clear();
        world.Gmc.Doctors.Add(GmcDoctor(matched.GmcNumber.Value, gmcRsd.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), underNotice: "Yes", investigation: "Yes"));
        world.Gmc.Doctors.Add(GmcDoctor(leaver.GmcNumber.Value, "01/01/2028"));
        world.Gmc.Doctors.Add(GmcDoctor(unknown, "01/01/2028"));

        var report = await world.Reconciliation.RunFromGmcAsync(world.Code);
        Assert.Null(report.Failure);
        var open = (await Issues.ListIssuesAsync(world.Code, new DataQualityIssueQuery(DataQualityIssueStatus.Open, GmcReconciliationService.SourceIdOf(world.Code), 1000))).ToList();
        return (matched, leaver, unknown, open);
    }

    [Fact]
    public async Task Reconcile_FromGetDoctorsForDB_UpdatesMatchedDoctors_AndQueuesEachKindOfDiscrepancy()
    {
        var (matched, leaver, unknown, open) = await ReconcileAsync();

        var call = world.Gmc.CallsOf("GetDoctorsForDB").Last();
        Assert.Equal((GmcWorld.Body, $"\"{FakeGmcServer.Ns}GetDoctorsForDB\""), (call.Fields["DesignatedBodyCode"], call.SoapAction));

        // The GMC's RSD (R1), investigation flag (R10) and under-notice flag are taken into the record, with an audit event.
        var doctor = (await world.Factory.Doctors.GetDoctorAsync(world.Code, matched.Id))!;
        Assert.Equal(world.Factory.Today.AddDays(100), doctor.CurrentCycle!.Rsd);
        Assert.True(doctor.CurrentCycle.RsdConfirmed);
        Assert.True(doctor.Concerns.UnderGmcInvestigation);
        Assert.True(doctor.Gmc.Connection!.UnderNotice);
        using (var ro = world.Factory.ResponsibleOfficer())
        {
            var shown = await ro.GetFromJsonAsync<Revalidation.Api.Contracts.DoctorResponse>($"/api/doctors/{matched.Id}", TestJson.Options);
            Assert.Equal((true, true, true), (shown!.GmcConnection!.UnderNotice, shown.GmcConnection.Investigation, shown.UnderGmcInvestigation));
        }

        Assert.Contains(await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(DoctorId: matched.Id)), a => a.Action == GmcReconciliationService.ListChangedAction && a.Summary.Contains("revalidation date", StringComparison.Ordinal));

        Assert.Contains(open, i => i.Kind == DataQualityIssueKind.GmcConnectedNotInDirectory && i.ExternalId == unknown && i.DoctorId is null);
        Assert.Contains(open, i => i.Kind == DataQualityIssueKind.GmcLeaverStillConnected && i.DoctorId == leaver.Id);
        Assert.DoesNotContain(open, i => i.DoctorId == matched.Id);
        // Every active doctor of the body the GMC did not list (the demo doctors among them) is "not connected".
        var notConnected = open.Where(i => i.Kind == DataQualityIssueKind.GmcNotConnected).ToList();
        Assert.NotEmpty(notConnected);
        Assert.DoesNotContain(notConnected, i => i.DoctorId == leaver.Id || i.DoctorId == matched.Id);

        // A rerun updates the same issues rather than repeating them.
        await world.Reconciliation.RunFromGmcAsync(world.Code);
        var again = await Issues.ListIssuesAsync(world.Code, new DataQualityIssueQuery(DataQualityIssueStatus.Open, GmcReconciliationService.SourceIdOf(world.Code), 1000));
        Assert.Equal(open.Count, again.Count);
    }

    [Fact]
    public async Task OneClick_AddAndRemove_CallTheGmcWithTheChangeReason_ResolveTheIssue_AndWriteOneAuditEvent()
    {
        var (_, leaver, unknown, open) = await ReconcileAsync();
        using var ro = world.Factory.ResponsibleOfficer();
        var notConnected = open.First(i => i.Kind == DataQualityIssueKind.GmcNotConnected);
        var stray = open.Single(i => i.Kind == DataQualityIssueKind.GmcConnectedNotInDirectory && i.ExternalId == unknown);
        var leaverIssue = open.Single(i => i.DoctorId == leaver.Id);

        // No reason, a reason the GMC does not know, or the wrong action for the issue: 400 naming the field, nothing sent.
        var calls = world.Gmc.Calls.Count;
        var before = (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count;
        (await (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{notConnected.Id}/add", new { })).ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("changeReason");
        (await (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{notConnected.Id}/add", new { changeReason = "9" })).ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("changeReason");
        (await (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{notConnected.Id}/remove", new { changeReason = "1" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("issueId").AssertRule("R13");
        Assert.Equal(calls, world.Gmc.Calls.Count);
        Assert.Equal(before, (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count);

        var added = await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{notConnected.Id}/add", new { changeReason = "1" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var add = world.Gmc.CallsOf("TryAddDoctor").Last();
        Assert.Equal(("1", notConnected.ExternalId, GmcWorld.Body), (add.Fields["ChangeReason"], add.Fields["DoctorUID"], add.Fields["DesignatedBodyCode"]));
        Assert.Equal(DataQualityIssueStatus.Resolved, (await Issues.GetIssueAsync(world.Code, notConnected.Id))!.Status);
        var afterAdd = await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000));
        Assert.Equal(before + 1, afterAdd.Count);
        Assert.Equal(("doctor.gmc-connection-added", notConnected.DoctorId, Revalidation.Server.Demo.DemoSeeder.ResponsibleOfficer.UserId),
            (afterAdd[0].Action, afterAdd[0].DoctorId, afterAdd[0].ActorId));

        (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{stray.Id}/remove", new { changeReason = "3" })).EnsureSuccessStatusCode();
        (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{leaverIssue.Id}/remove", new { changeReason = "2" })).EnsureSuccessStatusCode();
        Assert.Equal(2, world.Gmc.CallsOf("TryRemoveDoctor").Count(c => c.Fields["DoctorUID"] == unknown || c.Fields["DoctorUID"] == leaver.GmcNumber.Value));
        var afterRemove = await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000));
        Assert.Equal(before + 3, afterRemove.Count);
        Assert.Contains(afterRemove, a => a.Action == "gmc.connection-removed" && a.DoctorId is null);
        Assert.Contains(afterRemove, a => a.Action == "doctor.gmc-connection-removed" && a.DoctorId == leaver.Id);

        // Done twice: the issue is resolved already.
        Assert.Equal(HttpStatusCode.Conflict, (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{stray.Id}/remove", new { changeReason = "3" })).StatusCode);
    }

    [Fact]
    public async Task OneClick_WhenTheGmcRefuses_AnswersWithItsCodeAndMeaning_AndResolvesNothing()
    {
        var (_, _, _, open) = await ReconcileAsync();
        var issue = open.First(i => i.Kind == DataQualityIssueKind.GmcNotConnected);
        world.Gmc.Script = c => c.Operation == "TryAddDoctor" ? FakeGmcServer.Reply(("ReturnCode", "160")) : null;
        try
        {
            using var ro = world.Factory.ResponsibleOfficer();
            var problem = await (await ro.PostAsJsonAsync($"/api/gmc/discrepancies/{issue.Id}/add", new { changeReason = "2" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("160", problem.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            world.Gmc.Script = null;
        }

        Assert.Equal(DataQualityIssueStatus.Open, (await Issues.GetIssueAsync(world.Code, issue.Id))!.Status);
    }

    [Fact]
    public async Task UploadCsv_WithBadRows_NamesEachLine_AndChangesNothing()
    {
        using var admin = world.Factory.Admin();
        var before = (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count;
        var csv = "GMC Reference Number,Doctor First Name,Doctor Last Name,Submission Date\n1234567,Ann,One,01/02/2028\n12345,Bad,Number,01/02/2028\n1234567,Ann,Again,01/02/2028\n7654321,Bad,Date,31/31/2028\n";

        using var response = await admin.PostAsync("/api/admin/gmc/connected-doctors", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.AssertNamesField("line 3");
        problem.AssertNamesField("line 4");
        problem.AssertNamesField("line 5");
        Assert.Equal(before, (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count);
    }

    [Fact]
    public async Task UploadCsv_RunsTheSameReconciliation()
    {
        var listed = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 500);
        var leaver = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 400, arrange: d => d.MarkLeaver(world.Factory.Today.AddDays(-3)));
        var unknown = TestDoctors.NewGmcNumber();
        var rsd = world.Factory.Today.AddDays(450);
        var csv = "\uFEFFGMC Reference Number,Doctor First Name,Doctor Last Name,Submission Date,Under Notice,Investigation\r\n"
            + $"{listed.GmcNumber},\"Test, Listed\",Tester,{rsd:dd/MM/yyyy},No,No\r\n"
            + $"{leaver.GmcNumber},Left,Tester,01/01/2028,No,No\r\n"
            + $"{unknown},Not,Here,01/01/2028,No,No\r\n";
        using var admin = world.Factory.Admin();

        // The test body has many more doctors than this list names: the admin confirms it is the whole list.
        using var response = await admin.PostAsync("/api/admin/gmc/connected-doctors?confirm=true", new StringContent(csv, Encoding.UTF8, "text/csv"));

        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<GmcReconciliationResponse>(TestJson.Options))!;
        Assert.Equal((3, 1, 1), (report.Listed, report.NotInDirectory, report.LeaversStillConnected));
        Assert.True(report.NotConnected > 0);
        Assert.Equal(rsd, (await world.Factory.Doctors.GetDoctorAsync(world.Code, listed.Id))!.CurrentCycle!.Rsd);
        using var ro = world.Factory.ResponsibleOfficer();
        var discrepancies = await ro.GetFromJsonAsync<List<Revalidation.Api.Contracts.DataQualityIssueResponse>>("/api/gmc/discrepancies", TestJson.Options);
        Assert.Contains(discrepancies!, i => i.ExternalId == unknown);
        Assert.Contains(discrepancies!, i => i.DoctorId == leaver.Id);
        var audit = await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 1));
        Assert.Equal(("gmc.connected-doctors-uploaded", "demo-admin"), (audit[0].Action, audit[0].ActorId));
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task UploadCsv_WhenTheListLacksMostOfTheBodysDoctors_IsRefusedUnlessConfirmed_AndChangesNothing()
    {
        using var admin = world.Factory.Admin();
        var before = (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count;

        using var headerOnly = await admin.PostAsync("/api/admin/gmc/connected-doctors", new StringContent("GMC Reference Number\n", Encoding.UTF8, "text/csv"));
        using var notCsv = await admin.PostAsync("/api/admin/gmc/connected-doctors", new StringContent("GMC Reference Number\n", Encoding.UTF8, "application/json"));

        var problem = await headerOnly.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("would be marked not connected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await notCsv.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count);
    }

    [Fact]
    public async Task PreviewCsv_SaysPerDoctorWhatTheListWouldChange_AndChangesNothing()
    {
        // Issue 14, item 2: a list is checked (what would change, per doctor) before it is applied.
        var moved = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 500);
        var same = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 300);
        var unknown = TestDoctors.NewGmcNumber();
        var rsd = world.Factory.Today.AddDays(900);
        var sameRsd = (await world.Factory.Doctors.GetDoctorAsync(world.Code, same.Id))!.CurrentCycle!.Rsd;
        var csv = "GMC Reference Number,Doctor First Name,Doctor Last Name,Submission Date,Under Notice,Investigation\r\n"
            + $"{moved.GmcNumber},Moved,Tester,{rsd:dd/MM/yyyy},No,Yes\r\n"
            + $"{same.GmcNumber},Same,Tester,{sameRsd:dd/MM/yyyy},No,No\r\n"
            + $"{unknown},Not,Here,01/01/2028,No,No\r\n";
        using var admin = world.Factory.Admin();
        var auditBefore = (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count;
        var before = (await world.Factory.Doctors.GetDoctorAsync(world.Code, moved.Id))!;

        using var response = await admin.PostAsync("/api/admin/gmc/connected-doctors/preview", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using var bad = await admin.PostAsync("/api/admin/gmc/connected-doctors/preview", new StringContent("GMC Reference Number\n12345\n", Encoding.UTF8, "text/csv"));

        response.EnsureSuccessStatusCode();
        var preview = (await response.Content.ReadFromJsonAsync<GmcListPreviewResponse>(TestJson.Options))!;
        Assert.Equal((3, 2, 1, true), (preview.Listed, preview.Matched, preview.NotInDirectory, preview.NeedsConfirmation));
        var change = Assert.Single(preview.Changes, c => c.DoctorId == moved.Id);
        Assert.Contains($"Revalidation date from {before.CurrentCycle!.Rsd:d MMMM yyyy} to {rsd:d MMMM yyyy}", change.Changes);
        Assert.Contains("The GMC now shows an investigation", change.Changes);
        Assert.DoesNotContain(preview.Changes, c => c.DoctorId == same.Id && c.Changes.Any(t => t.StartsWith("Revalidation date", StringComparison.Ordinal)));
        Assert.Contains(preview.Changes, c => c.DoctorId is null && c.GmcNumber == unknown);
        Assert.Contains(preview.Changes, c => c.Changes.Contains("Not in the list: would be marked not connected at the GMC"));
        Assert.Equal(preview.NotConnected, preview.Missing);
        (await bad.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("line 2");

        // Nothing changed: the record, its audit, the discrepancy queue.
        var after = (await world.Factory.Doctors.GetDoctorAsync(world.Code, moved.Id))!;
        Assert.Equal((before.CurrentCycle.Rsd, before.Concerns.UnderGmcInvestigation, before.ETag), (after.CurrentCycle!.Rsd, after.Concerns.UnderGmcInvestigation, after.ETag));
        Assert.Equal(auditBefore, (await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(Limit: 5000))).Count);
        Assert.DoesNotContain(await Issues.ListIssuesAsync(world.Code, new DataQualityIssueQuery(DataQualityIssueStatus.Open, GmcReconciliationService.SourceIdOf(world.Code), 1000)),
            i => i.ExternalId == unknown);
    }

    [Fact]
    public async Task WeeklyDigest_AfterAListMovedADoctorsRevalidationDate_NamesThemToTheRo_NotTheMedicalDirector()
    {
        // Issue 14, item 2: changes to RSDs and GMC flags from a list are listed to the RO in the next digest.
        var (matched, _, _, _) = await ReconcileAsync();
        var digests = world.Factory.Services.GetRequiredService<Revalidation.Core.Alerts.DigestService>();

        await digests.RunAsync();

        var ro = await world.Factory.Outbox.GetAlertAsync(world.Code, Revalidation.Core.Alerts.AlertKeys.WeeklyDigest(world.Code, world.Factory.Today, Revalidation.Core.Alerts.AlertRecipient.ResponsibleOfficer));
        var md = await world.Factory.Outbox.GetAlertAsync(world.Code, Revalidation.Core.Alerts.AlertKeys.WeeklyDigest(world.Code, world.Factory.Today, Revalidation.Core.Alerts.AlertRecipient.MedicalDirector));
        Assert.Contains($"{matched.DisplayName} (revalidation date {world.Factory.Today.AddDays(100):d MMMM yyyy})", ro!.Facts.Digest!.GmcListChanges!);
        Assert.True(ro.Facts.Digest.GmcListChangeCount >= 1);
        Assert.Null(md!.Facts.Digest!.GmcListChanges);
    }
}
