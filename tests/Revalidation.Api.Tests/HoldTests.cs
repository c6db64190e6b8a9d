using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Core.Recommendations;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, items 3 and 4 (docs/decisions/0018-recommendation-hold.md; hazards H50, H51): a submitted recommendation is held
/// for the cooling-off period, counts as open (R6), may be cancelled until the hold ends, and is released exactly once to the
/// GMC outbox (web-service body) or the GMC Connect worksheet (manual body).
/// </summary>
public sealed class HoldTests
{
    private static ApiFactory Held(bool webService = false)
    {
        var factory = new ApiFactory();
        factory.Settings["Revalidation:Recommendations:Hold"] = "1.00:00:00";
        if (webService)
        {
            factory.Settings["Gmc:Bodies:1-DEMO01:Mode"] = "WebService";
            factory.Settings["Gmc:Bodies:1-DEMO01:Url"] = "https://gmc.example.test/GMCWebServices/WebService.asmx";
            factory.Settings["Gmc:Bodies:1-DEMO01:Username"] = "demo-body";
            factory.Settings["Gmc:Bodies:1-DEMO01:Password"] = "not-a-real-password";
        }

        return factory;
    }

    private static async Task<ReadyListResponse> ReadyAsync(HttpClient ro)
    {
        using var response = await ro.GetAsync("/api/recommendations/ready");
        return await response.ReadAsync<ReadyListResponse>();
    }

    private static async Task<RecommendationResponse> SubmitHeldAsync(HttpClient ro, Guid doctorId)
    {
        var draft = await ro.DraftOkAsync(doctorId, Recommend.Revalidate());
        using var submitted = await ro.SubmitAsync(doctorId, draft.Id);
        return await submitted.ReadAsync<RecommendationResponse>();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient ro, Guid doctorId, Guid recommendationId, string action) =>
        ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/{action}", null);

