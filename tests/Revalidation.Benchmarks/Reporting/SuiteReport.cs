namespace Revalidation.Benchmarks.Reporting;

/// <summary>A suite's results and its section of docs/benchmarks.md.</summary>
internal sealed record SuiteReport(string Title, IReadOnlyList<BenchResult> Results, string Markdown);
