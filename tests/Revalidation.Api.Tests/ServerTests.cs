using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>The local Server as a host: health, OpenAPI, the API reference, demo sign-in, token validation and start-up checks.</summary>
public sealed class ServerTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_WhenAnonymous_ReportsHealthy()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_WhenFetched_IsValidJsonListingTheCaseloadAndABearerScheme()
    {
        using var client = factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/caseload", paths);
        Assert.Contains("/api/doctors/{doctorId}/evidence", paths);
        Assert.True(root.GetProperty("paths").GetProperty("/api/caseload").TryGetProperty("get", out _));
        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString()));
        Assert.Contains(root.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task ApiReference_WhenFetched_ServesHtml()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"persona\":\"superuser\"}")]
    [InlineData("{\"persona\":\"\"}")]
    [InlineData("{\"persona\":null}")]
    [InlineData("{}")]
    public async Task DemoToken_WhenThePersonaIsUnknownOrMissing_Returns400NamingPersona(string body)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/demo/token", Http.RawJson(body));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("persona");
    }

    [Fact]
    public async Task DemoToken_ForEachPersona_SignsInToMeWithThatRoleAndBody()
    {
        using var anonymous = factory.CreateClient();
        var personas = (await anonymous.GetFromJsonAsync<List<DemoPersonaResponse>>("/api/demo/personas", TestJson.Options))!;
        Assert.Equal(["doctor", "appraiser", "ro", "manager", "md", "admin"], personas.Select(p => p.Key));

        foreach (var persona in personas)
        {
            using var issued = await anonymous.PostAsync("/api/demo/token", Http.Json(new { persona = persona.Key.ToUpperInvariant() }));
            var token = await issued.ReadAsync<DemoTokenResponse>();
            Assert.Equal(("Bearer", persona.Key), (token.TokenType, token.Persona.Key));
            var jwt = new JsonWebToken(token.AccessToken);
            Assert.Equal(TimeSpan.FromHours(8), jwt.ValidTo - jwt.ValidFrom);

            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            var me = await client.GetFromJsonAsync<MeResponse>("/api/me", TestJson.Options);

            Assert.Equal([persona.Role], me!.Roles);
            Assert.Equal(("1-DEMO01", "Demo NHS Foundation Trust", persona.Name), (me.DesignatedBody, me.DesignatedBodyName, me.Name));
            Assert.Equal(persona.Key == "doctor", me.DoctorId is not null);
            if (me.DoctorId is { } doctorId)
            {
                using var record = await client.GetAsync($"/api/doctors/{doctorId}");
                Assert.Equal(HttpStatusCode.OK, record.StatusCode);
            }
        }
    }

    public static TheoryData<string> ForgedTokens() => ["another key", "no signature", "another issuer", "another audience", "not yet valid", "expired"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Me_WhenTheTokenIsNotOneTheServerIssuedAndStillValid_Returns401(string kind)
    {
        var issuer = factory.Services.GetRequiredService<DemoTokenIssuer>();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var otherKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = issuer.SigningKey.KeyId };
        var token = kind switch
        {
            "another key" => Token(otherKey, issuer.Issuer, issuer.Audience, now),
            "no signature" => Token(null, issuer.Issuer, issuer.Audience, now),
            "another issuer" => Token(issuer.SigningKey, "someone-else", issuer.Audience, now),
            "another audience" => Token(issuer.SigningKey, issuer.Issuer, "another-api", now),
            "not yet valid" => Token(issuer.SigningKey, issuer.Issuer, issuer.Audience, now.AddHours(1)),
            "expired" => Token(issuer.SigningKey, issuer.Issuer, issuer.Audience, now.AddHours(-3)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        // The same token built with the Server's own settings is accepted: only the forged part is refused.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(issuer.SigningKey, issuer.Issuer, issuer.Audience, now));
        using var control = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact]
    public async Task Me_WhenTheDemoTokenHasExpiredOnTheProductClock_Returns401()
    {
        using var server = new ApiFactory();
        server.Settings["Demo:Seed"] = "false";
        using var client = server.ClientAs(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer);
        using (var fresh = await client.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        server.Time.Advance(TimeSpan.FromHours(7));
        using (var later = await client.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        server.Time.Advance(TimeSpan.FromHours(2));
        using var expired = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        // No error details in the challenge (issue 14 item 6): a bare "Bearer".
        Assert.Equal("Bearer", expired.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public void Startup_WhenDemoSignInIsConfiguredInProduction_FailsOptionsValidation()
    {
        using var server = new ApiFactory();
        using var production = server.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("Auth:Mode Demo is allowed only in the Development environment", Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_WhenSignInIsEntraId_MapsNoDemoSignInAndStillRequiresATokenEverywhere()
    {
        using var server = new ApiFactory();
        server.Settings["Demo:Seed"] = "false";
        server.Settings["Auth:Mode"] = "EntraId";
        server.Settings["Auth:TenantId"] = "00000000-0000-0000-0000-000000000001";
        server.Settings["Auth:Audience"] = "api://revalidation-tests";
        using var client = server.CreateClient();

        using var personas = await client.GetAsync("/api/demo/personas");
        using var token = await client.PostAsync("/api/demo/token", Http.Json(new { persona = "ro" }));
        using var me = await client.GetAsync("/api/me");
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.NotFound, personas.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void Startup_WhenEntraIdHasNoTenantOrAudience_FailsOptionsValidation()
    {
        using var server = new ApiFactory();
        server.Settings["Auth:Mode"] = "EntraId";

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("Auth:TenantId", Messages(error), StringComparison.Ordinal);
        Assert.Contains("Auth:Audience", Messages(error), StringComparison.Ordinal);
    }

    private static string Token(SecurityKey? key, string issuer, string audience, DateTime notBefore)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(
            [
                new Claim(CurrentUser.ObjectIdClaim, DemoSeeder.ResponsibleOfficer.UserId),
                new Claim("sub", DemoSeeder.ResponsibleOfficer.UserId),
                new Claim(CurrentUser.NameClaim, "Forged"),
                new Claim("designated_body", "1-DEMO01"),
                new Claim(CurrentUser.RoleClaim, Roles.ResponsibleOfficer),
            ]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore.AddHours(2),
            SigningCredentials = key is null ? null : new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static string Messages(Exception error)
    {
        var all = new List<string>();
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var e))
        {
            all.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return string.Join(" | ", all);
    }
}
