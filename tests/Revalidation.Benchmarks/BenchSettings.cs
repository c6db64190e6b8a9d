namespace Revalidation.Benchmarks;

/// <summary>How much to measure: a full run for the figures in docs/benchmarks.md, or a quick smoke run of the bench itself.</summary>
internal sealed record BenchSettings(bool Quick, int WarmUpRequests, int Requests, int UploadRounds, int BreakdownRepeats)
{
    public static BenchSettings Full { get; } = new(Quick: false, WarmUpRequests: 20, Requests: 200, UploadRounds: 3, BreakdownRepeats: 20);

    public static BenchSettings QuickRun { get; } = new(Quick: true, WarmUpRequests: 5, Requests: 30, UploadRounds: 1, BreakdownRepeats: 5);
}
