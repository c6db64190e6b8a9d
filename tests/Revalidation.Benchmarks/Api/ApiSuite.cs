using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Api.Security;
using Revalidation.Benchmarks.Reporting;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Sqlite;
using Revalidation.Server.Demo;

namespace Revalidation.Benchmarks.Api;

/// <summary>
/// docs/domain.md#roles0, "API on the embedded store with a 5,000-doctor DB: caseload and compliance dashboard p95
/// under 100 ms; evidence upload of 25 MB with memory that does not grow with file size."
/// </summary>
internal static class ApiSuite
{
    public const string Title = "API on the embedded store";

    public const double LatencyTargetMs = 100;

    /// <summary>Targets for "memory that does not grow with file size", as shares of the file.</summary>
    public const double MaxAllocatedShareOfFile = 0.10;

    public const double MaxAllocationGrowthShareOfExtraBytes = 0.05;

    public const double MaxWorkingSetShareOfFile = 0.25;

    private const string MedicalDirectorId = "bench-medical-director";

    private const string NoCacheSetting = "Store:Sqlite:SummaryCacheDoctors";

    private const int ReferenceWarmUpRequests = 30;

    private const int ReferenceRequests = 60;

    public static async Task<SuiteReport> RunAsync(BenchSettings settings, TextWriter log)
    {
        using var server = new BenchServer();
        var address = server.Start();
        log.WriteLine($"  server on {address} (Kestrel, loopback); seeding {settings.Doctors:N0} doctors...");
        var mix = await LargeBody.SeedAsync(server, settings.Doctors);
        log.WriteLine($"  seeded in {mix.SeedTime.TotalSeconds:0.0} s: {mix.Describe()}");

        using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

        var latencies = await MeasureLatencyAsync(server, client, settings.WarmUpRequests, settings.Requests, log);
        var reference = settings.Quick ? null : await MeasureWithoutCacheAsync(server, log);
        var uploads = await MeasureUploadsAsync(server, client, settings, log);
        log.WriteLine("  where the time goes...");
        var breakdown = await TimeBreakdown.MeasureAsync(server, settings.BreakdownRepeats);

        var results = new List<BenchResult>();
        results.AddRange(latencies.Select(m => new BenchResult(
            $"`GET {m.Case.Path}` ({m.Case.Caller}), {settings.Doctors:N0} doctors",
            Invariant($"p50 {m.Latency.P50:0.0} ms, p95 {m.Latency.P95:0.0} ms, p99 {m.Latency.P99:0.0} ms, mean {m.Latency.Mean:0.0} ms (n={m.Latency.Count})"),
            Invariant($"p95 < {LatencyTargetMs:0} ms"),
            m.Latency.P95 < LatencyTargetMs)));
        results.AddRange(uploads.Verdicts);
        var cacheDoctors = server.Services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.SummaryCacheDoctors;
        return new SuiteReport(Title, results, Markdown(settings, mix, latencies, reference, uploads, breakdown, cacheDoctors, results));
    }

