using System.Net;
using System.Net.Http.Json;
using Revalidation.Api.Tests;
using Revalidation.Server.Demo;

namespace Revalidation.Gmc.Tests;

/// <summary>R20 (docs/domain.md#r20): a body on the GMC web service needs its RO's GMC number (an empty RoUID is GMC code 84).</summary>
public sealed class ResponsibleOfficerGmcNumberTests(GmcWorld world) : IClassFixture<GmcWorld>
{
    [Fact]
    [Trait("Rule", "R20")]
    public async Task AssigningAnRoWithoutAGmcNumber_OnAWebServiceBody_Is400NamingTheFieldAndKeepsTheRo()
    {
        using var admin = world.Factory.Admin();

        using var response = await admin.PutAsJsonAsync("/api/admin/designated-body/responsible-officer", new { userId = "ro-new", name = "Dr New Officer" });

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("gmcNumber");
        var body = await world.Factory.Bodies.GetDesignatedBodyAsync(world.Code);
        Assert.Equal(DemoSeeder.ResponsibleOfficer.GmcNumber, body!.ResponsibleOfficer!.GmcNumber);
    }
}
