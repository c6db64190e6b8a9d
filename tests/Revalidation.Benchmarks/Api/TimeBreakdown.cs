using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Api.Contracts;
using Revalidation.Core.Caseload;
using Revalidation.Core.Common;
using Revalidation.Core.Compliance;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Server.Demo;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Revalidation.Benchmarks.Api;

internal sealed record BreakdownStep(string Step, double MedianMs);

/// <summary>The steps, and the managed memory one body's summaries take when kept (what the summary cache holds).</summary>
internal sealed record Breakdown(IReadOnlyList<BreakdownStep> Steps, int Doctors, long SummaryBytes);

/// <summary>
/// Where a caseload or compliance request spends its time, step by step, in-process and without HTTP: the
/// SQLite query alone, deserialising the summaries, the store call as the API makes it, the date-dependent
/// evaluation of every doctor, and writing the response JSON. Each step's median over several runs.
/// </summary>
internal static class TimeBreakdown
{
    public static async Task<Breakdown> MeasureAsync(BenchServer server, int repeats)
    {
        var services = server.Services;
        var store = services.GetRequiredService<IDoctorStore>();
        var options = services.GetRequiredService<IOptions<RevalidationOptions>>().Value;
        var json = services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var today = UkCalendar.Today(services.GetRequiredService<TimeProvider>());
        var body = DemoSeeder.DemoBody;

        using var uncachedServices = UncachedStore(server.DatabasePath);
        var uncached = uncachedServices.GetRequiredService<IDoctorStore>();
        var raw = await QuerySummariesAsync(server.DatabasePath, body.Value);
        var summaries = await store.ListDoctorSummariesAsync(body);
        var rows = summaries.Select(s => CaseloadRow.From(s, today, options)).ToList();
        var page = new CaseloadPage(rows.Take(50).Select(r => r.ToContract()).ToList(), 1, 50, rows.Count);
        var compliance = ComplianceSummary.Build(summaries, today, options);
        var count = summaries.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var kept = await uncached.ListDoctorSummariesAsync(body);
        var summaryBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(kept);

        BreakdownStep[] steps =
        [
            new($"SQLite query of the summary column ({count} rows, no deserialisation)", await MedianAsync(repeats, () => QuerySummariesAsync(server.DatabasePath, body.Value))),
            new($"Deserialise {count} summaries on one thread", await MedianAsync(repeats, () => Task.FromResult(raw.ConvertAll(s => JsonSerializer.Deserialize<DoctorSummary>(s, StoreJson.Options))))),
            new("`ListDoctorSummariesAsync` without the summary cache (query + deserialisation)", await MedianAsync(repeats, () => uncached.ListDoctorSummariesAsync(body))),
            new("`ListDoctorSummariesAsync` as the Server runs it, nothing changed since the last read (summary cache)", await MedianAsync(repeats, () => store.ListDoctorSummariesAsync(body))),
            new("`ListDoctorSummariesAsync` as the Server runs it, one doctor changed since the last read", await AfterOneChangeAsync(store, body, repeats)),
            new($"Caseload rows: readiness and tags for {count} doctors (`CaseloadRow.From`)", await MedianAsync(repeats, () => Task.FromResult(summaries.Select(s => CaseloadRow.From(s, today, options)).ToList()))),
            new("Filter, sort and page the rows (default caseload request)", await MedianAsync(repeats, () => Task.FromResult(rows.Where(r => r.Status == DoctorStatus.Active).OrderBy(r => r.Rsd ?? DateOnly.MaxValue).ThenBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase).Take(50).ToList()))),
            new("Compliance summary (`ComplianceSummary.Build`)", await MedianAsync(repeats, () => Task.FromResult(ComplianceSummary.Build(summaries, today, options)))),
            new("JSON of a caseload page of 50", await MedianAsync(repeats, () => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(page, json)))),
            new("JSON of the compliance summary", await MedianAsync(repeats, () => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(compliance, json)))),
        ];
        return new Breakdown(steps, kept.Count, summaryBytes);
    }

    /// <summary>The same file through a store with the summary cache off: the cost of a first read, or of every read without the cache.</summary>
    private static ServiceProvider UncachedStore(string databasePath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Sqlite:ConnectionString"] = $"Data Source={databasePath}",
            ["Store:Sqlite:SummaryCacheDoctors"] = "0",
        }).Build();
        return new ServiceCollection().AddRevalidationSqliteStore(configuration).BuildServiceProvider();
    }

    /// <summary>The list read right after one doctor of the body was saved (the save itself not timed).</summary>
    private static async Task<double> AfterOneChangeAsync(IDoctorStore store, DesignatedBodyCode body, int repeats)
    {
        var doctor = await store.FindDoctorByDirectoryIdAsync(body, DemoSeeder.DoctorPersonaId) ?? throw new InvalidOperationException("The doctor persona is missing.");
        var samples = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            if (!doctor.Concerns.SetOpenLocalProcess(!doctor.Concerns.OpenLocalProcess).IsSuccess || !(await store.SaveDoctorAsync(doctor, [])).Saved)
            {
                throw new InvalidOperationException("Could not change the doctor persona.");
            }

            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(await store.ListDoctorSummariesAsync(body));
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        if (doctor.Concerns.OpenLocalProcess)
        {
            doctor.Concerns.SetOpenLocalProcess(false);
            await store.SaveDoctorAsync(doctor, []);
        }

        return new Reporting.Latency(samples).P50;
    }

    private static async Task<List<string>> QuerySummariesAsync(string databasePath, string body)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT summary FROM doctors WHERE designated_body = $body";
        command.Parameters.AddWithValue("$body", body);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static async Task<double> MedianAsync<T>(int repeats, Func<Task<T>> step)
    {
        await step(); // warm-up
        var samples = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(await step());
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return new Reporting.Latency(samples).P50;
    }
}
