namespace Revalidation.Benchmarks.Reporting;

/// <summary>One measured scenario: what was measured, the figures, the target it is held to and whether it met it.</summary>
internal sealed record BenchResult(string Scenario, string Figures, string Target, bool Pass)
{
    public string Verdict => Pass ? "pass" : "**FAIL**";
}
