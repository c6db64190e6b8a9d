using Revalidation.Benchmarks.Api;
using Revalidation.Benchmarks.Cosmos;
using Revalidation.Benchmarks.DirectorySync;
using Revalidation.Benchmarks.Reporting;
using Revalidation.Benchmarks.Scan;
using Revalidation.Benchmarks.Web;

namespace Revalidation.Benchmarks;

/// <summary>
/// The bench command (docs/domain.md#roles0): <c>dotnet run -c Release --project tests/Revalidation.Benchmarks -- [api|cosmos|web|scan|directory|all] [--quick]</c>.
/// Exit code: 0 every target met, 1 a target missed, 2 bad arguments. (Not top-level statements: the Server's
/// <c>Program</c> is the type the bench hosts.)
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.Ordinal);
        var suites = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).DefaultIfEmpty("all").ToList();
        string[] known = ["api", "cosmos", "web", "scan", "directory", "all"];
        if (suites.Except(known, StringComparer.Ordinal).Any() || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--quick"))
        {
            Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/Revalidation.Benchmarks -- [api|cosmos|web|scan|directory|all] [--quick]");
            return 2;
        }

        var settings = quick ? BenchSettings.QuickRun : BenchSettings.Full;
        Console.WriteLine($"Revalidation benchmarks ({(quick ? "quick: a smoke run, docs not written" : "full")}) on {MachineInfo.Read()}");

        var reports = new List<SuiteReport>();
        if (suites.Contains("api") || suites.Contains("all"))
        {
            Console.WriteLine($"{ApiSuite.Title}:");
            reports.Add(await ApiSuite.RunAsync(settings, Console.Out));
        }

        if (suites.Contains("cosmos") || suites.Contains("all"))
        {
            Console.WriteLine($"{CosmosRoundTripSuite.Title}:");
            reports.Add(await CosmosRoundTripSuite.RunAsync(settings, Console.Out));
        }

        if (suites.Contains("web") || suites.Contains("all"))
        {
            Console.WriteLine($"{WebSuite.Title}:");
            reports.Add(await WebSuite.RunAsync(settings, Console.Out));
        }

        if (suites.Contains("scan") || suites.Contains("all"))
        {
            Console.WriteLine($"{DeadlineScanSuite.Title}:");
            reports.Add(await DeadlineScanSuite.RunAsync(settings, Console.Out));
        }

        if (suites.Contains("directory") || suites.Contains("all"))
        {
            Console.WriteLine($"{DirectorySyncSuite.Title}:");
            reports.Add(await DirectorySyncSuite.RunAsync(settings, Console.Out));
        }

        var root = quick ? null : BenchmarksDocument.FindRepositoryRoot();
        foreach (var report in reports)
        {
            Console.WriteLine();
            Console.WriteLine($"## {report.Title}");
            Console.WriteLine();
            Console.WriteLine(report.Markdown);
            if (root is not null)
            {
                Console.WriteLine($"Written to {BenchmarksDocument.WriteSection(root, report.Title, report.Markdown)}.");
            }
        }

        var missed = reports.SelectMany(r => r.Results).Where(r => !r.Pass).ToList();
        Console.WriteLine(missed.Count == 0 ? "Every target met." : $"{missed.Count} target(s) missed: {string.Join("; ", missed.Select(m => m.Scenario))}");
        return missed.Count == 0 ? 0 : 1;
    }
}
