using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, items 1 and 2: the revalidation manager prepares (drafts, marks ready for the RO), never decides (no
/// submit); decision notes are for the RO team only; the per-body ManagerMaySend setting is stored and shown.
/// </summary>
public sealed class ManagerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string NoteText = "Spoke to the clinical director: the missing feedback is booked for March";

    private HttpClient Manager()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.TokenFor(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager, name: DemoSeeder.RevalidationManager.Name));
        return client;
    }

    [Fact]
    [Trait("Hazard", "H48")]
    public async Task Manager_DraftsAndMarksReady_ButCannotSubmit_AndTheRoSeesWhoPreparedIt()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var manager = Manager();
        var draft = await manager.DraftOkAsync(doctor.Id, Recommend.Revalidate("Prepared for the RO"));

        using var ready = await manager.PutAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/ready", new { ready = true });
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var marked = (await ready.Content.ReadFromJsonAsync<RecommendationResponse>(TestJson.Options))!.ReadyForResponsibleOfficer!;
        Assert.Equal(DemoSeeder.RevalidationManager.Name, marked.Name);
        Assert.Equal(Roles.RevalidationManager, marked.Role);

        using var submit = await manager.SubmitAsync(doctor.Id, draft.Id);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        using var outcome = await manager.PostAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/outcome", new { outcome = "Approved" });
        Assert.Equal(HttpStatusCode.Forbidden, outcome.StatusCode);

        using var ro = factory.ResponsibleOfficer();
        var seen = (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation!;
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Draft, seen.Status);
        Assert.Equal(DemoSeeder.RevalidationManager.Name, seen.ReadyForResponsibleOfficer!.Name);

        // Audited, and cleared again by the team.
        var audit = (await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!;
        Assert.Contains(audit, a => a.Action == "recommendation.marked-ready" && a.ActorRole == Roles.RevalidationManager);
        using var cleared = await manager.PutAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/ready", new { ready = false });
        Assert.Null((await cleared.Content.ReadFromJsonAsync<RecommendationResponse>(TestJson.Options))!.ReadyForResponsibleOfficer);

        // Only the RO submits.
        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        using var late = await manager.PutAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/ready", new { ready = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
    }

    [Fact]
    public async Task Ready_WithoutTheReadyField_IsAProblemNamingIt_AndChangesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var manager = Manager();
        var draft = await manager.DraftOkAsync(doctor.Id, Recommend.Revalidate("Prepared"));

        using var bad = await manager.PutAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/ready", new { });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"ready\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var ro = factory.ResponsibleOfficer();
        Assert.Null((await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation!.ReadyForResponsibleOfficer);
    }

    [Fact]
    [Trait("Hazard", "H49")]
    [Trait("Rule", "need-to-know")]
    public async Task Notes_AreForTheRoTeamOnly_NeverInWhatOthersGet_AndNotInTheAudit()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var manager = Manager();
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Draft"));

        using var added = await manager.PostAsJsonAsync($"/api/doctors/{doctor.Id}/notes", new { text = NoteText });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var onRecommendation = await ro.PostAsJsonAsync($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/notes", new { text = "Decision: revalidate once the feedback is in" });
        Assert.Equal(HttpStatusCode.Created, onRecommendation.StatusCode);

        var forRo = (await ro.GetFromJsonAsync<List<NoteResponse>>($"/api/doctors/{doctor.Id}/notes", TestJson.Options))!;
        Assert.Equal(2, forRo.Count);
        Assert.Equal("Decision: revalidate once the feedback is in", forRo[0].Text); // newest first
        var mine = forRo[1];
        Assert.Equal((NoteText, DemoSeeder.RevalidationManager.Name, Roles.RevalidationManager, (Guid?)null), (mine.Text, mine.AuthorName, mine.AuthorRole, mine.RecommendationId));
        var onDraft = (await manager.GetFromJsonAsync<List<NoteResponse>>($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}/notes", TestJson.Options))!;
        Assert.Equal(draft.Id, Assert.Single(onDraft).RecommendationId);

        using var own = factory.ClientFor(doctor);
        using var appraiser = factory.Appraiser();
        using var director = factory.MedicalDirector();
        using var admin = factory.Admin();
        foreach (var other in new[] { own, appraiser, director, admin })
        {
            using var notes = await other.GetAsync($"/api/doctors/{doctor.Id}/notes");
            Assert.Equal(HttpStatusCode.Forbidden, notes.StatusCode);
        }

        foreach (var other in new[] { own, appraiser, director })
        {
            Assert.DoesNotContain(NoteText, await other.GetStringAsync($"/api/doctors/{doctor.Id}"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(NoteText, await admin.GetStringAsync($"/api/admin/audit?doctorId={doctor.Id}"), StringComparison.Ordinal);
        var audit = await ro.GetStringAsync($"/api/doctors/{doctor.Id}/audit");
        Assert.Contains("note.added", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(NoteText, audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("2001")]
    public async Task Note_EmptyOrOver2000Characters_IsAProblemNamingText_AndAddsNothing(string? text)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var manager = Manager();
        var body = text == "2001" ? new string('a', 2001) : text;

        using var bad = await manager.PostAsJsonAsync($"/api/doctors/{doctor.Id}/notes", new { text = body });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"text\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await manager.GetFromJsonAsync<List<NoteResponse>>($"/api/doctors/{doctor.Id}/notes", TestJson.Options))!);
    }

    [Fact]
    public async Task ManagerMaySend_DefaultsToFalse_AndTheAdminSetsIt()
    {
        using var admin = factory.Admin();
        var body = (await admin.GetFromJsonAsync<DesignatedBodyResponse>("/api/admin/designated-body", TestJson.Options))!;
        Assert.False(body.ManagerMaySend);

        using var set = await admin.PutAsJsonAsync("/api/admin/designated-body", new { name = body.Name, medicalDirectorEmail = body.MedicalDirectorEmail, adminEmail = body.AdminEmail, managerMaySend = true });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True((await admin.GetFromJsonAsync<DesignatedBodyResponse>("/api/admin/designated-body", TestJson.Options))!.ManagerMaySend);

        // Leaving it out leaves it as it is.
        using var rename = await admin.PutAsJsonAsync("/api/admin/designated-body", new { name = body.Name, medicalDirectorEmail = body.MedicalDirectorEmail, adminEmail = body.AdminEmail });
        Assert.True((await rename.Content.ReadFromJsonAsync<DesignatedBodyResponse>(TestJson.Options))!.ManagerMaySend);

        using var cleared = await admin.PutAsJsonAsync("/api/admin/designated-body", new { name = body.Name, medicalDirectorEmail = body.MedicalDirectorEmail, adminEmail = body.AdminEmail, managerMaySend = false });
        Assert.False((await cleared.Content.ReadFromJsonAsync<DesignatedBodyResponse>(TestJson.Options))!.ManagerMaySend);
    }
}
