using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Security;
using Revalidation.Benchmarks.Api;
using Revalidation.Benchmarks.Reporting;
using Revalidation.Infrastructure.Cosmos;
using Revalidation.Server.Demo;
using Revalidation.Store.Tests.Standins;

namespace Revalidation.Benchmarks.Cosmos;

/// <summary>
/// Issue 6: "A benchmark reports the Cosmos adapter's round trips per API call for caseload and compliance summary
/// (target: a constant number per call, not one per doctor)." The real Server on the Cosmos store, against the
/// local Cosmos-compatible server, with bodies of 60 (the demo body), 500 and 2,000 doctors; every request the Cosmos client sends
/// is counted by a handler in its pipeline (<see cref="CosmosRequestCounter"/>).
/// </summary>
internal static class CosmosRoundTripSuite
{
    public const string Title = "Cosmos store: round trips per API call";

    /// <summary>The emulator's well-known key, which the local server accepts (not a secret).</summary>
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private const string MedicalDirectorId = "bench-medical-director";

    private const int CallsPerCase = 5;

    private sealed record Sample(int Doctors, string Case, long MinTrips, long MaxTrips, double RequestUnits, double MeanMs);

    public static async Task<SuiteReport> RunAsync(BenchSettings settings, TextWriter log)
    {
        int[] sizes = settings.Quick ? [DemoSeeder.DemoDoctorCount, 200] : [DemoSeeder.DemoDoctorCount, 500, 2_000]; // the demo body holds 60 to start with
        using var cosmos = LocalServerProcess.Start("cosmos-server.js", port => ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)], "Ready to accept");
        log.WriteLine($"  local Cosmos-compatible server on 127.0.0.1:{cosmos.Port}");
        var samples = new List<Sample>();
        var seedTimes = new List<(int Doctors, TimeSpan Time, long Requests)>();
        foreach (var size in sizes)
        {
            var counter = new CosmosRequestCounter();
            using var server = new BenchServer(
                settings: new Dictionary<string, string?>
                {
                    ["Store:Provider"] = "Cosmos",
                    ["Store:Cosmos:AccountEndpoint"] = $"https://127.0.0.1:{cosmos.Port}/",
                    ["Store:Cosmos:Key"] = EmulatorKey,
                    ["Store:Cosmos:AcceptAnyServerCertificate"] = "true",
                    ["Store:Cosmos:CreateIfMissing"] = "true",
                    ["Store:Cosmos:DatabaseName"] = $"bench-{size}",
                    ["Jobs:Enabled"] = "false",
                },
                configureServices: services => services.AddSingleton<RequestHandler>(counter));
            var address = server.Start();
            var clock = Stopwatch.StartNew();
            counter.Reset();
            var mix = await LargeBody.SeedAsync(server, size);
            seedTimes.Add((size, clock.Elapsed, counter.DocumentRequests));
            log.WriteLine($"  {size:N0} doctors seeded in {clock.Elapsed.TotalSeconds:0.0} s ({counter.DocumentRequests:N0} requests): {mix.Describe()}");

            using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false };
            using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
            var ro = server.TokenFor(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer);
            var md = server.TokenFor(MedicalDirectorId, Roles.MedicalDirector);
            (string Name, string Token, string Path)[] cases =
            [
                ("`GET /api/caseload?pageSize=50` (RO)", ro, "/api/caseload?pageSize=50"),
                ("`GET /api/caseload?underNotice=true&q=khan` (RO)", ro, "/api/caseload?underNotice=true&q=khan"),
                ("`GET /api/compliance` (medical director)", md, "/api/compliance"),
            ];
            foreach (var (name, token, path) in cases)
            {
                // Once untimed and uncounted: the client's first call reads the account and container metadata.
                await CallAsync(client, token, path);
                var trips = new List<long>();
                var charge = 0d;
                var elapsed = TimeSpan.Zero;
                for (var i = 0; i < CallsPerCase; i++)
                {
                    counter.Reset();
                    var call = Stopwatch.StartNew();
                    await CallAsync(client, token, path);
                    elapsed += call.Elapsed;
                    trips.Add(counter.DocumentRequests);
                    charge += counter.RequestCharge;
                }

                var sample = new Sample(size, name, trips.Min(), trips.Max(), charge / CallsPerCase, elapsed.TotalMilliseconds / CallsPerCase);
                samples.Add(sample);
                log.WriteLine(Invariant($"  {size,6:N0} doctors  {path,-40} {sample.MinTrips}–{sample.MaxTrips} round trips, {sample.RequestUnits:0.0} RU, {sample.MeanMs:0.0} ms"));
            }
        }

        var results = samples.GroupBy(s => s.Case).Select(g =>
        {
            var trips = g.Select(s => s.MaxTrips).Distinct().ToList();
            var constant = trips.Count == 1 && g.All(s => s.MinTrips == s.MaxTrips);
            return new BenchResult(
                $"{g.Key}, {string.Join(" / ", g.Select(s => s.Doctors.ToString("N0", CultureInfo.InvariantCulture)))} doctors",
                string.Join(" / ", g.Select(s => s.MaxTrips.ToString(CultureInfo.InvariantCulture))) + " round trips per call",
                "the same number for every body size",
                constant);
        }).ToList();
        return new SuiteReport(Title, results, Markdown(samples, seedTimes, results));
    }

    private static async Task CallAsync(HttpClient client, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.LoadIntoBufferAsync();
    }

    private static string Markdown(List<Sample> samples, List<(int Doctors, TimeSpan Time, long Requests)> seeds, List<BenchResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine("Command: `dotnet run -c Release --project tests/Revalidation.Benchmarks -- cosmos`. The real Server (Kestrel on");
        md.AppendLine("loopback, real JWTs) with `Store:Provider = Cosmos` against the local Cosmos-compatible server (tests/azure-standins),");
        md.AppendLine("the demo body filled with the demo seeder's mix of doctors. A `RequestHandler` in the Cosmos client's pipeline");
        md.AppendLine($"(`CosmosRequestCounter`) counts every request the store sends during one API call; each figure is the largest of {CallsPerCase} calls");
        md.AppendLine("after one uncounted call (the client's first call also reads account and container metadata). Request units are as");
        md.AppendLine("the local server reports them (it charges a nominal 1 RU per request), so only the round trips carry over to Azure.");
        md.AppendLine();
        md.AppendLine("| scenario | round trips per call | target | verdict |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine($"| {r.Scenario} | {r.Figures} | {r.Target} | {r.Verdict} |");
        }

        md.AppendLine();
        md.AppendLine("| doctors | call | round trips | mean time per call (local server) |");
        md.AppendLine("|---:|---|---:|---:|");
        foreach (var s in samples)
        {
            md.AppendLine(Invariant($"| {s.Doctors:N0} | {s.Case} | {s.MaxTrips} | {s.MeanMs:0.0} ms |"));
        }

        md.AppendLine();
        md.AppendLine("Why constant: the caseload and the compliance summary read every doctor's `DoctorSummary` of the body with one");
        md.AppendLine("single-partition projection query (`SELECT VALUE c.summary …`); the summary is written");
        md.AppendLine("inside the doctor's own item, so no per-doctor read happens (docs/decisions/0011). In Azure a page of query");
        md.AppendLine("results is capped at 4 MB, so a body whose summaries exceed that takes one more round trip per 4 MB (some thousands of");
        md.AppendLine("doctors): still per megabyte, never per doctor. The times are the local stand-in's (its query engine, in JavaScript, scans every item of the container for each query), not a measure of Azure. Seeding, for scale: " +
            string.Join("; ", seeds.Select(s => Invariant($"{s.Doctors:N0} doctors in {s.Time.TotalSeconds:0.0} s ({(double)s.Requests / s.Doctors:0.0} requests per saved doctor)")).ToArray()) + ".");
        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
