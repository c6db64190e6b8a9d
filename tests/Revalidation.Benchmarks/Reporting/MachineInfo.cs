using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Revalidation.Benchmarks.Reporting;

/// <summary>What the figures were measured on, read at run time.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, double MemoryGiB, string Os, string Runtime, string Gc)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        CpuModel(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024),
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        GCSettings.IsServerGC ? "Server GC" : "Workstation GC");

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Cores} cores ({Cpu}), {MemoryGiB:0.#} GiB memory, {Os}, {Runtime}, {Gc}");

    /// <summary>The one-minute load average (Linux), to say how busy the shared machine was when a suite started; null elsewhere.</summary>
    public static string? LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) && File.ReadAllText(loadAvg).Split(' ') is [var oneMinute, ..] ? oneMinute : null;
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line?.Split(':', 2) is [_, var model])
            {
                return model.Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
