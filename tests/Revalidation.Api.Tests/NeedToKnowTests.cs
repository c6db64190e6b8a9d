using System.Net.Http.Json;
using Revalidation.Api.Contracts;

namespace Revalidation.Api.Tests;

/// <summary>Need-to-know for fields, not only endpoints: the RO's recommendation reaches nobody else (docs/architecture.md#security).</summary>
public sealed class NeedToKnowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Secret = "Discussed with the ELA: concerns about prescribing";

    [Fact]
    [Trait("Rule", "need-to-know")]
    public async Task OpenRecommendation_ADraftAndItsComments_ReachOnlyTheRoTeam_NotTheDoctorOrTheAppraiser()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate(Secret));
        using var own = factory.ClientFor(doctor);
        using var appraiser = factory.Appraiser();
        using var director = factory.MedicalDirector();

        Assert.Null((await own.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation);
        Assert.Null((await appraiser.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation);
        Assert.Equal(Secret, (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation!.Comments);
        Assert.Equal(Secret, (await director.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation!.Comments);

        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);
        submitted.EnsureSuccessStatusCode();
        var seenByDoctor = (await own.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.OpenRecommendation!;
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, seenByDoctor.Status);
        Assert.Null(seenByDoctor.Comments);
        Assert.Null(seenByDoctor.Snapshot);
        Assert.Null(seenByDoctor.GapAcknowledgements);
        var raw = await own.GetStringAsync($"/api/doctors/{doctor.Id}");
        Assert.DoesNotContain(Secret, raw, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "need-to-know")]
    public async Task AuditTrail_ForTheAdmin_ShowsWhoDidWhatButNotWhatARecommendationSaid()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        using var ro = factory.ResponsibleOfficer();
        await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate(Secret));
        using var admin = factory.Admin();

        var asAdmin = await admin.GetStringAsync($"/api/admin/audit?doctorId={doctor.Id}");
        var forAdmin = (await admin.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!;
        var forRo = (await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!;

        Assert.DoesNotContain(Secret, asAdmin, StringComparison.Ordinal);
        Assert.Contains("recommendation.drafted", asAdmin, StringComparison.Ordinal);
        Assert.Null(Assert.Single(forAdmin, a => a.Action == "recommendation.drafted").Change);
        Assert.Contains(Secret, Assert.Single(forRo, a => a.Action == "recommendation.drafted").Change, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R20")]
    [Trait("Rule", "need-to-know")]
    public async Task TeamFacts_AConflictOfInterestAndItsAdditionalRo_AreShownToTheRoTeamAndAdmins_NotToTheDoctor()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        using var admin = factory.Admin();
        using var declared = await admin.PutAsync($"/api/doctors/{doctor.Id}/conflict",
            Http.Json(new { conflict = true, additionalResponsibleOfficer = new { userId = "ro-additional", name = "Dr Alan Other", gmcNumber = "1111111" } }));
        declared.EnsureSuccessStatusCode();
        using var ro = factory.ResponsibleOfficer();
        using var own = factory.ClientFor(doctor);

        var team = (await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.Team!;

        Assert.True(team.ResponsibleOfficerConflict);
        Assert.Equal("Dr Alan Other", team.AdditionalResponsibleOfficer!.Name);
        Assert.Null((await own.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options))!.Team);
    }
}
