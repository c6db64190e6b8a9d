using System.Diagnostics;

namespace Revalidation.Benchmarks.Api;

/// <summary>What one piece of work cost the process in memory.</summary>
/// <param name="AllocatedBytes">Managed bytes allocated meanwhile, by every thread but the sampler's (<see cref="GC.GetTotalAllocatedBytes"/>, precise).</param>
/// <param name="PeakWorkingSetGrowth">The highest working set seen meanwhile, less the working set before.</param>
/// <param name="PeakHeapGrowth">The largest managed heap seen meanwhile, less the heap before.</param>
internal sealed record MemoryCost(long AllocatedBytes, long PeakWorkingSetGrowth, long PeakHeapGrowth, TimeSpan Elapsed);

/// <summary>
/// Measures <see cref="MemoryCost"/> around a piece of work: a full collection first, so the baseline is the
/// live data, then a dedicated thread samples the working set and the managed heap every millisecond or so.
/// </summary>
internal static class MemorySampler
{
    public static async Task<MemoryCost> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        long peakWorkingSet = workingSetBefore, peakHeap = heapBefore, samplerAllocated = 0;
        using var stop = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            // Reading the working set allocates (it parses /proc on Linux): counted here, and left out of the figure.
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            started.Set();
            do
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (!stop.Wait(1));
            samplerAllocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        })
        { IsBackground = true, Name = "memory sampler" };

        sampler.Start();
        started.Wait();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        try
        {
            await work();
        }
        finally
        {
            clock.Stop();
            stop.Set();
            sampler.Join();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore - samplerAllocated;
        return new MemoryCost(allocated, peakWorkingSet - workingSetBefore, peakHeap - heapBefore, clock.Elapsed);
    }
}
