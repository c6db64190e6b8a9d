using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Revalidation.Api.Security;
using Revalidation.Server.Demo;
using Revalidation.Server.Http;

namespace Revalidation.Api.Tests.Security;

/// <summary>Issue 14 item 6: security headers, rate limits, JWT lifetime and challenge, the API reference outside Development.</summary>
public sealed class HttpHardeningTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/caseload")]
    [InlineData("/css/app.css")]
    [InlineData("/js/body-classes.js")]
    [InlineData("/api/me")]
    [InlineData("/api/demo/personas")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/health")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Single(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Single(response, "Permissions-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is for Production only");
    }

    [Fact]
    public void StaticWebAppConfig_SendsTheServersHeaders_WithTheEntraPolicy()
    {
        // Issue 14: the UI hosted as an Azure Static Web App (infra/modules/staticwebapp.bicep) gets the same headers as from the Server.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Revalidation.sln")))
        {
            root = root.Parent;
        }

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(root!.FullName, "src", "Revalidation.Web", "wwwroot", "staticwebapp.config.json")));
        var headers = config.RootElement.GetProperty("globalHeaders");
        string Header(string name) => headers.GetProperty(name).GetString()!;

        var entra = SecurityHeaders.PolicyFor(new AuthOptions { Mode = AuthMode.EntraId, Authority = "https://login.microsoftonline.com/tenant/v2.0" });
        Assert.Equal(entra, Header("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Header("Permissions-Policy"));
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Header("Strict-Transport-Security"));
        Assert.Equal(("nosniff", "DENY", "no-referrer"), (Header("X-Content-Type-Options"), Header("X-Frame-Options"), Header("Referrer-Policy")));
    }

    [Fact]
    public void ContentSecurityPolicy_IsTheStrictOne()
    {
        Assert.Contains("default-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexHtml_HasNoInlineScriptOrStyle()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/index.html");

        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Production_SendsHsts_HasNoApiReference_AndTheOpenApiDocumentNeedsSignIn()
    {
        using var server = Production();
        using var client = server.CreateClient(new() { BaseAddress = new Uri("https://revalidation.example/") });

        using var health = await client.GetAsync("/health");
        using var reference = await client.GetAsync("/api/reference");
        using var openApi = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Single(health, "Strict-Transport-Security"));
        Assert.StartsWith(SecurityHeaders.ContentSecurityPolicy, Single(health, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://login.microsoftonline.com", Single(health, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, reference.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, openApi.StatusCode);
    }

    [Fact]
    public async Task DemoToken_300RapidRequestsAtTheDefaultLimit_AreRefusedWith429ProblemAndRetryAfter()
    {
        using var server = new ApiFactory();
        server.Settings["Demo:Seed"] = "false";
        server.Settings["RateLimits:SignIn:PermitLimit"] = "10";
        server.Settings["RateLimits:SignIn:Window"] = "00:01:00";
        using var client = server.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => client.PostAsync("/api/demo/token", Http.Json(new { persona = "ro" }))));

        try
        {
            var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.InRange(ok, 10, 20); // 10 a minute; a window boundary during the burst allows at most one more window
            Assert.Equal(300, ok + refused.Count);
            foreach (var response in refused.Take(5))
            {
                var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
                Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
                Assert.Equal("Too many requests", problem.RootElement.GetProperty("title").GetString());
                Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Single(response, "Content-Security-Policy"));
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Api_AtTheDefaultGlobalLimit_RefusesAUserWith429ButNotAnother()
    {
        using var server = new ApiFactory();
        server.Settings["Demo:Seed"] = "false";
        server.Settings["RateLimits:Api:PermitLimit"] = "600";
        server.Settings["RateLimits:Api:Window"] = "00:01:00";
        using var busy = server.ResponsibleOfficer();
        using var other = server.Admin();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 700; i++)
        {
            using var response = await busy.GetAsync("/api/me");
            statuses.Add(response.StatusCode);
        }

        using var otherUser = await other.GetAsync("/api/me");
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 600, 700);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Me_WithATokenIssuedFor24Hours_Returns401WithoutErrorDetails()
    {
        var issuer = factory.Services.GetRequiredService<DemoTokenIssuer>();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        using var client = factory.CreateClient();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(issuer, now, now.AddHours(24), notBefore: true));
        using var longLived = await client.GetAsync("/api/me");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(issuer, now, now.AddHours(24), notBefore: false));
        using var longLivedByIssuedAt = await client.GetAsync("/api/me");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(issuer, now, now.AddHours(12), notBefore: true));
        using var twelveHours = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, longLived.StatusCode);
        Assert.Equal("Bearer", longLived.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, longLivedByIssuedAt.StatusCode);
        Assert.Equal("Bearer", longLivedByIssuedAt.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, twelveHours.StatusCode);
    }

    [Fact]
    public async Task DemoToken_IssuedByTheServer_IsAccepted()
    {
        using var client = factory.CreateClient();
        using var issued = await client.PostAsync("/api/demo/token", Http.Json(new { persona = "md" }));
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var me = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private static ApiFactory Production()
    {
        var server = new ApiFactory { EnvironmentName = "Production" };
        server.Settings["Demo:Seed"] = "false";
        server.Settings["Auth:Mode"] = "EntraId";
        server.Settings["Auth:TenantId"] = "00000000-0000-0000-0000-000000000001";
        server.Settings["Auth:Audience"] = "api://revalidation-tests";
        return server;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    private static string Token(DemoTokenIssuer issuer, DateTime issuedAt, DateTime expires, bool notBefore)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = issuer.Audience,
            Subject = new ClaimsIdentity(
            [
                new Claim(CurrentUser.ObjectIdClaim, DemoSeeder.ResponsibleOfficer.UserId),
                new Claim("sub", DemoSeeder.ResponsibleOfficer.UserId),
                new Claim(CurrentUser.NameClaim, "Long lived"),
                new Claim("designated_body", "1-DEMO01"),
                new Claim(CurrentUser.RoleClaim, Roles.ResponsibleOfficer),
            ]),
            IssuedAt = issuedAt,
            NotBefore = notBefore ? issuedAt : null,
            Expires = expires,
            SigningCredentials = new SigningCredentials(issuer.SigningKey, SecurityAlgorithms.HmacSha256),
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }
}