    /// <summary>
    /// The same requests to a second Server over the same file with the summary cache off (as the store was
    /// before it had one): a reference that shows what the cache is worth, held to no target.
    /// </summary>
    private static async Task<IReadOnlyList<LatencyMeasurement>> MeasureWithoutCacheAsync(BenchServer server, TextWriter log)
    {
        log.WriteLine($"  reference: a second Server on the same file with {NoCacheSetting} = 0...");
        using var uncached = new BenchServer(sharedData: server, settings: new Dictionary<string, string?> { [NoCacheSetting] = "0" });
        using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = uncached.Start(), Timeout = TimeSpan.FromMinutes(2) };
        return await MeasureLatencyAsync(uncached, client, ReferenceWarmUpRequests, ReferenceRequests, log);
    }

    private static async Task<IReadOnlyList<LatencyMeasurement>> MeasureLatencyAsync(BenchServer server, HttpClient client, int warmUpRequests, int requests, TextWriter log)
    {
        var doctors = (await server.Doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody)).Count;
        var ro = server.TokenFor(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer);
        var md = server.TokenFor(MedicalDirectorId, Roles.MedicalDirector);
        LatencyCase[] cases =
        [
            new("Caseload, first page", "RO", ro, "/api/caseload?pageSize=50",
                j => j.GetProperty("items").GetArrayLength() == 50 && j.GetProperty("total").GetInt32() > 0.9 * doctors ? null : "expected a full page of a large caseload"),
            new("Caseload, under notice, searched", "RO", ro, "/api/caseload?underNotice=true&q=khan",
                j => j.GetProperty("total").GetInt32() > 0 ? null : "expected doctors under notice named Khan"),
            new("Compliance summary", "medical director", md, "/api/compliance",
                j => j.GetProperty("activeDoctors").GetInt32() > 0.9 * doctors ? null : "expected a large body"),
        ];

        // Every endpoint warmed up before any is timed, so that none is timed while the others' code is still being compiled.
        foreach (var @case in cases)
        {
            await RequestLatency.WarmUpAsync(client, @case, warmUpRequests);
        }

        var measured = new List<LatencyMeasurement>();
        foreach (var @case in cases)
        {
            var m = await RequestLatency.MeasureAsync(client, @case, requests);
            log.WriteLine(Invariant($"  {@case.Path,-42} p50 {m.Latency.P50,6:0.0} ms  p95 {m.Latency.P95,6:0.0} ms  p99 {m.Latency.P99,6:0.0} ms  mean {m.Latency.Mean,6:0.0} ms"));
            measured.Add(m);
        }

        return measured;
    }

    private static async Task<UploadReport> MeasureUploadsAsync(BenchServer server, HttpClient client, BenchSettings settings, TextWriter log)
    {
        var doctor = await server.Doctors.FindDoctorByDirectoryIdAsync(DemoSeeder.DemoBody, DemoSeeder.DoctorPersonaId)
            ?? throw new InvalidOperationException("The doctor persona is missing.");
        var token = server.TokenFor(DemoSeeder.DoctorPersonaId, Roles.Doctor);
        var today = UkCalendar.Today(server.Services.GetRequiredService<TimeProvider>());
        long small = 5 * EvidenceUpload.MiB, large = 25 * EvidenceUpload.MiB;

        // Warm-up: JIT, the multipart reader, the evidence folder, the doctor's record path.
        await EvidenceUpload.MeasureAsync(client, token, doctor.Id, EvidenceUpload.MiB, today);

        var costs = new Dictionary<long, List<MemoryCost>> { [small] = [], [large] = [] };
        for (var round = 0; round < settings.UploadRounds; round++)
        {
            foreach (var size in new[] { small, large })
            {
                var cost = await EvidenceUpload.MeasureAsync(client, token, doctor.Id, size, today);
                costs[size].Add(cost);
                log.WriteLine(Invariant($"  upload {EvidenceUpload.Mb(size),9}: allocated {EvidenceUpload.Mb(cost.AllocatedBytes)}, peak working set +{EvidenceUpload.Mb(cost.PeakWorkingSetGrowth)}, peak heap +{EvidenceUpload.Mb(cost.PeakHeapGrowth)}, {cost.Elapsed.TotalMilliseconds:0} ms"));
            }
        }

        return UploadReport.From(small, costs[small], large, costs[large]);
    }

    private static string Markdown(BenchSettings settings, BodyMix mix, IReadOnlyList<LatencyMeasurement> latencies, IReadOnlyList<LatencyMeasurement>? reference, UploadReport uploads, Breakdown breakdown, int cacheDoctors, IReadOnlyList<BenchResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineInfo.Read()}."));
        md.AppendLine();
        md.AppendLine("How: the real local Server in-process (`WebApplicationFactory<Program>` on Kestrel at 127.0.0.1, ephemeral port), its SQLite file and evidence folder in a fresh temp folder, real JWTs from the demo issuer checked by the production JWT bearer handler. "
            + Invariant($"One designated body of {mix.Describe()}: the demo seeder's mix of states, repeated with distinct GMC numbers, built through the domain and saved one by one through `IDoctorStore` ({mix.SeedTime.TotalSeconds:0} s). ")
            + Invariant($"One client on loopback, one request at a time, timed from sending until the whole body is read; {settings.WarmUpRequests} warm-up requests to every endpoint first (until tiered JIT with dynamic PGO has settled, as in a server that has run for a while), then {settings.Requests} timed per endpoint."));
        md.AppendLine();
        md.AppendLine("| scenario | figures | target | result |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine($"| {r.Scenario} | {r.Figures} | {r.Target} | {r.Verdict} |");
        }

        md.AppendLine();
        md.AppendLine(Invariant($"### Caseload and compliance summary, {settings.Doctors:N0} doctors"));
        md.AppendLine();
        md.AppendLine("| request | caller | n | mean | p50 | p95 | p99 | max | response |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in latencies)
        {
            var l = m.Latency;
            md.AppendLine(Invariant($"| `GET {m.Case.Path}` | {m.Case.Caller} | {l.Count} | {l.Mean:0.0} ms | {l.P50:0.0} ms | {l.P95:0.0} ms | {l.P99:0.0} ms | {l.Max:0.0} ms | {m.ResponseBytes / 1024.0:0.0} KB |"));
        }

        if (reference is not null)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"For reference, the same requests to a second Server over the same file with the summary cache off (`{NoCacheSetting}` = 0, the store as it was before the cache; {ReferenceWarmUpRequests} warm-up and {ReferenceRequests} timed requests each; no target):"));
            md.AppendLine();
            md.AppendLine("| request, summary cache off | n | mean | p50 | p95 | p99 | max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var m in reference)
            {
                var l = m.Latency;
                md.AppendLine(Invariant($"| `GET {m.Case.Path}` | {l.Count} | {l.Mean:0.0} ms | {l.P50:0.0} ms | {l.P95:0.0} ms | {l.P99:0.0} ms | {l.Max:0.0} ms |"));
            }
        }

        md.AppendLine();
        md.AppendLine("### Evidence upload memory");
        md.AppendLine();
        md.AppendLine("`POST /api/doctors/{id}/evidence` as the doctor, multipart with the file part streamed by the client from a generated PDF (the client never holds the file), "
            + Invariant($"`Evidence:MaxFileBytes` = {BenchServer.MaxFileBytes:N0}. ")
            + "Allocations are the whole process's (server and client, less the sampler's own) during the request, from `GC.GetTotalAllocatedBytes(true)`; working set and managed heap sampled every millisecond against their values after a full collection. "
            + Invariant($"{settings.UploadRounds} round(s) after a 1 MB warm-up upload; allocations and time are medians, peaks the highest seen."));
        md.AppendLine();
        md.AppendLine("| file | managed allocations | peak working-set growth | peak managed-heap growth | time |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (size, cost) in new[] { (uploads.SmallBytes, uploads.Small), (uploads.LargeBytes, uploads.Large) })
        {
            md.AppendLine(Invariant($"| {EvidenceUpload.Describe(size)} | {EvidenceUpload.Mb(cost.AllocatedBytes)} | {EvidenceUpload.Mb(cost.PeakWorkingSetGrowth)} | {EvidenceUpload.Mb(cost.PeakHeapGrowth)} | {cost.Elapsed.TotalMilliseconds:0} ms |"));
        }

        md.AppendLine();
        md.AppendLine(Invariant($"### Where the time goes (in-process, no HTTP, median of {settings.BreakdownRepeats})"));
        md.AppendLine();
        md.AppendLine("| step | time |");
        md.AppendLine("|---|---:|");
        foreach (var step in breakdown.Steps)
        {
            md.AppendLine(Invariant($"| {step.Step} | {step.MedianMs:0.00} ms |"));
        }

        md.AppendLine();
        md.AppendLine(Invariant($"The summary cache (`Store:Sqlite:SummaryCacheDoctors` = {cacheDoctors:N0} in the Server's settings) holds {breakdown.Doctors:N0} summaries in {EvidenceUpload.Mb(breakdown.SummaryBytes)} of managed heap, about {breakdown.SummaryBytes / Math.Max(1, breakdown.Doctors) / 1024.0:0.0} KB a doctor."));

        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The uploads, summarised (median allocation and time, highest peaks), and held to the targets.</summary>
internal sealed record UploadReport(long SmallBytes, MemoryCost Small, long LargeBytes, MemoryCost Large, IReadOnlyList<BenchResult> Verdicts)
{
    public static UploadReport From(long smallBytes, IReadOnlyList<MemoryCost> small, long largeBytes, IReadOnlyList<MemoryCost> large)
    {
        var s = Summarise(small);
        var l = Summarise(large);
        var file = EvidenceUpload.Describe(largeBytes);
        var growth = l.AllocatedBytes - s.AllocatedBytes;
        var extra = largeBytes - smallBytes;
        BenchResult[] verdicts =
        [
            new($"Evidence upload of {file}: managed allocations",
                $"{EvidenceUpload.Mb(l.AllocatedBytes)} ({Share(l.AllocatedBytes, largeBytes)} of the file)",
                $"< {ApiSuite.MaxAllocatedShareOfFile:P0} of the file", l.AllocatedBytes < ApiSuite.MaxAllocatedShareOfFile * largeBytes),
            new($"Evidence upload: allocations, {EvidenceUpload.Describe(largeBytes)} against {EvidenceUpload.Describe(smallBytes)}",
                $"{EvidenceUpload.Mb(l.AllocatedBytes)} against {EvidenceUpload.Mb(s.AllocatedBytes)}: {(growth >= 0 ? "+" : "−")}{EvidenceUpload.Mb(Math.Abs(growth))} for {EvidenceUpload.Mb(extra)} more file ({Share(growth, extra)})",
                $"growth < {ApiSuite.MaxAllocationGrowthShareOfExtraBytes:P0} of the extra bytes", growth < ApiSuite.MaxAllocationGrowthShareOfExtraBytes * extra),
            new($"Evidence upload of {file}: peak working set",
                $"+{EvidenceUpload.Mb(l.PeakWorkingSetGrowth)} ({Share(l.PeakWorkingSetGrowth, largeBytes)} of the file; {EvidenceUpload.Mb(s.PeakWorkingSetGrowth)} for {EvidenceUpload.Describe(smallBytes)})",
                $"< {ApiSuite.MaxWorkingSetShareOfFile:P0} of the file", l.PeakWorkingSetGrowth < ApiSuite.MaxWorkingSetShareOfFile * largeBytes),
        ];
        return new UploadReport(smallBytes, s, largeBytes, l, verdicts);
    }

    private static MemoryCost Summarise(IReadOnlyList<MemoryCost> costs) => new(
        Median(costs.Select(c => c.AllocatedBytes)),
        costs.Max(c => c.PeakWorkingSetGrowth),
        costs.Max(c => c.PeakHeapGrowth),
        TimeSpan.FromTicks(Median(costs.Select(c => c.Elapsed.Ticks))));

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    private static string Share(long part, long whole) => (part / (double)whole).ToString("P1", CultureInfo.InvariantCulture);
}
