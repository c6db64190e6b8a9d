using System.Net;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 15, item 4 (hazard H44): GET /api/me says whether the caller's designated body reaches the GMC through its web
/// service, so the GMC connections page can say before the RO starts that a manual-route body makes changes in GMC Connect.
/// </summary>
public sealed class GmcRouteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Me_ManualRouteBody_SaysNotByWebService()
    {
        using var ro = factory.ResponsibleOfficer();

        using var response = await ro.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.ReadAsync<MeResponse>()).GmcWebService);
    }

    [Fact]
    public async Task Me_WebServiceBody_SaysByWebService_AndAnotherBodyStaysManual()
    {
        using var webService = new ApiFactory();
        webService.Settings["Gmc:Bodies:1-DEMO01:Mode"] = "WebService";
        webService.Settings["Gmc:Bodies:1-DEMO01:Url"] = "https://gmc.example.test/GMCWebServices/WebService.asmx";
        webService.Settings["Gmc:Bodies:1-DEMO01:Username"] = "demo-body";
        webService.Settings["Gmc:Bodies:1-DEMO01:Password"] = "not-a-real-password";
        using var ro = webService.ResponsibleOfficer();
        using var other = webService.ClientAs("stranger-ro", Roles.ResponsibleOfficer, "1-NOBODY");

        using var response = await ro.GetAsync("/api/me");
        using var otherResponse = await other.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadAsync<MeResponse>()).GmcWebService);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        Assert.False((await otherResponse.ReadAsync<MeResponse>()).GmcWebService);
    }
}
