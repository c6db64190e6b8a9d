using System.Text.Json.Nodes;
using Revalidation.Functions.Tests.Support;
using Revalidation.Server.Demo;

namespace Revalidation.Functions.Tests;

/// <summary>
/// ADR 0006: the same API on two hosts. Each request goes to the Functions app's catch-all function in-process and to
/// the real local Server; both must answer the same status, content type and JSON (ids made comparable, traceId dropped).
/// </summary>
public sealed class ApiParityTests(TwoHosts hosts) : IClassFixture<TwoHosts>
{
    private const string OtherDoctor = "demo-doctor-01";

    [Fact]
    public async Task GetMe_WhenDoctorSignedIn_BothHostsAnswerTheSameUser()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/me", "doctor");

        Assert.Equal(200, functions.Status);
        Assert.Equal(DemoSeeder.DoctorPersonaId, (string?)functions.Json!["userId"]);
        Assert.NotNull((string?)functions.Json!["doctorId"]);
    }

    [Fact]
    public async Task GetCaseload_WhenResponsibleOfficerAsksForFive_BothHostsAnswerTheSamePage()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/caseload?pageSize=5", "ro");

        Assert.Equal(200, functions.Status);
        Assert.Equal(5, functions.Json!["items"]!.AsArray().Count);
        Assert.Equal(5, (int)functions.Json!["pageSize"]!);
    }

    [Fact]
    public async Task GetDoctor_WhenDoctorReadsOwnRecord_BothHostsAnswer200WithTheRecord()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, services => DoctorPath(services, DemoSeeder.DoctorPersonaId, ""), "doctor");

        Assert.Equal(200, functions.Status);
        Assert.Equal(DemoSeeder.DoctorPersonaName, $"Dr {functions.Json!["givenName"]} {functions.Json!["familyName"]}");
    }

    [Fact]
    public async Task GetDoctor_WhenDoctorReadsAnotherDoctor_BothHostsAnswer404()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, services => DoctorPath(services, OtherDoctor, ""), "doctor");

        Assert.Equal(404, functions.Status);
        Assert.StartsWith("application/problem+json", functions.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCaseload_WhenNoToken_BothHostsAnswer401()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/caseload", persona: null);

        Assert.Equal(401, functions.Status);
    }

    [Fact]
    public async Task GetCaseload_WhenDoctorToken_BothHostsAnswer403()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/caseload", "doctor");

        Assert.Equal(403, functions.Status);
    }

    [Fact]
    public async Task PostRecommendation_WhenJsonMalformed_BothHostsAnswer400NamingTheField()
    {
        const string body = """{"type":"Revalidate","proposedRsd":"31/02/2027"}""";

        var (functions, _) = await BothAsync(HttpMethod.Post, services => DoctorPath(services, OtherDoctor, "/recommendations"), "ro", body);

        Assert.Equal(400, functions.Status);
        Assert.StartsWith("application/problem+json", functions.ContentType, StringComparison.Ordinal);
        Assert.NotNull(functions.Json!["errors"]!["proposedRsd"]);
    }

    [Fact]
    public async Task GetCompliance_WhenMedicalDirector_BothHostsAnswerTheSameSummary()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/compliance", "md");

        Assert.Equal(200, functions.Status);
        Assert.NotNull(functions.Json!["currentYear"]);
    }

    [Fact]
    public async Task Get_WhenRouteUnknown_BothHostsAnswer404()
    {
        var (functions, _) = await BothAsync(HttpMethod.Get, "/api/no-such-thing", "ro");

        Assert.Equal(404, functions.Status);
    }

    [Fact]
    public async Task Delete_WhenMethodNotMappedForThePath_BothHostsAnswer405()
    {
        var (functions, _) = await BothAsync(HttpMethod.Delete, "/api/caseload", "ro");

        Assert.Equal(405, functions.Status);
    }

    private static async Task<string> DoctorPath(IServiceProvider services, string directoryId, string suffix) =>
        $"/api/doctors/{await TwoHosts.DoctorIdAsync(services, directoryId)}{suffix}";

    private Task<(HostResponse Functions, HostResponse Server)> BothAsync(HttpMethod method, string path, string? persona, string? json = null) =>
        BothAsync(method, _ => Task.FromResult(path), persona, json);

    /// <summary>Sends the same request (the path may name a host's own doctor id) to both hosts and asserts the same answer.</summary>
    private async Task<(HostResponse Functions, HostResponse Server)> BothAsync(
        HttpMethod method, Func<IServiceProvider, Task<string>> path, string? persona, string? json = null)
    {
        var token = persona is null ? null : hosts.Token(persona);
        var functions = await hosts.Functions.SendAsync(method, await path(hosts.Functions.Services), token, json);
        var server = await hosts.Server.SendAsync(method, await path(hosts.Server.AppServices), token, json);

        Assert.True(server.Status == functions.Status, $"Status: Server {server.Status}, Functions {functions.Status}.\nServer: {server}\nFunctions: {functions}");
        Assert.Equal(server.ContentType, functions.ContentType);
        var expected = JsonNormaliser.Normalise(server.Json, await TwoHosts.DoctorIdsAsync(hosts.Server.AppServices));
        var actual = JsonNormaliser.Normalise(functions.Json, await TwoHosts.DoctorIdsAsync(hosts.Functions.Services));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Bodies differ.\nServer:\n{JsonNormaliser.Show(expected)}\nFunctions:\n{JsonNormaliser.Show(actual)}");
        return (functions, server);
    }
}
