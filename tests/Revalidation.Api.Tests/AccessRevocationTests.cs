using System.Net;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Caseload;

namespace Revalidation.Api.Tests;

/// <summary>
/// docs/architecture.md#security: an appraiser sees only the doctors allocated to them. Once the admin removes them from the
/// designated body they are no longer its appraiser, so an allocation left on a record must not keep the door open.
/// </summary>
public sealed class AccessRevocationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DoctorEndpoints_WhenTheAppraiserWasRemovedFromTheBody_Answer404AndListNoDoctorsUntilAddedBack()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 300);
        using var owner = factory.ClientFor(doctor);
        using (var uploaded = await owner.UploadAsync(doctor.Id, Files.Cpd(factory.Today.AddDays(-1), "reflection.pdf", Uploads.Pdf())))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var evidenceId = (await owner.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options))![0].Id;
        const string appraiserId = "leaving-appraiser";
        using var admin = factory.Admin();
        await OkAsync(admin.PostAsync("/api/admin/designated-body/appraisers", Http.Json(new { userId = appraiserId, name = "Dr Leaving" })));
        await OkAsync(admin.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId })));
        using var appraiser = factory.ClientAs(appraiserId, Roles.Appraiser);
        await OkAsync(appraiser.GetAsync($"/api/doctors/{doctor.Id}"));
        Assert.Single((await appraiser.GetFromJsonAsync<List<CaseloadRow>>("/api/appraiser/doctors", TestJson.Options))!);

        await OkAsync(admin.DeleteAsync($"/api/admin/designated-body/appraisers/{appraiserId}"));

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        var year = Years.Containing(factory.Today);
        string[] reads = [$"/api/doctors/{doctor.Id}", $"/api/doctors/{doctor.Id}/appraisals", $"/api/doctors/{doctor.Id}/evidence", $"/api/doctors/{doctor.Id}/evidence/{evidenceId}/file"];
        foreach (var path in reads)
        {
            using var response = await appraiser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode} to a removed appraiser.");
        }

        using (var write = await appraiser.PutAsync($"/api/doctors/{doctor.Id}/appraisals/{year}", Http.Json(new { meetingDate = factory.Today.AddDays(-1), signOff = true, pdpAgreed = true })))
        {
            Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        }

        Assert.Empty((await appraiser.GetFromJsonAsync<List<CaseloadRow>>("/api/appraiser/doctors", TestJson.Options))!);
        await before.AssertUnchangedAsync(factory, doctor.Id);

        // Added back, the allocation (still on the record) counts again.
        await OkAsync(admin.PostAsync("/api/admin/designated-body/appraisers", Http.Json(new { userId = appraiserId, name = "Dr Back" })));
        await OkAsync(appraiser.GetAsync($"/api/doctors/{doctor.Id}"));
    }

    private static async Task OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
