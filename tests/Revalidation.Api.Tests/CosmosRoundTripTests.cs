using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Cosmos;
using Revalidation.Server.Demo;
using Revalidation.Store.Tests.Standins;

namespace Revalidation.Api.Tests;

/// <summary>The local Cosmos-compatible server for one test class.</summary>
public sealed class CosmosStandinFixture : IDisposable
{
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly LocalServerProcess server = LocalServerProcess.Start(
        "cosmos-server.js", port => ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)], "Ready to accept");

    public string Endpoint => $"https://127.0.0.1:{server.Port}/";

    public void Dispose() => server.Dispose();
}

/// <summary>
/// The Server on the Cosmos store (issue 6): the caseload and the compliance summary cost a constant number of
/// round trips to Cosmos per call, whatever the number of doctors: a count, taken by a handler in the client's pipeline.
/// </summary>
public sealed class CosmosRoundTripTests(CosmosStandinFixture cosmos) : IClassFixture<CosmosStandinFixture>
{
    [Fact]
    public async Task CaseloadAndCompliance_OnTheCosmosStore_TakeOneRoundTripPerCall_For60Or160Doctors()
    {
        var counter = new CosmosRequestCounter();
        using var baseFactory = new ApiFactory();
        baseFactory.Settings["Store:Provider"] = "Cosmos";
        baseFactory.Settings["Store:Cosmos:AccountEndpoint"] = cosmos.Endpoint;
        baseFactory.Settings["Store:Cosmos:Key"] = CosmosStandinFixture.EmulatorKey;
        baseFactory.Settings["Store:Cosmos:AcceptAnyServerCertificate"] = "true";
        baseFactory.Settings["Store:Cosmos:CreateIfMissing"] = "true";
        baseFactory.Settings["Store:Cosmos:DatabaseName"] = $"api-{Guid.NewGuid():N}";
        using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<RequestHandler>(counter)));
        using var ro = ClientAs(factory, DemoSeeder.ResponsibleOfficer.UserId, "ResponsibleOfficer");
        using var md = ClientAs(factory, "md-1", "MedicalDirector");
        string[] calls = ["/api/caseload?pageSize=50", "/api/caseload?underNotice=true&q=khan", "/api/compliance"];

        var withDemoBody = await CountAsync(counter, ro, md, calls);
        await AddDoctorsAsync(factory.Services, 100);
        var withMore = await CountAsync(counter, ro, md, calls);

        Assert.Equal([1, 1, 1], withDemoBody);
        Assert.Equal(withDemoBody, withMore);
    }

    private static HttpClient ClientAs(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string userId, string role)
    {
        var client = factory.CreateClient();
        var token = factory.Services.GetRequiredService<Revalidation.Api.Security.DemoTokenIssuer>().Issue(userId, userId, [role], DemoSeeder.DemoBody.Value);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<long[]> CountAsync(CosmosRequestCounter counter, HttpClient ro, HttpClient md, string[] calls)
    {
        var counts = new List<long>();
        foreach (var path in calls)
        {
            var client = path.Contains("compliance", StringComparison.Ordinal) ? md : ro;
            using (var warm = await client.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            }

            counter.Reset();
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counts.Add(counter.DocumentRequests);
        }

        return [.. counts];
    }

    private static async Task AddDoctorsAsync(IServiceProvider services, int count)
    {
        var seeder = services.GetRequiredService<DemoSeeder>();
        var doctors = services.GetRequiredService<IDoctorStore>();
        var now = ApiFactory.Now;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var doctor in seeder.BuildDoctors(today, DemoSeeder.DemoDoctorCount + count).Skip(DemoSeeder.DemoDoctorCount))
        {
            var outcome = await doctors.SaveDoctorAsync(doctor, [AuditEvent.Create(DemoSeeder.DemoBody, doctor.Id, Actor.System, "doctor.seeded", "seeded", now)]);
            Assert.True(outcome.Saved);
        }
    }
}
