namespace Revalidation.Alerts.Tests.Benchmarks;

/// <summary>
/// Keeps the `scan` benchmark scenario working, at a small scale (the bench command runs it at UK scale:
/// <c>REVALIDATION_SCAN_BENCH=300x1000</c> runs it so here too, printing the table). It checks what the
/// benchmark claims, not how fast it is: round trips are 1 + 3 per body at most (no insert when nothing is new) whatever the number of doctors,
/// a rerun records nothing, and the next day records a little.
/// </summary>
public sealed class DeadlineScanScenarioTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Scenario_AtAnyScale_MakesRoundTripsPerBodyAndRecordsEachAlertOnce()
    {
        var scale = Environment.GetEnvironmentVariable("REVALIDATION_SCAN_BENCH")?.Split('x') is [var b, var d] ? (int.Parse(b, System.Globalization.CultureInfo.InvariantCulture), int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)) : (4, 250);
        using var writer = new StringWriter();

        var results = await DeadlineScanScenario.RunAsync(writer, scale.Item1, scale.Item2);

        output.WriteLine(writer.ToString());
        Assert.Equal(1 + (3 * scale.Item1), results[0].RoundTrips);
        Assert.All(results, r => Assert.InRange(r.RoundTrips, 1 + (2 * scale.Item1), 1 + (3 * scale.Item1)));
        Assert.All(results, r => Assert.Equal(scale.Item1 * scale.Item2, r.Report.Doctors));
        Assert.True(results[0].Report.Pending > scale.Item1 * scale.Item2 / 4);
        Assert.Equal(0, results[1].Report.Pending + results[1].Report.Skipped);
        Assert.True(results[2].Report.Pending < results[0].Report.Pending / 10);
        Assert.Contains("| first scan (catch-up) |", writer.ToString(), StringComparison.Ordinal);
    }
}
