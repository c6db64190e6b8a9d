using System.Net;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Api.Tests;

/// <summary>GET /api/admin/doctors: the admin picks a doctor (appraiser allocation) by name or GMC number, from their own body only.</summary>
public sealed class AdminDoctorsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Demo = "1-DEMO01";

    [Fact]
    public async Task List_WithoutQuery_GivesActiveDoctorsFirstByName_UpToTheLimit()
    {
        var summaries = await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo));
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/api/admin/doctors?limit=200");
        var doctors = await response.ReadAsync<List<AdminDoctorResponse>>();

        Assert.Equal(Math.Min(200, summaries.Count), doctors.Count);
        Assert.Equal(doctors.Count, doctors.Select(d => d.Id).Distinct().Count());
        Assert.Subset(summaries.Select(s => s.Id).ToHashSet(), doctors.Select(d => d.Id).ToHashSet());
        var firstLeaver = doctors.FindIndex(d => d.Status != Revalidation.Contracts.DoctorStatus.Active);
        Assert.True(firstLeaver < 0 || doctors.Skip(firstLeaver).All(d => d.Status != Revalidation.Contracts.DoctorStatus.Active), "Active doctors come first.");
        var active = doctors.Where(d => d.Status == Revalidation.Contracts.DoctorStatus.Active).Select(d => d.FamilyName).ToList();
        Assert.Equal(active.Order(StringComparer.OrdinalIgnoreCase), active);
        using var few = await admin.GetAsync("/api/admin/doctors?limit=3");
        Assert.Equal(3, (await few.ReadAsync<List<AdminDoctorResponse>>()).Count);
    }

    [Fact]
    public async Task List_ByNameOrGmcNumber_FindsTheDoctorWithTheAppraiserNowAllocated()
    {
        var summaries = await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo));
        var someone = summaries.First(s => s.Status == DoctorStatus.Active);
        using var admin = factory.Admin();

        using var byNumber = await admin.GetAsync($"/api/admin/doctors?q={someone.GmcNumber.Value}");
        var found = Assert.Single(await byNumber.ReadAsync<List<AdminDoctorResponse>>());
        Assert.Equal((someone.Id, someone.GmcNumber.Value, someone.AppraiserId), (found.Id, found.GmcNumber, found.AppraiserId));

        using var byName = await admin.GetAsync($"/api/admin/doctors?q={Uri.EscapeDataString(someone.FamilyName.ToUpperInvariant())}");
        var named = await byName.ReadAsync<List<AdminDoctorResponse>>();
        Assert.Contains(named, d => d.Id == someone.Id);
        Assert.All(named, d => Assert.Contains(someone.FamilyName, $"{d.GivenName} {d.FamilyName}", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task List_OtherBodysAdmin_SeesNoneOfThisBodysDoctors()
    {
        using var stranger = factory.ClientAs("stranger-admin", Roles.Admin, "1-NOBODY");

        using var response = await stranger.GetAsync("/api/admin/doctors?limit=200");

        Assert.Empty(await response.ReadAsync<List<AdminDoctorResponse>>());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("q=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "q")]
    public async Task List_BadInput_IsAProblemNamingTheField(string query, string field)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/admin/doctors?{query}");

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
    }
}
