using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.Sqlite;

namespace Revalidation.Alerts.Tests.Benchmarks;

/// <summary>One measured scan: wall time, peak memory, store round trips, and what it recorded.</summary>
public sealed record ScanMeasurement(string Run, TimeSpan Wall, long PeakManagedBytes, long PeakWorkingSetBytes, int RoundTrips, DeadlineScanReport Report);

/// <summary>
/// The `scan` benchmark scenario (issue 5, docs/domain.md#roles0): the deadline scan over <c>bodies × doctorsPerBody</c>
/// doctors (UK scale: 300 × 1,000) on the embedded SQLite store. It seeds a fresh file (bulk, untimed), then
/// measures three scans through a round-trip-counting decorator: the first (every threshold already passed is
/// recorded, most urgent pending, the rest skipped), a rerun the same day (records nothing), and the next day
/// (the daily steady state). The bench command's <c>scan</c> suite links this file (<c>tests/Revalidation.Benchmarks</c>,
/// one copy): it needs only a <see cref="TextWriter"/>, to which it writes a Markdown table.
/// </summary>
public static class DeadlineScanScenario
{
    private static readonly string[] DoctorColumns = ["$b", "$id", "$gmc", "$status", "$family", "$dept", "$rsd", "$summary", "$doc"];

    public static async Task<IReadOnlyList<ScanMeasurement>> RunAsync(TextWriter output, int bodies = 300, int doctorsPerBody = 1_000, string? folder = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        folder ??= Path.Combine(Path.GetTempPath(), "revalidation-bench-scan", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        var rules = new RevalidationOptions();
        try
        {
            using var host = await StartStoreAsync(folder, cancellationToken);
            var services = host.Services;
            var seedWatch = Stopwatch.StartNew();
            await SeedAsync(services.GetRequiredService<IDesignatedBodyStore>(), host.Services.GetRequiredService<SqliteDatabase>().ConnectionString, bodies, doctorsPerBody, UkCalendar.Today(time), rules, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {bodies:N0} designated bodies × {doctorsPerBody:N0} doctors = {bodies * doctorsPerBody:N0} doctors in {seedWatch.Elapsed.TotalSeconds:F1} s (not measured)."));

            var results = new List<ScanMeasurement>
            {
                await MeasureAsync("first scan (catch-up)", services, time, rules, cancellationToken),
                await MeasureAsync("rerun, same day", services, time, rules, cancellationToken),
            };
            time.Advance(TimeSpan.FromDays(1));
            results.Add(await MeasureAsync("next day", services, time, rules, cancellationToken));

            await output.WriteLineAsync();
            await output.WriteLineAsync("| scan | wall time | peak managed heap | peak working set | store round trips | doctors | alerts pending | recorded skipped |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Wall.TotalSeconds:F2} s | {r.PeakManagedBytes / 1_048_576.0:F0} MiB | {r.PeakWorkingSetBytes / 1_048_576.0:F0} MiB | {r.RoundTrips:N0} | {r.Report.Doctors:N0} | {r.Report.Pending:N0} | {r.Report.Skipped:N0} |"));
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Round trips: 1 (list the bodies) + 3 per body (summaries, recorded alert keys, one insert, skipped when nothing is new) = at most {1 + (3 * bodies):N0} for {bodies:N0} bodies, whatever the number of doctors."));
            return results;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a temp folder
            }
        }
    }

    private static async Task<ScanMeasurement> MeasureAsync(string run, IServiceProvider services, TimeProvider time, RevalidationOptions rules, CancellationToken cancellationToken)
    {
        var counter = new CountingStore();
        var scan = new DeadlineScanService(
            counter.Wrap(services.GetRequiredService<IDesignatedBodyStore>()),
            counter.Wrap(services.GetRequiredService<IDoctorStore>()),
            counter.Wrap(services.GetRequiredService<IAlertOutbox>()),
            time, Options.Create(rules), Options.Create(new DeadlineScanOptions()), NullLogger<DeadlineScanService>.Instance);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peakManaged = 0, peakWorkingSet = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var report = await scan.RunAsync(cancellationToken);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new ScanMeasurement(run, watch.Elapsed, peakManaged, peakWorkingSet, counter.Total, report);
    }

    private static async Task<IHost> StartStoreAsync(string folder, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:Sqlite:ConnectionString"] = "Data Source=scan-bench.db" });
        builder.Services.AddRevalidationSqliteStore(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>
    /// Doctors in every position of the cycle (RSDs spread over five years from today), appraised in their due month
    /// in past years with one year in seven missed, written straight into the store's table in one transaction per
    /// body (the same row the adapter writes, with its summary), which is much faster than saving them one by one.
    /// </summary>
    private static async Task SeedAsync(IDesignatedBodyStore designatedBodies, string connectionString, int bodies, int doctorsPerBody, DateOnly today, RevalidationOptions rules, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var gmc = 2_000_000;
        for (var b = 0; b < bodies; b++)
        {
            var code = DesignatedBodyCode.Parse(string.Create(CultureInfo.InvariantCulture, $"1-B{b:D4}"));
            var body = DesignatedBody.Create(code, $"Trust {b}", new StaffMember("ro", "Dr Officer", "ro@bench.example")).Value!;
            await designatedBodies.SaveDesignatedBodyAsync(body, [], cancellationToken);
            var rows = Enumerable.Range(0, doctorsPerBody).AsParallel().AsOrdered()
                .Select(i => SqliteDoctorStore.ToRow(Doctor(code, gmc + i, i, today, rules), version: 1))
                .ToList();
            gmc += doctorsPerBody;

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = "INSERT INTO doctors (designated_body, id, gmc_number, status, family_name, directory_id, department, rsd, version, summary, document) VALUES ($b, $id, $gmc, $status, $family, NULL, $dept, $rsd, 1, $summary, $doc)";
            var p = DoctorColumns.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
            foreach (var row in rows)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (row.DesignatedBody, row.Id, row.GmcNumber, row.Status.ToString(), row.FamilyName);
                (p[5].Value, p[6].Value, p[7].Value, p[8].Value) = ((object?)row.Department ?? DBNull.Value, row.Rsd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? (object)DBNull.Value, row.Summary, row.Document);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static DoctorRecord Doctor(DesignatedBodyCode body, int gmc, int i, DateOnly today, RevalidationOptions rules)
    {
        var random = new Random(gmc);
        var rsd = today.AddDays(random.Next(1, 5 * 365));
        var dueMonth = 1 + (i % 12);
        var doctor = DoctorRecord.Create(body, GmcNumber.Parse(gmc.ToString("D7", CultureInfo.InvariantCulture)), "Bench", $"Doctor{i}", rsd, true, dueMonth, rules,
            email: $"d{gmc}@bench.example", department: $"Dept {i % 8}").Value!;
        foreach (var year in AppraisalYear.Spanning(doctor.CurrentCycle!.StartDate, today, rules.AppraisalYearStartMonth))
        {
            var meeting = year.DueMonth(dueMonth).First.AddDays(9);
            if (meeting >= today || random.Next(7) == 0)
            {
                continue;
            }

            doctor.Appraisals.Declare(year, true, true, true, true, meeting.AddDays(-9));
            doctor.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "CPD", meeting.AddDays(-9), year, 50, "Reflection", null, UkCalendar.StartOfDay(meeting));
            doctor.Appraisals.Record(year, meeting, true, true, "appraiser", meeting);
        }

        return doctor;
    }
}
