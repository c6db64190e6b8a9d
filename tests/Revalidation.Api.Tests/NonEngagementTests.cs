using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Alerts;
using Revalidation.Core.Doctors;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, item 7: the non-engagement pathway through the API: the RO team starts an episode and sends the four letters
/// in order (each an email through the outbox, once however often a send is retried), records replies and closes it; the
/// doctor sees the dates only; the letter templates refuse a misspelt placeholder, naming the field.
/// </summary>
public sealed class NonEngagementTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Manager()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.TokenFor(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager, name: DemoSeeder.RevalidationManager.Name));
        return client;
    }

    private Task<DoctorRecord> DoctorWithEmailAsync(string? email = "test.doctor@example.nhs.uk") =>
        TestDoctors.CreateAsync(factory, rsdInDays: 200, arrange: d => Assert.True(d.UpdateDirectoryDetails(d.GivenName, d.FamilyName, email, null, null, null).IsSuccess));

    private static async Task<NonEngagementResponse> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<NonEngagementResponse>(TestJson.Options))!;
    }

    private static string Base(DoctorRecord doctor) => $"/api/doctors/{doctor.Id}/non-engagement";

    [Fact]
    [Trait("Hazard", "H59")]
    public async Task SendingALetter_QueuesOneEmailToTheDoctor_AndARetryOfTheSameLetterSendsNothingMore()
    {
        var doctor = await DoctorWithEmailAsync();
        using var manager = Manager();
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Appraisal", appraisalYear = "2026/27" }));

        var first = await OkAsync(await manager.PostAsync($"{Base(doctor)}/steps/1/send", null));
        var again = await OkAsync(await manager.PostAsync($"{Base(doctor)}/steps/1/send", null));

        var step = Assert.Single(again.Current!.Steps);
        Assert.Single(first.Current!.Steps);
        Assert.Equal(factory.Today, step.SentOn);
        Assert.Equal(new DateOnly(2026, 12, 2), step.ReplyDueBy); // Wednesday 25 November + five working days
        Assert.Equal("Waiting to be sent", step.DeliveryState);
        Assert.Contains("2 December 2026", step.Text, StringComparison.Ordinal);
        Assert.Contains("2026/27", step.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", step.Text, StringComparison.Ordinal);

        var pending = await factory.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Pending, 10_000);
        var letter = Assert.Single(pending, a => a.DoctorId == doctor.Id && a.Kind == AlertKind.NonEngagementLetter);
        Assert.Equal(AlertRecipient.Doctor, letter.Recipient);
        Assert.Equal(1, letter.Facts.LetterStep);
        Assert.Equal(step.Subject, letter.Facts.LetterSubject);

        // The audit has the letter once.
        using var ro = factory.ResponsibleOfficer();
        var audit = (await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!;
        Assert.Single(audit, a => a.Action == "non-engagement.letter-sent");
    }

    [Fact]
    [Trait("Hazard", "H59")]
    public async Task ALetterToADoctorWithoutAnEmailAddress_IsRefusedNamingTheField_AndNothingIsRecordedOrQueued()
    {
        var doctor = await DoctorWithEmailAsync(email: null);
        using var manager = Manager();
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Revalidation" }));

        using var refused = await manager.PostAsync($"{Base(doctor)}/steps/1/send", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("\"email\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var state = (await manager.GetFromJsonAsync<NonEngagementResponse>(Base(doctor), TestJson.Options))!;
        Assert.Empty(state.Current!.Steps);
        var all = await factory.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Pending, 10_000);
        Assert.DoesNotContain(all, a => a.DoctorId == doctor.Id);
    }

    [Fact]
    public async Task Letters_GoInOrder_TheSecondOnlyAfterTheReplyByDateOrARecordedReply_ThenTheEpisodeCloses()
    {
        var doctor = await DoctorWithEmailAsync();
        using var manager = Manager();
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Appraisal", appraisalYear = "2026/27", note = "Missed two bookings" }));

        using var outOfOrder = await manager.PostAsync($"{Base(doctor)}/steps/2/send", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfOrder.StatusCode);
        await OkAsync(await manager.PostAsync($"{Base(doctor)}/steps/1/send", null));
        using var tooSoon = await manager.PostAsync($"{Base(doctor)}/steps/2/send", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Contains("2 December 2026", await tooSoon.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // No reply: a note is needed, and then letter 2 may go.
        using var noNote = await manager.PostAsJsonAsync($"{Base(doctor)}/steps/1/reply", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("\"note\"", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/steps/1/reply", new { note = "No reply by email or phone" }));
        var second = await OkAsync(await manager.PostAsync($"{Base(doctor)}/steps/2/send", null));
        Assert.Equal(2, second.Current!.Steps.Count);
        Assert.Equal(3, second.Current.NextStep);

        using var badOutcome = await manager.PostAsJsonAsync($"{Base(doctor)}/close", new { outcome = "Finished", note = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Contains("\"outcome\"", await badOutcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var closed = await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/close", new { outcome = "EscalatedToResponsibleOfficer", note = "For the RO" }));
        Assert.False(closed.Current!.IsOpen);
        Assert.True(closed.Current.Exhausted);
        Assert.Contains("2 non-engagement letters have been sent", closed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "need-to-know")]
    public async Task TheDoctor_SeesTheirLettersDates_ButNotTheTeamsNotes_AndCannotAct()
    {
        var doctor = await DoctorWithEmailAsync();
        using var manager = Manager();
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Appraisal", note = "Private start note" }));
        await OkAsync(await manager.PostAsync($"{Base(doctor)}/steps/1/send", null));
        await OkAsync(await manager.PostAsJsonAsync($"{Base(doctor)}/steps/1/reply", new { note = "Private reply note" }));

        using var own = factory.ClientFor(doctor);
        using var read = await own.GetAsync(Base(doctor));
        var text = await read.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains(factory.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Private", text, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSeeder.RevalidationManager.Name, text, StringComparison.Ordinal);

        using var act = await own.PostAsync($"{Base(doctor)}/steps/2/send", null);
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        using var appraiser = factory.Appraiser();
        Assert.Equal(HttpStatusCode.Forbidden, (await appraiser.GetAsync(Base(doctor))).StatusCode);
        using var md = factory.MedicalDirector();
        Assert.Equal(HttpStatusCode.Forbidden, (await md.GetAsync(Base(doctor))).StatusCode);
    }

    [Fact]
    [Trait("Hazard", "H58")]
    public async Task WithoutAnEpisodeThatReachedTheFourthLetter_TheSummaryTellsTheRoInPlainWords()
    {
        var doctor = await DoctorWithEmailAsync();
        using var ro = factory.ResponsibleOfficer();
        var none = (await ro.GetFromJsonAsync<NonEngagementResponse>(Base(doctor), TestJson.Options))!;
        Assert.Null(none.Current);
        Assert.Equal("No non-engagement letters have been sent to this doctor.", none.Summary);

        await OkAsync(await ro.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Revalidation" }));
        var one = await OkAsync(await ro.PostAsync($"{Base(doctor)}/steps/1/send", null));
        Assert.False(one.Current!.Exhausted);
        Assert.Equal("1 non-engagement letter has been sent, 0 replies received; no episode has reached the fourth letter or been escalated to the responsible officer.", one.Summary);
    }

    [Fact]
    [Trait("Hazard", "H60")]
    public async Task ATemplateWithAMisspeltPlaceholder_IsRefusedNamingTheField_AndTheSavedWordingIsUsedForTheNextLetter()
    {
        using var admin = factory.Admin();
        using var typo = await admin.PutAsJsonAsync("/api/admin/letter-templates/3", new { subject = "Reply by {reply by date}", body = "Dear {doctor nme}, please reply." });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        var problem = await typo.Content.ReadAsStringAsync();
        Assert.Contains("\"body\"", problem, StringComparison.Ordinal);
        Assert.Contains("{doctor nme}", problem, StringComparison.Ordinal);
        var unchanged = (await admin.GetFromJsonAsync<LetterTemplatesResponse>("/api/admin/letter-templates", TestJson.Options))!;
        Assert.True(unchanged.Templates.Single(t => t.Step == 3).IsDefault);

        using var previewTypo = await admin.PostAsJsonAsync("/api/admin/letter-templates/3/preview", new { subject = "Reply by {reply-by date}", body = "Fine" });
        Assert.Equal(HttpStatusCode.BadRequest, previewTypo.StatusCode);
        Assert.Contains("\"subject\"", await previewTypo.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ro = factory.ResponsibleOfficer();
        using var preview = await ro.PostAsJsonAsync("/api/admin/letter-templates/1/preview", new { subject = "Reply by {reply by date}", body = "Dear {doctor name} of {body name}" });
        var shown = (await preview.Content.ReadFromJsonAsync<LetterPreviewResponse>(TestJson.Options))!;
        Assert.Equal("Reply by 2 December 2026", shown.Subject);

        using var saved = await ro.PutAsJsonAsync("/api/admin/letter-templates/1", new { subject = "First letter for {doctor name}", body = "Please reply by {reply by date}.\n\n{RO name}" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var doctor = await DoctorWithEmailAsync();
        await OkAsync(await ro.PostAsJsonAsync($"{Base(doctor)}/start", new { reason = "Appraisal" }));
        var letter = (await ro.GetFromJsonAsync<LetterPreviewResponse>($"{Base(doctor)}/steps/1/preview", TestJson.Options))!;
        Assert.Equal($"First letter for {doctor.DisplayName}", letter.Subject);
        Assert.Contains("Please reply by 2 December 2026.", letter.Body, StringComparison.Ordinal);

        using var appraiser = factory.Appraiser();
        Assert.Equal(HttpStatusCode.Forbidden, (await appraiser.GetAsync("/api/admin/letter-templates")).StatusCode);

        // Put back the default so other tests in this class read it.
        var original = Revalidation.Core.NonEngagement.LetterTemplates.Default(1);
        Assert.Equal(HttpStatusCode.OK, (await ro.PutAsJsonAsync("/api/admin/letter-templates/1", new { subject = original.Subject, body = original.Body })).StatusCode);
    }
}