    [Fact]
    [Trait("Rule", "R6")]
    public async Task Submit_IsHeldForTheHold_AndCountsAsOpen()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];

        var held = await SubmitHeldAsync(ro, doctor.DoctorId);

        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Held, held.Status);
        Assert.Equal(factory.Time.GetUtcNow().AddHours(24), held.HoldEndsAt);
        Assert.NotNull(held.Snapshot);
        Assert.Matches(@"^\d{2}:\d{2} on \d{1,2} [A-Z][a-z]+ \d{4}$", held.HoldEndsAtText);
        using var second = await ro.DraftAsync(doctor.DoctorId, Recommend.Revalidate());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("R6", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ready = await ReadyAsync(ro);
        Assert.Contains(ready.Held, h => h.DoctorId == doctor.DoctorId);
        Assert.DoesNotContain(ready.Ready, d => d.DoctorId == doctor.DoctorId);
    }

    [Fact]
    public async Task Cancel_BeforeTheHoldEnds_GoesBackToDraft_AndIsAudited()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);

        using var cancelled = await PostAsync(ro, doctor.DoctorId, held.Id, "cancel");

        var draft = await cancelled.ReadAsync<RecommendationResponse>();
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Draft, draft.Status);
        Assert.Null(draft.Snapshot);
        Assert.Null(draft.HoldEndsAt);
        var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Contains(audit, e => e.Action == "recommendation.hold-cancelled");
        Assert.Equal(0, await factory.Services.GetRequiredService<HoldReleaseService>().RunAsync());
    }

    [Fact]
    public async Task Cancel_AfterTheHoldEnded_IsRefused_AndChangesNothing()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);
        factory.Time.Advance(TimeSpan.FromHours(24));
        using var later = factory.ResponsibleOfficer(); // a token signed before the clock moved on has expired

        using var refused = await PostAsync(later, doctor.DoctorId, held.Id, "cancel");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("The hold on this recommendation ended at", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var record = await factory.Doctors.GetDoctorAsync(DemoSeeder.DemoBody, doctor.DoctorId);
        Assert.Equal(Core.Common.RecommendationStatus.Held, record!.Recommendations.ById(held.Id)!.Status);
    }

    [Fact]
    public async Task ManualBody_ReleasedToTheWorksheet_EnteredMarksSubmitted_ThenCancelIsRefusedWithWhenItWasSent()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);
        using (var early = await PostAsync(ro, doctor.DoctorId, held.Id, "entered-in-gmc-connect"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        }

        factory.Time.Advance(TimeSpan.FromHours(24));
        using var later = factory.ResponsibleOfficer(); // a token signed before the clock moved on has expired
        Assert.Equal(1, await factory.Services.GetRequiredService<HoldReleaseService>().RunAsync());

        using var sheet = await later.GetAsync("/api/recommendations/worksheet");
        var rows = await sheet.ReadAsync<List<WorksheetRow>>();
        var row = Assert.Single(rows);
        Assert.Equal(doctor.DoctorId, row.DoctorId);
        using var csv = await later.GetAsync("/api/recommendations/worksheet.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains(doctor.GmcNumber, await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var entered = await PostAsync(later, doctor.DoctorId, held.Id, "entered-in-gmc-connect");
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, (await entered.ReadAsync<RecommendationResponse>()).Status);
        var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Single(audit, e => e.Action == "recommendation.entered-in-gmc-connect");
        using var refused = await PostAsync(later, doctor.DoctorId, held.Id, "cancel");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("This recommendation was sent to the GMC on", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebServiceBody_TwoConcurrentReleases_QueueItForTheGmcExactlyOnce()
    {
        using var factory = Held(webService: true);
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);
        Assert.Null(held.GmcSubmission);
        factory.Time.Advance(TimeSpan.FromHours(24));
        var release = factory.Services.GetRequiredService<HoldReleaseService>();

        var counts = await Task.WhenAll(release.RunAsync(), release.RunAsync());

        Assert.Equal(1, counts.Sum());
        var record = await factory.Doctors.GetDoctorAsync(DemoSeeder.DemoBody, doctor.DoctorId);
        var recommendation = record!.Recommendations.ById(held.Id)!;
        Assert.Equal(Core.Common.RecommendationStatus.Submitted, recommendation.Status);
        Assert.Equal(Core.Gmc.GmcSubmissionState.Queued, recommendation.GmcSubmission!.State);
        var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Single(audit, e => e.Action == "recommendation.released");
        Assert.Equal(0, await release.RunAsync());
    }

    /// <summary>Issue 16, item 1: the manager may send what the RO approved only where the body allows it.</summary>
    [Fact]
    public async Task SendNow_ByTheManager_IsRefusedUnlessTheBodyLetsTheManagerSend()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        using var manager = factory.ClientAs("demo-manager", Revalidation.Api.Security.Roles.RevalidationManager);
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);

        using var refused = await PostAsync(manager, doctor.DoctorId, held.Id, "send-now");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Only the responsible officer may send this recommendation", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var admin = factory.Admin();
        var body = (await admin.GetFromJsonAsync<DesignatedBodyResponse>("/api/admin/designated-body", TestJson.Options))!;
        using var allow = await admin.PutAsJsonAsync("/api/admin/designated-body", new { name = body.Name, medicalDirectorEmail = body.MedicalDirectorEmail, adminEmail = body.AdminEmail, managerMaySend = true });
        Assert.Equal(HttpStatusCode.OK, allow.StatusCode);

        using var sent = await PostAsync(manager, doctor.DoctorId, held.Id, "send-now");

        var response = await sent.ReadAsync<RecommendationResponse>();
        Assert.NotEqual(Revalidation.Contracts.RecommendationStatus.Held, response.Status);
        var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Contains(audit, e => e.ActorRole == Revalidation.Api.Security.Roles.RevalidationManager && e.Action.StartsWith("recommendation.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendNow_ReleasesAtOnce_AndTheJobDoesNotReleaseItAgain()
    {
        using var factory = Held(webService: true);
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];
        var held = await SubmitHeldAsync(ro, doctor.DoctorId);

        using var sent = await PostAsync(ro, doctor.DoctorId, held.Id, "send-now");

        var response = await sent.ReadAsync<RecommendationResponse>();
        var released = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Single(released, e => e.Action == "recommendation.released");
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, response.Status);
        Assert.NotNull(response.GmcSubmission);
        factory.Time.Advance(TimeSpan.FromHours(25));
        using var later = factory.ResponsibleOfficer(); // a token signed before the clock moved on has expired
        Assert.Equal(0, await factory.Services.GetRequiredService<HoldReleaseService>().RunAsync());
        using var again = await PostAsync(later, doctor.DoctorId, held.Id, "send-now");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Batch_HoldsEachDoctor_AndBadInputChangesNothing()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var ready = (await ReadyAsync(ro)).Ready.Take(3).ToList();
        Assert.Equal(3, ready.Count);

        using (var empty = await ro.PostAsync("/api/recommendations/batch", Http.Json(new { items = Array.Empty<object>(), statements = Recommend.AllStatements })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("items", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var withDefer = new { items = ready.Select((d, i) => new { doctorId = d.DoctorId, type = i == 2 ? "Defer" : "Revalidate" }).ToArray(), statements = Recommend.AllStatements };
        using (var refused = await ro.PostAsync("/api/recommendations/batch", Http.Json(withDefer)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("items[2].type", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(3, (await ReadyAsync(ro)).Ready.Count(d => ready.Any(r => r.DoctorId == d.DoctorId)));

        var body = new { items = ready.Select(d => new { doctorId = d.DoctorId, type = "Revalidate" }).ToArray(), statements = Recommend.AllStatements };
        using var batch = await ro.PostAsync("/api/recommendations/batch", Http.Json(body));

        var results = (await batch.ReadAsync<BatchRecommendationResponse>()).Results;
        Assert.All(results, r => Assert.True(r.Held, r.Problem));
        Assert.Equal(3, (await ReadyAsync(ro)).Held.Count);
        foreach (var d in ready)
        {
            var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: d.DoctorId, Limit: 1000));
            Assert.Single(audit, e => e.Action == "recommendation.submitted");
        }
    }

    [Fact]
    public async Task ReadyList_MoveToReview_WithANote_ShowsWhy_AndANoteIsRequired()
    {
        using var factory = Held();
        using var ro = factory.ResponsibleOfficer();
        var doctor = (await ReadyAsync(ro)).Ready[0];

        using (var noNote = await ro.PutAsync($"/api/recommendations/ready/{doctor.DoctorId}", Http.Json(new { ready = false, note = " " })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
            Assert.Contains("note", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var moved = await ro.PutAsync($"/api/recommendations/ready/{doctor.DoctorId}", Http.Json(new { ready = false, note = "Awaiting a complaint review" }));

        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var lists = await ReadyAsync(ro);
        Assert.DoesNotContain(lists.Ready, d => d.DoctorId == doctor.DoctorId);
        var review = Assert.Single(lists.NeedsReview, d => d.DoctorId == doctor.DoctorId);
        Assert.Contains("Moved to the review list: Awaiting a complaint review", review.Reasons);
        var audit = await factory.AuditLog.QueryAuditAsync(DemoSeeder.DemoBody, new Core.Audit.AuditQuery(DoctorId: doctor.DoctorId, Limit: 1000));
        Assert.Contains(audit, e => e.Action == "recommendation.ready-list-placed");
    }

    [Fact]
    public void HoldOptions_OutsideZeroToSevenDays_AreRefused()
    {
        using var factory = new ApiFactory();
        factory.Settings["Revalidation:Recommendations:Hold"] = "8.00:00:00";

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Revalidation:Recommendations:Hold", failure.ToString(), StringComparison.Ordinal);
    }
}
