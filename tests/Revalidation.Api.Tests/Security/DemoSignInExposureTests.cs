using System.Net;

namespace Revalidation.Api.Tests.Security;

/// <summary>Issue 14 item 5: the demo sign-in exists only in Development and answers only loopback callers.</summary>
public sealed class DemoSignInExposureTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DemoSignIn_InProductionEvenWhenDemoSettingsSaySeed_IsNotMapped()
    {
        using var server = new ApiFactory { EnvironmentName = "Production" };
        server.Settings["Demo:Seed"] = "true";
        server.Settings["Auth:Mode"] = "EntraId";
        server.Settings["Auth:TenantId"] = "00000000-0000-0000-0000-000000000001";
        server.Settings["Auth:Audience"] = "api://revalidation-tests";
        using var client = server.CreateClient();

        using var token = await client.PostAsync("/api/demo/token", Http.Json(new { persona = "admin" }));
        using var personas = await client.GetAsync("/api/demo/personas");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, personas.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::1")]
    public async Task DemoSignIn_FromANonLoopbackAddress_Returns404(string remoteAddress)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiFactory.RemoteAddressHeader, remoteAddress);

        using var token = await client.PostAsync("/api/demo/token", Http.Json(new { persona = "admin" }));
        using var personas = await client.GetAsync("/api/demo/personas");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, personas.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task DemoSignIn_FromLoopbackInDevelopment_IssuesAToken(string remoteAddress)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiFactory.RemoteAddressHeader, remoteAddress);

        using var token = await client.PostAsync("/api/demo/token", Http.Json(new { persona = "admin" }));

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
