namespace Revalidation.Benchmarks.Reporting;

/// <summary>Request latencies in milliseconds, summarised by nearest-rank percentiles.</summary>
internal sealed class Latency
{
    private readonly double[] sorted;

    public Latency(IEnumerable<double> milliseconds)
    {
        sorted = [.. milliseconds.Order()];
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }
    }

    public int Count => sorted.Length;

    public double Mean => sorted.Average();

    public double Max => sorted[^1];

    public double P50 => Percentile(50);

    public double P95 => Percentile(95);

    public double P99 => Percentile(99);

    /// <summary>The smallest sample with at least <paramref name="p"/> % of the samples at or below it.</summary>
    public double Percentile(double p)
    {
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
