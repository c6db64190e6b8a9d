using System.Globalization;
using System.Text;
using Revalidation.Alerts.Tests.Benchmarks;
using Revalidation.Benchmarks.Reporting;

namespace Revalidation.Benchmarks.Scan;

/// <summary>
/// docs/domain.md#roles0: "Deadline scan: 300,000 doctors (UK scale) over the embedded store in under 10 s on 2 cores; store round
/// trips O(number of DBs), never O(doctors)." Runs <see cref="DeadlineScanScenario"/> (linked from the alerts tests, which
/// keep it green at a small size) and judges each of its three scans.
/// </summary>
internal static class DeadlineScanSuite
{
    public const string Title = "Deadline scan (embedded store)";

    private static readonly TimeSpan WallTarget = TimeSpan.FromSeconds(10);

    public static async Task<SuiteReport> RunAsync(BenchSettings settings, TextWriter log)
    {
        var load = MachineInfo.LoadAverage();
        var (bodies, doctorsPerBody) = settings.Quick ? (30, 500) : (300, 1_000);
        log.WriteLine(Invariant($"  seeding {bodies:N0} bodies × {doctorsPerBody:N0} doctors, then three scans"));
        using var table = new StringWriter(CultureInfo.InvariantCulture);
        var scans = await DeadlineScanScenario.RunAsync(table, bodies, doctorsPerBody);
        foreach (var line in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.WriteLine($"  {line.TrimEnd('\r')}");
        }

        var doctors = bodies * doctorsPerBody;
        var maxTrips = 1 + (3 * bodies);
        var results = scans.Select(s => new BenchResult(
                Invariant($"Deadline scan of {doctors:N0} doctors in {bodies:N0} bodies: {s.Run}"),
                Invariant($"{s.Wall.TotalSeconds:0.00} s; peak managed heap {s.PeakManagedBytes / 1_048_576.0:0} MiB; {s.Report.Pending:N0} alerts pending, {s.Report.Skipped:N0} recorded skipped"),
                "< 10 s on 2 cores",
                s.Wall < WallTarget))
            .ToList();
        results.Add(new BenchResult(
            Invariant($"Store round trips per scan, {bodies:N0} bodies of {doctorsPerBody:N0} doctors"),
            string.Join(" / ", scans.Select(s => s.RoundTrips.ToString("N0", CultureInfo.InvariantCulture))) + " (" + string.Join(" / ", scans.Select(s => s.Run)) + ")",
            Invariant($"O(bodies): at most 1 + 3 per body = {maxTrips:N0}, whatever the number of doctors"),
            scans.All(s => s.RoundTrips <= maxTrips)));
        return new SuiteReport(Title, results, Markdown(bodies, doctorsPerBody, table.ToString(), results, load));
    }

    private static string Markdown(int bodies, int doctorsPerBody, string scenarioTable, List<BenchResult> results, string? load)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineInfo.Read()}."));
        md.AppendLine();
        md.AppendLine("Command: `dotnet run -c Release --project tests/Revalidation.Benchmarks -- scan`. Scenario:");
        md.AppendLine("`DeadlineScanScenario` (tests/Revalidation.Alerts.Tests/Benchmarks, linked into the bench; the alerts tests run it");
        md.AppendLine(Invariant($"at 4 × 250 doctors and check its round trips and what it records). {bodies:N0} designated bodies × {doctorsPerBody:N0} doctors in a fresh"));
        md.AppendLine("SQLite file (seeded in bulk, not timed), every position of the revalidation cycle and one appraisal year in seven missed;");
        md.AppendLine("the real `DeadlineScanService` on the real embedded store, with a decorator counting store calls (each is one round");
        md.AppendLine("trip). Three scans: the first records every threshold already passed (catch-up), a rerun the same day records");
        md.AppendLine("nothing, and the next day is the daily steady state. The machine's 2 cores were shared with other builds and helpers");
        md.AppendLine($"(one-minute load average {load ?? "unknown"} when the suite started), so the times may be slower and noisier than on an idle machine: read the margin to");
        md.AppendLine("the target rather than the last digit. The round trips do not depend on the load.");
        md.AppendLine();
        md.AppendLine("| scenario | figures | target | result |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine($"| {r.Scenario} | {r.Figures} | {r.Target} | {r.Verdict} |");
        }

        md.AppendLine();
        md.AppendLine(scenarioTable.Replace("\r", string.Empty, StringComparison.Ordinal).Trim());
        md.AppendLine();
        md.AppendLine("Details in ADR 0010.");
        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
