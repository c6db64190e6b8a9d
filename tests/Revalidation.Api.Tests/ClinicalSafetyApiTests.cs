using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>The clinical-safety rules through HTTP: nobody acts on their own record (R20), revalidating despite gaps (decision (d)), an estimated RSD (R4).</summary>
public sealed class ClinicalSafetyApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient As(string userId, params string[] roles)
    {
        var client = factory.CreateClient();
        var token = factory.Services.GetRequiredService<DemoTokenIssuer>().Issue(userId, userId, roles, "1-DEMO01");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Trait("Rule", "R20")]
    [Fact]
    public async Task OwnRecord_WhenTheRoIsAlsoTheDoctor_CannotDraftSubmitOrFlag_AndNothingChanges()
    {
        var self = $"self-{Guid.NewGuid():N}";
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60, directoryId: self);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var both = As(self, Roles.Doctor, Roles.ResponsibleOfficer);

        using var drafted = await both.DraftAsync(doctor.Id, Recommend.Revalidate());
        using var flagged = await both.PutAsync($"/api/doctors/{doctor.Id}/flags", Http.Json(new { openLocalProcess = true }));

        (await drafted.ProblemAsync(HttpStatusCode.Forbidden)).AssertRule("R20", "doctorId");
        (await flagged.ProblemAsync(HttpStatusCode.Forbidden)).AssertRule("R20", "doctorId");
        await before.AssertUnchangedAsync(factory, doctor.Id);

        // Their own pages as a doctor still work.
        using var read = await both.GetAsync($"/api/doctors/{doctor.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Trait("Rule", "R20")]
    [Fact]
    public async Task OwnRecord_WhenTheAppraiserIsTheDoctor_TheAdminCannotAllocateThemAsTheirOwnAppraiser()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400, directoryId: DemoSeeder.Appraiser.UserId, allocateAppraiser: false);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var admin = factory.Admin();

        using var allocated = await admin.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId = DemoSeeder.Appraiser.UserId }));

        (await allocated.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule("R20", "appraiserId");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Trait("Rule", "decision-d")]
    [Fact]
    public async Task SubmitRevalidate_WithGapsAndNoReasons_Is422ListingThem_ThenWithAReasonForEachKeepsTheSnapshot()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        var gaps = (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.Readiness.Gaps;
        Assert.True(gaps.Count >= 2, "The test doctor has gaps.");

        using var bare = await ro.SubmitBareAsync(doctor.Id, draft.Id);
        var problem = await bare.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.AssertRule("R19", "gapAcknowledgements");
        Assert.Contains($"{gaps.Count} gaps have no reason given", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);
        var recommendation = await submitted.ReadAsync<RecommendationResponse>();
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, recommendation.Status);
        Assert.NotNull(recommendation.Snapshot);
        Assert.Equal(gaps.Select(g => g.Code), recommendation.Snapshot!.Gaps.Select(g => g.Code));
        Assert.All(recommendation.Snapshot.Gaps, g => Assert.False(string.IsNullOrWhiteSpace(g.AcknowledgedReason)));
        Assert.Equal(DemoSeeder.ResponsibleOfficer.GmcNumber, recommendation.Snapshot.ActingResponsibleOfficer?.GmcNumber);
        Assert.True(recommendation.Snapshot.RevalidatedWithAcknowledgedGaps);
    }

    [Trait("Rule", "R4")]
    [Fact]
    public async Task SubmitRevalidate_AgainstAnEstimatedRsd_Is422AndChangesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60, rsdConfirmed: false);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await ro.SubmitAsync(doctor.Id, draft.Id);

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule("R4", "rsd");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }
}
