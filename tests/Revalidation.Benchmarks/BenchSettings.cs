namespace Revalidation.Benchmarks;

/// <summary>
/// How much to measure: a full run for the figures in docs/benchmarks.md, or a quick smoke run of the bench
/// itself (a smaller body, fewer requests; its figures are printed, never written). A long warm-up: a method is
/// recompiled after 30 calls, then again with the profile it gathered (dynamic PGO), and a per-request method
/// reaches its final code only after a hundred requests or so; a server that runs for days is measured there.
/// </summary>
internal sealed record BenchSettings(bool Quick, int Doctors, int WarmUpRequests, int Requests, int UploadRounds, int BreakdownRepeats)
{
    public static BenchSettings Full { get; } = new(Quick: false, Doctors: 5_000, WarmUpRequests: 150, Requests: 200, UploadRounds: 5, BreakdownRepeats: 20);

    public static BenchSettings QuickRun { get; } = new(Quick: true, Doctors: 500, WarmUpRequests: 35, Requests: 30, UploadRounds: 1, BreakdownRepeats: 5);
}
