using System.Net;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Core.Appraisals;

namespace Revalidation.Api.Tests;

/// <summary>Issue 15, item 10: the appraisal-year timeline and the year new evidence defaults to, as the API serves them.</summary>
public sealed class TimelineContextTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Timeline_WhenTheDoctorHasEvidenceForAYearAfterTheRsd_DoesNotShowThatYear()
    {
        // Today 25 November 2026; the cycle ends on 25 March 2027. The 2026/27 appraisal is signed off, so new evidence goes to 2027/28,
        // a year that starts after the RSD: it belongs to the next cycle and must not appear in this one.
        var today = factory.Today;
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: new DateOnly(2027, 3, 25).DayNumber - today.DayNumber, appraisalDueMonth: 11,
            arrange: d =>
            {
                var year = new AppraisalYear(2026);
                var notes = d.Appraisals.MissingItems(year).Select(g => new AppraiserNote(g.Code, "Discussed at the appraisal.")).ToList();
                Assert.True(d.Appraisals.Record(year, today.AddDays(-5), signOff: true, pdpAgreed: true, "appraiser-1", today, notes).IsSuccess);
            });
        using var client = factory.ClientFor(doctor);
        using var upload = await client.UploadAsync(doctor.Id, Uploads.Form("ContinuingProfessionalDevelopment", "Course", today.AddDays(-1), null, null,
            new Dictionary<string, string> { ["appraisalYear"] = "2027" }));
        Assert.Equal(2027, (await upload.ReadAsync<EvidenceResponse>()).AppraisalYear);

        var response = await (await client.GetAsync($"/api/doctors/{doctor.Id}")).ReadAsync<DoctorResponse>();

        Assert.Equal(new DateOnly(2027, 3, 25), response.Cycle!.Rsd);
        Assert.DoesNotContain(response.AppraisalYears, y => y.Year == 2027);
        Assert.Contains(response.AppraisalYears, y => y.Year == 2026 && y.Status == AppraisalYearStatus.Completed);
        Assert.DoesNotContain(response.Rules!.Checklist, g => g.Year == 2027);
    }

    [Fact]
    public async Task Rules_NameTodaysAppraisalYear_AndTheYearNewEvidenceGoesTo()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);

        var rules = (await (await client.GetAsync($"/api/doctors/{doctor.Id}")).ReadAsync<DoctorResponse>()).Rules!;

        Assert.Equal(new AppraisalYearRef(2026, "2026/27"), rules.CurrentAppraisalYear);
        Assert.Equal(new AppraisalYearRef(2026, "2026/27"), rules.NewEvidenceYear);
    }
}
