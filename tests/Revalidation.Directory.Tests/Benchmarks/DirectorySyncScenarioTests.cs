namespace Revalidation.Directory.Tests.Benchmarks;

/// <summary>The benchmark scenario runs end to end at a small size (its timings are measured by the bench command, never asserted).</summary>
public sealed class DirectorySyncScenarioTests
{
    [Fact]
    public async Task RunAsync_WhenRunSmall_CountsWhatTheScenarioDid()
    {
        using var output = new StringWriter();

        var result = await DirectorySyncScenario.RunAsync(output, new DirectoryScenarioSize(Users: 2_000, Doctors: 100, PageSize: 199, Changes: 20));

        Assert.Equal(100, result["first full sync (creates the doctors)"].Counts!.Created);
        Assert.Equal(100, result["full resync, nothing changed"].Counts!.Unchanged);
        var incremental = result["incremental round, 20 changes"].Counts!;
        // 4 renamed, 4 disabled, 4 out of the doctors group, 4 joiners; 4 changes to non-doctors are not even emitted.
        Assert.Equal((4, 4, 8, 0, 12), (incremental.Updated, incremental.Created, incremental.Left, incremental.Reactivated, incremental.Seen));
        Assert.Contains("| bare HttpClient download |", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, result.Targets.Count); // measured, not asserted: pass or miss depends on the machine
    }
}
