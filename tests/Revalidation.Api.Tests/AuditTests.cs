using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Appraisals;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// docs/architecture.md#security audit: every mutation endpoint appends exactly one audit event (who, in which role, what,
/// when) in the same write as the change, and a failed mutation appends none. The admin's audit query filters.
/// </summary>
public sealed class AuditTests(ApiFactory factory) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly List<IDisposable> owned = [];

    private const string Body = "1-DEMO01";

    private const string LongText = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    /// <summary>What one mutation needs: the caller, a request that must fail and one that must succeed.</summary>
    private sealed record Step(Guid? DoctorId, string ActorId, HttpClient Client, Func<HttpRequestMessage> Bad, Func<HttpRequestMessage> Good);

    /// <summary>Every mutation endpoint (as the Server maps it), its audit action and the role it acts in.</summary>
    private static readonly Dictionary<string, (string Action, string Role, Func<AuditTests, Task<Step>> Arrange)> Mutations = new()
    {
        ["PUT /api/doctors/{doctorId:guid}/declarations/{year:int}"] = ("declaration.made", Roles.Doctor, t => t.DeclarationAsync()),
        ["PUT /api/doctors/{doctorId:guid}/flags"] = ("doctor.flags-changed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/doctors/{id}/flags", new { }), id => Put($"/api/doctors/{id}/flags", new { underGmcInvestigation = true }))),
        ["PUT /api/doctors/{doctorId:guid}/rsd"] = ("cycle.rsd-confirmed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/doctors/{id}/rsd", new { rsd = new DateOnly(1900, 1, 1) }), id => Put($"/api/doctors/{id}/rsd", new { rsd = t.Factory.Today.AddDays(200) }))),
        ["PUT /api/doctors/{doctorId:guid}/appraiser"] = ("doctor.appraiser-allocated", Roles.Admin, t => t.AppraiserAllocationAsync()),
        ["PUT /api/doctors/{doctorId:guid}/cycle-start"] = ("cycle.start-changed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/doctors/{id}/cycle-start", new { startDate = t.Factory.Today.AddDays(10) }), id => Put($"/api/doctors/{id}/cycle-start", new { startDate = t.Factory.Today.AddYears(-2) }))),
        ["PUT /api/doctors/{doctorId:guid}/appraisal-due-month"] = ("appraisal.due-month-changed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/doctors/{id}/appraisal-due-month", new { month = 13 }), id => Put($"/api/doctors/{id}/appraisal-due-month", new { month = 5 }))),
        ["PUT /api/doctors/{doctorId:guid}/patient-feedback"] = ("cycle.patient-feedback-not-applicable", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/doctors/{id}/patient-feedback", new { notApplicableReason = new string('x', 1001) }),
            id => Put($"/api/doctors/{id}/patient-feedback", new { notApplicableReason = "Pathology: no patient contact; alternative agreed." }))),
        ["POST /api/doctors/{doctorId:guid}/appraisals/{year:int}/postpone"] = ("appraisal.postponed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Post($"/api/doctors/{id}/appraisals/{t.Year}/postpone", new { until = new AppraisalYear(t.Year).End.AddDays(30), reason = "" }),
            id => Post($"/api/doctors/{id}/appraisals/{t.Year}/postpone", new { until = new AppraisalYear(t.Year).End.AddDays(30), reason = "Sick leave" }))),
        ["PUT /api/doctors/{doctorId:guid}/conflict"] = ("doctor.conflict-declared", Roles.Admin, t => t.ConflictAsync()),
        ["PUT /api/doctors/{doctorId:guid}/appraiser-conflicts/{appraiserId}"] = ("doctor.appraiser-conflict-declared", Roles.Admin, t => t.AppraiserConflictAsync(declared: false)),
        ["DELETE /api/doctors/{doctorId:guid}/appraiser-conflicts/{appraiserId}"] = ("doctor.appraiser-conflict-withdrawn", Roles.Admin, t => t.AppraiserConflictAsync(declared: true)),
        ["POST /api/appraisal-allocations/apply"] = ("doctor.appraiser-allocated", Roles.Admin, t => t.AllocationApplyAsync()),
        ["POST /api/doctors/{doctorId:guid}/evidence/"] = ("evidence.added", Roles.Doctor, t => t.UploadAsync()),
        ["POST /api/doctors/{doctorId:guid}/evidence/direct-uploads"] = ("evidence.upload-declared", Roles.Doctor, t => t.DirectUploadAsync()),
        ["POST /api/doctors/{doctorId:guid}/evidence/{evidenceId:guid}/withdraw"] = ("evidence.withdrawn", Roles.Doctor, t => t.WithdrawAsync()),
        ["PUT /api/doctors/{doctorId:guid}/appraisals/{year:int}/"] = ("appraisal.recorded", Roles.Appraiser, t => t.AppraisalAsync()),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/"] = ("appraisal.missed-requested", Roles.Doctor, t => t.AppraisalRequestStepAsync(false,
            (id, _) => Post($"/api/doctors/{id}/appraisal-requests", new { kind = "ApprovedMissed", year = t.Year, reason = "" }),
            (id, _) => Post($"/api/doctors/{id}/appraisal-requests", new { kind = "ApprovedMissed", year = t.Year, reason = "Sick leave", absentFrom = new Core.Appraisals.AppraisalYear(t.Year).Start }))),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/withdraw"] = ("appraisal.request-withdrawn", Roles.Doctor, t => t.AppraisalRequestStepAsync(false,
            (id, _) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/appraisal-requests/{Guid.NewGuid()}/withdraw"),
            (id, request) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/appraisal-requests/{request}/withdraw"), pending: true)),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/approve"] = ("appraisal.missed-approved", Roles.ResponsibleOfficer, t => t.AppraisalRequestStepAsync(true,
            (id, _) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/appraisal-requests/{Guid.NewGuid()}/approve"),
            (id, request) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/appraisal-requests/{request}/approve"), pending: true)),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/decline"] = ("appraisal.request-declined", Roles.ResponsibleOfficer, t => t.AppraisalRequestStepAsync(true,
            (id, request) => Post($"/api/doctors/{id}/appraisal-requests/{request}/decline", new { reason = "" }),
            (id, request) => Post($"/api/doctors/{id}/appraisal-requests/{request}/decline", new { reason = "The dates are not those of the leave" }), pending: true)),
        ["POST /api/doctors/{doctorId:guid}/appraisals/{year:int}/approve-missed"] = ("appraisal.missed-approved", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Post($"/api/doctors/{id}/appraisals/{t.Year - 1}/approve-missed", new { reason = "" }),
            id => Post($"/api/doctors/{id}/appraisals/{t.Year - 1}/approve-missed", new { reason = "Sick leave" }))),
        ["POST /api/doctors/{doctorId:guid}/recommendations/"] = ("recommendation.drafted", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Post($"/api/doctors/{id}/recommendations", Recommend.Defer(t.Factory.Today.AddDays(30 + 59))),
            id => Post($"/api/doctors/{id}/recommendations", Recommend.Revalidate()))),
        ["PUT /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}"] = ("recommendation.edited", Roles.ResponsibleOfficer, t => t.RecommendationStepAsync(
            submit: false,
            (id, r) => WithIfMatch(Put($"/api/doctors/{id}/recommendations/{r}", Recommend.Revalidate("Stale")), "\"999\""),
            (id, r) => Put($"/api/doctors/{id}/recommendations/{r}", Recommend.Revalidate("Edited")))),
        ["PUT /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/ready"] = ("recommendation.marked-ready", Roles.ResponsibleOfficer, t => t.RecommendationStepAsync(
            submit: false,
            (id, r) => Put($"/api/doctors/{id}/recommendations/{r}/ready", new { }),
            (id, r) => Put($"/api/doctors/{id}/recommendations/{r}/ready", new { ready = true }))),
        ["POST /api/doctors/{doctorId:guid}/notes"] = ("note.added", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Post($"/api/doctors/{id}/notes", new { text = "" }), id => Post($"/api/doctors/{id}/notes", new { text = "Discussed at the team meeting" }))),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/notes"] = ("note.added-to-recommendation", Roles.ResponsibleOfficer, t => t.RecommendationStepAsync(
            submit: false,
            (id, r) => Post($"/api/doctors/{id}/recommendations/{r}/notes", new { text = new string('x', 2001) }),
            (id, r) => Post($"/api/doctors/{id}/recommendations/{r}/notes", new { text = "Decision reasoning" }))),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/start"] = ("non-engagement.started", Roles.ResponsibleOfficer, t => t.NonEngagementStepAsync(started: false, letters: 0,
            id => Post($"/api/doctors/{id}/non-engagement/start", new { reason = "Nothing" }), id => Post($"/api/doctors/{id}/non-engagement/start", new { reason = "Appraisal" }))),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/steps/{step:int}/send"] = ("non-engagement.letter-sent", Roles.ResponsibleOfficer, t => t.NonEngagementStepAsync(started: true, letters: 0,
            id => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/non-engagement/steps/2/send"), id => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/non-engagement/steps/1/send"))),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/steps/{step:int}/reply"] = ("non-engagement.reply-recorded", Roles.ResponsibleOfficer, t => t.NonEngagementStepAsync(started: true, letters: 1,
            id => Post($"/api/doctors/{id}/non-engagement/steps/1/reply", new { }), id => Post($"/api/doctors/{id}/non-engagement/steps/1/reply", new { note = "No reply" }))),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/close"] = ("non-engagement.closed", Roles.ResponsibleOfficer, t => t.NonEngagementStepAsync(started: true, letters: 1,
            id => Post($"/api/doctors/{id}/non-engagement/close", new { outcome = "EngagedAgain" }), id => Post($"/api/doctors/{id}/non-engagement/close", new { outcome = "EngagedAgain", note = "Booked" }))),
        ["PUT /api/admin/letter-templates/{step:int}"] = ("letter-template.changed", Roles.Admin, t => t.AdminStepAsync(
            () => Put("/api/admin/letter-templates/2", new { subject = "Reply by {reply by dat}", body = "Text" }),
            () => Put("/api/admin/letter-templates/2", new { subject = LetterDefault(2).Subject, body = LetterDefault(2).Body }))),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/submit"] = ("recommendation.submitted", Roles.ResponsibleOfficer, t => t.RecommendationStepAsync(
            submit: false,
            (id, _) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/recommendations/{Guid.NewGuid()}/submit"),
            (id, r) => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{id}/recommendations/{r}/submit"))),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/outcome"] = ("recommendation.outcome-recorded", Roles.ResponsibleOfficer, t => t.RecommendationStepAsync(
            submit: true,
            (id, r) => Post($"/api/doctors/{id}/recommendations/{r}/outcome", new { outcome = "Approved", newRsd = new DateOnly(1900, 1, 1) }),
            (id, r) => Post($"/api/doctors/{id}/recommendations/{r}/outcome", new { outcome = "UnderReview" }))),
        ["PUT /api/recommendations/ready/{doctorId:guid}"] = ("recommendation.ready-list-placed", Roles.ResponsibleOfficer, t => t.RoDoctorStepAsync(
            id => Put($"/api/recommendations/ready/{id}", new { ready = false, note = "" }),
            id => Put($"/api/recommendations/ready/{id}", new { ready = false, note = "Awaiting a complaint review" }))),
        ["PUT /api/admin/designated-body"] = ("designated-body.settings-changed", Roles.Admin, t => t.AdminStepAsync(
            () => Put("/api/admin/designated-body", new { name = "Renamed", medicalDirectorEmail = "not an email" }),
            () => Put("/api/admin/designated-body", new { name = "Demo NHS Foundation Trust", medicalDirectorEmail = "medical.director@demo-trust.example", adminEmail = "revalidation.admin@demo-trust.example" }))),
        ["PUT /api/admin/designated-body/responsible-officer"] = ("designated-body.ro-assigned", Roles.Admin, t => t.AdminStepAsync(
            () => Put("/api/admin/designated-body/responsible-officer", new { userId = "other-ro", name = "Dr Other", gmcNumber = "123" }),
            () => Put("/api/admin/designated-body/responsible-officer", new { userId = DemoSeeder.ResponsibleOfficer.UserId, name = DemoSeeder.ResponsibleOfficer.Name, email = DemoSeeder.ResponsibleOfficer.Email, gmcNumber = DemoSeeder.ResponsibleOfficer.GmcNumber }))),
        ["POST /api/admin/designated-body/appraisers"] = ("designated-body.appraiser-added", Roles.Admin, t => t.AdminStepAsync(
            () => Post("/api/admin/designated-body/appraisers", new { userId = DemoSeeder.Appraiser.UserId, name = "Duplicate" }),
            () => Post("/api/admin/designated-body/appraisers", new { userId = $"appraiser-{Guid.NewGuid():N}", name = "Dr New Appraiser", gmcNumber = TestDoctors.NewGmcNumber() }))),
        ["DELETE /api/admin/designated-body/appraisers/{userId}"] = ("designated-body.appraiser-removed", Roles.Admin, t => t.RemoveAppraiserAsync()),
        ["POST /api/admin/gmc/connected-doctors"] = ("gmc.connected-doctors-uploaded", Roles.Admin, t => t.AdminStepAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/gmc/connected-doctors") { Content = new StringContent("GMC Reference Number\n12345\n", System.Text.Encoding.UTF8, "text/csv") },
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/gmc/connected-doctors?confirm=true") { Content = new StringContent("GMC Reference Number,Doctor First Name,Doctor Last Name\n9876543,Ann,Elsewhere\n", System.Text.Encoding.UTF8, "text/csv") })),
        // Issue 16, item 6: the import as a whole is audited (a line that changes a doctor adds that doctor's event: ToolkitImportApiTests).
        ["POST /api/admin/imports/appraisals/apply"] = ("import.appraisals-applied", Roles.Admin, t => t.AdminStepAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/imports/appraisals/apply") { Content = ToolkitImportApiTests.Form("gmc_number,appraisal_year,meeting_date,appraiser_name,pdp_agreed\n1234567,2025/26,14/06/2025,Dr A,yes\n", withHash: false, sha256: "0") },
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/imports/appraisals/apply") { Content = ToolkitImportApiTests.Form("gmc_number,appraisal_year,meeting_date,appraiser_name,pdp_agreed\n1234567,2025/26,14/06/2025,Dr A,yes\n", withHash: true) })),
        ["POST /api/admin/imports/feedback/apply"] = ("import.feedback-applied", Roles.Admin, t => t.AdminStepAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/imports/feedback/apply") { Content = ToolkitImportApiTests.Form("gmc_number,kind\n1234567,colleague\n", withHash: true) },
            () => new HttpRequestMessage(HttpMethod.Post, "/api/admin/imports/feedback/apply") { Content = ToolkitImportApiTests.Form("gmc_number,kind,completed_date,provider\n1234567,colleague,01/06/2025,Edgecumbe\n", withHash: true) })),
        ["POST /api/admin/dead-letters/retry"] = ("alerts.dead-letters-retried", Roles.Admin, t => t.AdminStepAsync(
            () => Post("/api/admin/dead-letters/retry", new { }),
            () => Post("/api/admin/dead-letters/retry", new { keys = Array.Empty<string>(), all = true }))),
        ["POST /api/admin/directory/sources/{sourceId}/runs"] = ("directory.sync-started", Roles.Admin, t => t.AdminStepAsync(
            () => Post("/api/admin/directory/sources/no-such-source/runs", new { mode = "Incremental" }),
            () => Post($"/api/admin/directory/sources/{DemoSeeder.DirectorySourceId}/runs", new { mode = "Incremental" }))),
        ["POST /api/admin/directory/issues/{issueId:guid}/resolve"] = ("directory.issue-resolved", Roles.Admin, t => t.ResolveIssueStepAsync()),

        // Issue 16, item 8: queues a team works (the same endpoints on both queues).
        ["POST /api/admin/directory/issues/{issueId:guid}/owner"] = ("directory.issue-owner-changed", Roles.Admin, t => t.IssueWorkStepAsync(false, "owner", new { userId = "someone-else" }, new { userId = "me" })),
        ["POST /api/admin/directory/issues/{issueId:guid}/notes"] = ("directory.issue-note-added", Roles.Admin, t => t.IssueWorkStepAsync(false, "notes", new { note = " " }, new { note = "Asked HR to correct it" })),
        ["POST /api/admin/directory/issues/{issueId:guid}/hide"] = ("directory.issue-hidden", Roles.Admin, t => t.IssueWorkStepAsync(false, "hide", new { until = t.Factory.Today }, new { until = t.Factory.Today.AddDays(30) })),
        ["POST /api/admin/directory/issues/{issueId:guid}/unhide"] = ("directory.issue-unhidden", Roles.Admin, t => t.IssueWorkStepAsync(false, "unhide", null, null)),
        ["POST /api/gmc/discrepancies/{issueId:guid}/owner"] = ("gmc.issue-owner-changed", Roles.ResponsibleOfficer, t => t.IssueWorkStepAsync(true, "owner", new { userId = "someone-else", name = "" }, new { userId = "me" })),
        ["POST /api/gmc/discrepancies/{issueId:guid}/notes"] = ("gmc.issue-note-added", Roles.ResponsibleOfficer, t => t.IssueWorkStepAsync(true, "notes", new { note = new string('x', 2_001) }, new { note = "Asked the doctor" })),
        ["POST /api/gmc/discrepancies/{issueId:guid}/hide"] = ("gmc.issue-hidden", Roles.ResponsibleOfficer, t => t.IssueWorkStepAsync(true, "hide", new { until = t.Factory.Today.AddYears(2) }, new { until = t.Factory.Today.AddDays(30) })),
        ["POST /api/gmc/discrepancies/{issueId:guid}/unhide"] = ("gmc.issue-unhidden", Roles.ResponsibleOfficer, t => t.IssueWorkStepAsync(true, "unhide", null, null)),
        ["POST /api/admin/directory/sources/{sourceId}/runs/{runId:guid}/confirm"] = ("directory.leavers-confirmed", Roles.Admin, t => t.ConfirmRunStepAsync()),
    };

    /// <summary>
    /// Mutations that need the GMC web service (a local SOAP server): their audit events are asserted in
    /// Revalidation.Gmc.Tests (GmcApiTests), which runs the Server against one.
    /// </summary>
    private static readonly HashSet<string> AuditedInGmcTests =
    [
        "POST /api/gmc/discrepancies/{issueId:guid}/add",
        "POST /api/gmc/discrepancies/{issueId:guid}/remove",

        // Issue 16: need a held recommendation (this factory has no hold); HoldTests proves their audit events.
        "POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/cancel",
        "POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/send-now",
        "POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/entered-in-gmc-connect",
        "POST /api/recommendations/batch",
    ];

    /// <summary>POSTs that change nothing: a dry run of a directory source or of a GMC Connect list (issue 14, items 1 and 2).</summary>
    private static readonly HashSet<string> ReadsByPost = ["POST /api/appraisal-allocations/suggest", "POST /api/admin/directory/sources/{sourceId}/preview", "POST /api/admin/gmc/connected-doctors/preview",
        "POST /api/admin/imports/appraisals/preview", "POST /api/admin/imports/feedback/preview", "POST /api/admin/letter-templates/{step:int}/preview"];

    private static Core.NonEngagement.LetterTemplate LetterDefault(int step) => Core.NonEngagement.LetterTemplates.Default(step);

    public static TheoryData<string> MutationEndpoints() => [.. Mutations.Keys];

    private ApiFactory Factory => factory;

    private int Year => Years.Containing(factory.Today);

    [Fact]
    public void MutationTable_NamesEveryMappedEndpointThatIsNotARead()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(k => !k.StartsWith("GET ", StringComparison.Ordinal) && k != "POST /api/demo/token" && !AuditedInGmcTests.Contains(k) && !ReadsByPost.Contains(k))
            .ToHashSet();

        Assert.Equal(mapped.Order(), Mutations.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(MutationEndpoints))]
    public async Task Mutation_WhenItFailsAppendsNoAuditEvent_AndWhenItSucceedsExactlyOneNamingActorRoleAndAction(string endpoint)
    {
        var (action, role, arrange) = Mutations[endpoint];
        var step = await arrange(this);
        using var client = step.Client;

        var before = await CountAsync();
        using (var bad = await client.SendAsync(step.Bad()))
        {
            Assert.True((int)bad.StatusCode is >= 400 and < 500, $"The bad request to {endpoint} answered {(int)bad.StatusCode}: {await bad.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(before, await CountAsync());

        using (var good = await client.SendAsync(step.Good()))
        {
            Assert.True(good.IsSuccessStatusCode, $"The good request to {endpoint} answered {(int)good.StatusCode}: {await good.Content.ReadAsStringAsync()}");
        }

        var events = await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse(Body), new AuditQuery(Limit: 1000));
        var added = events.Take(events.Count - before).ToList();
        var newest = Assert.Single(added, e => e.Action == action);
        Assert.Same(events[0], newest);

        // A GMC list also records, per doctor, what it changed in that doctor's record (docs/domain.md#r10); nothing else adds more than one event.
        var perDoctor = endpoint == "POST /api/admin/gmc/connected-doctors" ? "doctor.gmc-reconciled" : null;
        Assert.All(added.Where(e => e != newest), e => Assert.Equal((perDoctor, step.ActorId), (e.Action, e.ActorId)));
        Assert.Equal((action, step.ActorId, role, step.DoctorId), (newest.Action, newest.ActorId, newest.ActorRole, newest.DoctorId));
        Assert.Equal(factory.Time.GetUtcNow(), newest.OccurredAt);
        Assert.False(string.IsNullOrWhiteSpace(newest.Summary));
        Assert.False(string.IsNullOrWhiteSpace(newest.Change));
    }

    [Fact]
    public async Task QueryAudit_WhenFilteredByDoctorUserAndTime_ReturnsTheMatchingEventsNewestFirst()
    {
        var a = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        var b = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        using var ro = factory.ResponsibleOfficer();
        using var admin = factory.Admin();
        using var doctorA = factory.ClientFor(a);
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var t0 = factory.Time.GetUtcNow();
        await OkAsync(ro.PutAsync($"/api/doctors/{a.Id}/flags", Http.Json(new { openLocalProcess = true })));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var t1 = factory.Time.GetUtcNow();
        await OkAsync(ro.PutAsync($"/api/doctors/{b.Id}/rsd", Http.Json(new { rsd = factory.Today.AddDays(320) })));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var t2 = factory.Time.GetUtcNow();
        await OkAsync(admin.PutAsync($"/api/doctors/{a.Id}/appraiser", Http.Json(new { appraiserId = (string?)null })));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var t3 = factory.Time.GetUtcNow();
        await OkAsync(doctorA.PutAsync($"/api/doctors/{a.Id}/declarations/{Year}", Http.Json(new { probity = true, health = true, noSignificantEvents = true, noComplimentsOrComplaints = true })));

        var ofA = await QueryAsync(admin, $"doctorId={a.Id}");
        Assert.Equal(["declaration.made", "doctor.appraiser-allocated", "doctor.flags-changed"], ofA.Select(e => e.Action));
        Assert.Equal([t3, t2, t0], ofA.Select(e => e.OccurredAt));

        var byAdminOnA = await QueryAsync(admin, $"doctorId={a.Id}&userId=demo-admin");
        Assert.Equal(("doctor.appraiser-allocated", "Admin"), (Assert.Single(byAdminOnA).Action, byAdminOnA[0].ActorRole));

        var byRo = await QueryAsync(admin, $"userId=demo-ro&from={Iso(t0)}");
        Assert.Equal([(b.Id, "cycle.rsd-confirmed"), (a.Id, "doctor.flags-changed")], byRo.Select(e => (e.DoctorId!.Value, e.Action)));

        var window = await QueryAsync(admin, $"from={Iso(t1)}&to={Iso(t2)}");
        Assert.Equal([(a.Id, "doctor.appraiser-allocated"), (b.Id, "cycle.rsd-confirmed")], window.Select(e => (e.DoctorId!.Value, e.Action)));

        var dateOnly = await QueryAsync(admin, $"doctorId={a.Id}&from={t0:yyyy-MM-dd}");
        Assert.Equal(3, dateOnly.Count);

        var offset = await QueryAsync(admin, $"doctorId={a.Id}&to={Uri.EscapeDataString(t0.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))}");
        Assert.Equal("doctor.flags-changed", Assert.Single(offset).Action);

        Assert.Single(await QueryAsync(admin, $"doctorId={a.Id}&pageSize=1"));
    }

    [Theory]
    [InlineData("from=notadate", "from")]
    [InlineData("from=2026-13-45", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-25&to=2026-11-24", "from")]
    [InlineData("doctorId=123", "doctorId")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=all", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=two", "page")]
    [InlineData("q=" + LongText, "q")]
    [InlineData("person=" + LongText, "person")]
    [InlineData("doctor=" + LongText, "doctor")]
    public async Task QueryAudit_WhenAParameterIsInvalid_Returns400NamingIt(string query, string parameter)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/admin/audit?{query}");

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(parameter);
    }

    [Fact]
    public async Task QueryAudit_WhenAnotherBodyHasEvents_ShowsOnlyTheCallersBodyAndAppendsNothing()
    {
        var other = DesignatedBodyCode.Parse("1-AUDITX");
        var body = DesignatedBody.Create(other, "Audit Other Trust", new StaffMember("audit-other-ro", "Dr Other")).Value!;
        var created = AuditEvent.Create(other, null, new Actor("audit-other-admin", Roles.Admin), "designated-body.created", "Created", factory.Time.GetUtcNow());
        Assert.True((await factory.Bodies.SaveDesignatedBodyAsync(body, [created])).Saved);
        using var admin = factory.Admin();
        using var otherAdmin = factory.ClientAs("audit-other-admin", Roles.Admin, other.Value);
        var before = await CountAsync();

        var ours = await QueryAsync(admin, "pageSize=200");
        var theirs = await QueryAsync(otherAdmin, "pageSize=200");

        Assert.DoesNotContain(ours, e => e.Id == created.Id);
        Assert.Equal(created.Id, Assert.Single(theirs).Id);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task PutSettings_WithAStaleIfMatch_Returns409AndAppendsNothing()
    {
        using var admin = factory.Admin();
        using var read = await admin.GetAsync("/api/admin/designated-body");
        var stale = read.Headers.ETag!.Tag;
        var settings = await read.ReadAsync<DesignatedBodyResponse>();
        object body = new { name = settings.Name, medicalDirectorEmail = settings.MedicalDirectorEmail, adminEmail = settings.AdminEmail };
        await OkAsync(admin.SendAsync(WithIfMatch(Put("/api/admin/designated-body", body), stale)));
        var before = await CountAsync();
        var current = await admin.GetStringAsync("/api/admin/designated-body");

        using var response = await admin.SendAsync(WithIfMatch(Put("/api/admin/designated-body", new { name = "Overwritten" }), stale));

        await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await CountAsync());
        Assert.Equal(current, await admin.GetStringAsync("/api/admin/designated-body"));
    }

    // ---- arrangements ----

    /// <summary>
    /// Issue 16, item 5: a doctor's approved-missed request for this year — asked by the doctor (or, with
    /// <paramref name="pending"/>, already pending), then acted on by the doctor or, with <paramref name="byRo"/>, the RO.
    /// </summary>
    private async Task<Step> AppraisalRequestStepAsync(bool byRo, Func<Guid, Guid, HttpRequestMessage> bad, Func<Guid, Guid, HttpRequestMessage> good, bool pending = false)
    {
        var requestId = Guid.Empty;
        var year = new Core.Appraisals.AppraisalYear(Year);
        var today = factory.Today;
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300, arrange: d =>
        {
            if (pending)
            {
                var asked = d.Appraisals.Ask(Core.Appraisals.AppraisalRequestKind.ApprovedMissed, year, "Sick leave", null, year.Start, null, d.DirectoryId ?? "doctor", today);
                Assert.True(asked.IsSuccess, asked.Outcome.ToString());
                requestId = asked.Value!.Id;
            }
        });
        return byRo
            ? new Step(doctor.Id, DemoSeeder.ResponsibleOfficer.UserId, factory.ResponsibleOfficer(), () => bad(doctor.Id, requestId), () => good(doctor.Id, requestId))
            : new Step(doctor.Id, doctor.DirectoryId!, factory.ClientFor(doctor), () => bad(doctor.Id, requestId), () => good(doctor.Id, requestId));
    }

    private async Task<Step> RoDoctorStepAsync(Func<Guid, HttpRequestMessage> bad, Func<Guid, HttpRequestMessage> good)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        return new Step(doctor.Id, DemoSeeder.ResponsibleOfficer.UserId, factory.ResponsibleOfficer(), () => bad(doctor.Id), () => good(doctor.Id));
    }

    /// <summary>A doctor with an email address and, if asked, an open non-engagement episode with some letters sent.</summary>
    private async Task<Step> NonEngagementStepAsync(bool started, int letters, Func<Guid, HttpRequestMessage> bad, Func<Guid, HttpRequestMessage> good)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 200,
            arrange: d => Assert.True(d.UpdateDirectoryDetails(d.GivenName, d.FamilyName, "audit.doctor@example.nhs.uk", null, null, null).IsSuccess));
        var ro = factory.ResponsibleOfficer();
        if (started)
        {
            await OkAsync(ro.SendAsync(Post($"/api/doctors/{doctor.Id}/non-engagement/start", new { reason = "Appraisal" })));
        }

        for (var n = 1; n <= letters; n++)
        {
            await OkAsync(ro.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctor.Id}/non-engagement/steps/{n}/send")));
        }

        return new Step(doctor.Id, DemoSeeder.ResponsibleOfficer.UserId, ro, () => bad(doctor.Id), () => good(doctor.Id));
    }

    private async Task<Step> RecommendationStepAsync(bool submit, Func<Guid, Guid, HttpRequestMessage> bad, Func<Guid, Guid, HttpRequestMessage> good)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        var ro = factory.ResponsibleOfficer();
        // A deferral: its submission needs no check step (decision (d) asks reasons for gaps of a revalidate recommendation only).
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Defer(doctor.CurrentCycle!.Rsd.AddDays(90)));
        if (submit)
        {
            await OkAsync(ro.SubmitAsync(doctor.Id, draft.Id));
        }

        return new Step(doctor.Id, DemoSeeder.ResponsibleOfficer.UserId, ro, () => bad(doctor.Id, draft.Id), () => good(doctor.Id, draft.Id));
    }

    private Task<Step> AdminStepAsync(Func<HttpRequestMessage> bad, Func<HttpRequestMessage> good) =>
        Task.FromResult(new Step(null, "demo-admin", factory.Admin(), bad, good));

    private async Task<Step> ResolveIssueStepAsync()
    {
        var issue = DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, DataQualityIssueKind.DuplicateGmcNumber,
            $"person-{Guid.NewGuid():N}", null, "GMC number taken", "line 9", factory.Time.GetUtcNow(), null);
        await factory.Services.GetRequiredService<IDirectorySyncStore>().RaiseIssuesAsync([issue]);
        return new Step(null, "demo-admin", factory.Admin(),
            () => Post($"/api/admin/directory/issues/{issue.Id}/resolve", new { note = new string('x', DataQualityIssue.MaxNoteLength + 1) }),
            () => Post($"/api/admin/directory/issues/{issue.Id}/resolve", new { note = "Corrected in ESR" }));
    }

    /// <summary>
    /// One open item of a queue (issue 16, item 8). For "unhide" the good request's item is hidden first and the bad one's is
    /// not (nothing to bring back); otherwise both requests are about the same item.
    /// </summary>
    private async Task<Step> IssueWorkStepAsync(bool gmc, string action, object? bad, object? good)
    {
        var store = factory.Services.GetRequiredService<IDirectorySyncStore>();
        var source = gmc ? $"gmc:{Body}" : DemoSeeder.DirectorySourceId;
        var kind = gmc ? DataQualityIssueKind.GmcNotConnected : DataQualityIssueKind.DuplicateGmcNumber;
        DataQualityIssue Raise() => DataQualityIssue.Raise(source, DemoSeeder.DemoBody, kind, $"person-{Guid.NewGuid():N}", null, "GMC number taken", "line 9", factory.Time.GetUtcNow(), null);
        var issue = Raise();
        var other = Raise();
        await store.RaiseIssuesAsync([issue, other]);
        var route = gmc ? "/api/gmc/discrepancies" : "/api/admin/directory/issues";
        if (action == "unhide")
        {
            var by = new StaffMember("someone", "Someone");
            await store.ChangeIssueAsync(DemoSeeder.DemoBody, issue.Id, IssueWork.Hide(factory.Time.GetUtcNow().AddDays(10), by, factory.Time.GetUtcNow()));
            return new Step(null, gmc ? DemoSeeder.ResponsibleOfficer.UserId : "demo-admin", gmc ? factory.ResponsibleOfficer() : factory.Admin(),
                () => Post($"{route}/{other.Id}/unhide", new { }), () => Post($"{route}/{issue.Id}/unhide", new { }));
        }

        return new Step(null, gmc ? DemoSeeder.ResponsibleOfficer.UserId : "demo-admin", gmc ? factory.ResponsibleOfficer() : factory.Admin(),
            () => Post($"{route}/{issue.Id}/{action}", bad!), () => Post($"{route}/{issue.Id}/{action}", good!));
    }

    /// <summary>A run held by the leaver threshold, the source's latest (docs/decisions/0009-directory-sync.md).</summary>
    private async Task<Step> ConfirmRunStepAsync()
    {
        var held = new SyncRun(Guid.NewGuid(), DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, SyncMode.Full, "schedule", factory.Time.GetUtcNow().AddMinutes(1),
            SyncRunStatus.AwaitingConfirmation, true, factory.Time.GetUtcNow().AddMinutes(1), new SyncCounts(),
            DirectorySyncService.AwaitingConfirmation([Guid.NewGuid(), Guid.NewGuid()], 60, 1), [Guid.NewGuid(), Guid.NewGuid()]);
        var store = factory.Services.GetRequiredService<IDirectorySyncStore>();
        foreach (var running in (await store.ListRunsAsync(DemoSeeder.DemoBody, DemoSeeder.DirectorySourceId)).Where(r => r.Status == SyncRunStatus.Running))
        {
            await factory.Services.GetRequiredService<DirectorySyncService>().WhenFinishedAsync(running.Id); // a run started by hand in another case
        }

        await store.SaveRunAsync(held);
        return new Step(null, "demo-admin", factory.Admin(),
            () => Post($"/api/admin/directory/sources/{DemoSeeder.DirectorySourceId}/runs/{Guid.NewGuid()}/confirm", new { }),
            () => Post($"/api/admin/directory/sources/{DemoSeeder.DirectorySourceId}/runs/{held.Id}/confirm", new { }));
    }

    private async Task<Step> DeclarationAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        object body = new { probity = true, health = true, noSignificantEvents = true, noComplimentsOrComplaints = true };
        return new Step(doctor.Id, doctor.DirectoryId!, factory.ClientFor(doctor),
            () => Put($"/api/doctors/{doctor.Id}/declarations/{Year + 1}", body), // the year has not started (R16)
            () => Put($"/api/doctors/{doctor.Id}/declarations/{Year}", body));
    }

    private async Task<Step> ConflictAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        return new Step(doctor.Id, "demo-admin", factory.Admin(),
            () => Put($"/api/doctors/{doctor.Id}/conflict", new { conflict = true }),
            () => Put($"/api/doctors/{doctor.Id}/conflict", new { conflict = true, additionalResponsibleOfficer = new { userId = "ro-additional", name = "Dr Alan Other", gmcNumber = "1111111" } }));
    }

    /// <summary>Issue 16, item 5: declaring (no reason: refused) or withdrawing (another appraiser: refused) a conflict of interest.</summary>
    private async Task<Step> AppraiserConflictAsync(bool declared)
    {
        var today = factory.Today;
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300, arrange: d =>
        {
            if (declared)
            {
                Assert.True(d.Appraisals.DeclareConflict(DemoSeeder.Appraiser.UserId, "Relative", "demo-admin", today).IsSuccess);
            }
        });
        var path = $"/api/doctors/{doctor.Id}/appraiser-conflicts/{DemoSeeder.Appraiser.UserId}";
        return declared
            ? new Step(doctor.Id, "demo-admin", factory.Admin(),
                () => new HttpRequestMessage(HttpMethod.Delete, $"/api/doctors/{doctor.Id}/appraiser-conflicts/nobody-here"), () => new HttpRequestMessage(HttpMethod.Delete, path))
            : new Step(doctor.Id, "demo-admin", factory.Admin(), () => Put(path, new { reason = "" }), () => Put(path, new { reason = "Close colleague" }));
    }

    /// <summary>Issue 16, item 5: applying one chosen allocation (over the cap, with a reason); no allocations: refused.</summary>
    private async Task<Step> AllocationApplyAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300, allocateAppraiser: false);
        return new Step(doctor.Id, "demo-admin", factory.Admin(),
            () => Post("/api/appraisal-allocations/apply", new { items = Array.Empty<object>() }),
            () => Post("/api/appraisal-allocations/apply", new { items = new[] { new { doctorId = doctor.Id, appraiserId = DemoSeeder.Appraiser.UserId, reason = "Agreed" } } }));
    }

    private async Task<Step> AppraiserAllocationAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        return new Step(doctor.Id, "demo-admin", factory.Admin(),
            () => Put($"/api/doctors/{doctor.Id}/appraiser", new { appraiserId = "nobody-here" }),
            () => Put($"/api/doctors/{doctor.Id}/appraiser", new { appraiserId = (string?)null }));
    }

    private async Task<Step> UploadAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        var day = factory.Today.AddDays(-1);
        return new Step(doctor.Id, doctor.DirectoryId!, factory.ClientFor(doctor),
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctor.Id}/evidence") { Content = Files.Cpd(day, "certificate.pdf", Uploads.Png()) },
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctor.Id}/evidence") { Content = Files.Cpd(day, "certificate.pdf", Uploads.Pdf()) });
    }

    /// <summary>Direct upload needs a link port (Blob in Azure): the same Server and data with a recording stand-in.</summary>
    private async Task<Step> DirectUploadAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<Core.Evidence.IEvidenceUploadLinks>(new RecordingUploadLinks())));
        owned.Add(host);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", factory.TokenFor(doctor.DirectoryId!, Roles.Doctor));
        var file = Uploads.Pdf();
        var day = factory.Today.AddDays(-1);
        return new Step(doctor.Id, doctor.DirectoryId!, client,
            () => Post($"/api/doctors/{doctor.Id}/evidence/direct-uploads", DirectUploadTests.Declaration(day, file, sha256: "not-a-hash")),
            () => Post($"/api/doctors/{doctor.Id}/evidence/direct-uploads", DirectUploadTests.Declaration(day, file)));
    }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    private async Task<Step> WithdrawAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        var client = factory.ClientFor(doctor);
        using var uploaded = await client.UploadAsync(doctor.Id, Files.Cpd(factory.Today.AddDays(-1), "certificate.pdf", Uploads.Pdf()));
        var item = await uploaded.ReadAsync<EvidenceResponse>();
        return new Step(doctor.Id, doctor.DirectoryId!, client,
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctor.Id}/evidence/{Guid.NewGuid()}/withdraw"),
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctor.Id}/evidence/{item.Id}/withdraw"));
    }

    private async Task<Step> AppraisalAsync()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        return new Step(doctor.Id, DemoSeeder.Appraiser.UserId, factory.Appraiser(),
            () => Put($"/api/doctors/{doctor.Id}/appraisals/{Year}", new { meetingDate = factory.Today.AddDays(1), signOff = false, pdpAgreed = true }),
            () => Put($"/api/doctors/{doctor.Id}/appraisals/{Year}", new { meetingDate = factory.Today.AddDays(-1), signOff = false, pdpAgreed = true }));
    }

    private async Task<Step> RemoveAppraiserAsync()
    {
        var admin = factory.Admin();
        var userId = $"appraiser-{Guid.NewGuid():N}";
        await OkAsync(admin.PostAsync("/api/admin/designated-body/appraisers", Http.Json(new { userId, name = "Dr Leaving Appraiser" })));
        return new Step(null, "demo-admin", admin,
            () => new HttpRequestMessage(HttpMethod.Delete, "/api/admin/designated-body/appraisers/nobody-here"),
            () => new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/designated-body/appraisers/{userId}"));
    }

    // ---- helpers ----

    private async Task<int> CountAsync() => (await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse(Body), new AuditQuery(Limit: 1000))).Count;

    private static async Task<List<AuditEventResponse>> QueryAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync($"/api/admin/audit?{query}");
        return [.. (await response.ReadAsync<AuditPage>()).Items];
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static HttpRequestMessage Put(string path, object body) => new(HttpMethod.Put, path) { Content = Http.Json(body) };

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = Http.Json(body) };

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string etag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
