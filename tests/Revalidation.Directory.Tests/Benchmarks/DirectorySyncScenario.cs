using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Directory.Tests.Support;

namespace Revalidation.Directory.Tests.Benchmarks;

/// <summary>The size of a directory sync scenario (docs/domain.md#roles0: 100,000 users, 5,000 doctors, pages of 999, 50 changes).</summary>
public sealed record DirectoryScenarioSize(int Users = 100_000, int Doctors = 5_000, int PageSize = 999, int Changes = 50);

/// <summary>
/// One measured step: wall time, the managed heap's peak while it ran (live objects and garbage not yet collected), the
/// largest heap a collection during the step left behind (what was still reachable, give or take a sample every 5 ms),
/// both above a fully collected baseline, the number of gen-0 collections, and what the run counted.
/// </summary>
public sealed record DirectoryScenarioStep(string Name, TimeSpan Wall, long PeakManagedBytes, SyncCounts? Counts)
{
    public long PeakAfterCollectionBytes { get; init; }

    public int Collections { get; init; }
}

/// <summary>A docs/domain.md#roles0 target and whether this run met it.</summary>
public sealed record DirectoryScenarioTarget(string Scenario, string Target, string Measured, bool Pass);

public sealed record DirectoryScenarioResult(DirectoryScenarioSize Size, IReadOnlyList<DirectoryScenarioStep> Steps)
{
    public DirectoryScenarioStep this[string name] => Steps.Single(s => s.Name == name);

    /// <summary>The faster of the two bare downloads (one before, one after the syncs): the baseline of the ratio.</summary>
    public TimeSpan Bare => Steps.Where(s => s.Name.StartsWith(DirectorySyncScenario.BareStep, StringComparison.Ordinal)).Min(s => s.Wall);

    public IReadOnlyList<DirectoryScenarioTarget> Targets
    {
        get
        {
            var full = this[DirectorySyncScenario.FullResyncStep].Wall / Bare;
            var incremental = Steps.Single(s => s.Name.StartsWith("incremental", StringComparison.Ordinal)).Wall;
            return
            [
                new("directory full round vs bare download", "< 2×", full.ToString("0.00×", CultureInfo.InvariantCulture), full < 2),
                new($"directory incremental round, {Size.Changes} changes", "< 1 s", $"{incremental.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms", incremental < TimeSpan.FromSeconds(1)),
            ];
        }
    }
}

/// <summary>
/// The directory sync benchmark (issue 4, item 7), linked into the bench command's <c>directory</c> suite (one copy): the real Graph SDK and sync engine
/// against the fake Graph server on loopback, on the real embedded store, compared with a bare <see cref="HttpClient"/>
/// loop that only downloads the same pages. Steps: bare download; first full sync (creates every doctor); full resync
/// with nothing changed; incremental round with <see cref="DirectoryScenarioSize.Changes"/> changes. Writes a Markdown
/// table to the <see cref="TextWriter"/> and returns the figures. Timing is measured, never asserted.
/// </summary>
public static class DirectorySyncScenario
{
    public const string BareStep = "bare HttpClient download";

    public const string FullResyncStep = "full resync, nothing changed";

    public static async Task<DirectoryScenarioResult> RunAsync(TextWriter output, DirectoryScenarioSize? size = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        size ??= new DirectoryScenarioSize();
        await using var server = await FakeGraphServer.StartAsync();
        server.PageSize = size.PageSize;
        Populate(server.Tenant, size);
        await using var harness = await SyncHarness.StartAsync();
        var service = harness.Service(SyncHarness.GraphSource(server));
        var steps = new List<DirectoryScenarioStep>();

        // Warm up the HTTP stack and the JIT on a small round trip, so the first measured step is not penalised.
        using (var warm = new HttpClient())
        {
            await BareDownloadAsync(warm, server.BaseUrl, cancellationToken);
        }

        using var http = new HttpClient();
        Task<SyncCounts?> Bare() => BareDownloadAsync(http, server.BaseUrl, cancellationToken).ContinueWith(_ => (SyncCounts?)null, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        steps.Add(await MeasureAsync(BareStep, Bare));
        steps.Add(await MeasureAsync("first full sync (creates the doctors)", () => RunAsync(service, SyncMode.Incremental, cancellationToken)));
        steps.Add(await MeasureAsync(FullResyncStep, () => RunAsync(service, SyncMode.Full, cancellationToken)));
        Change(server.Tenant, size);
        steps.Add(await MeasureAsync($"incremental round, {size.Changes} changes", () => RunAsync(service, SyncMode.Incremental, cancellationToken)));
        steps.Add(await MeasureAsync(BareStep + " (again)", Bare));

        var result = new DirectoryScenarioResult(size, steps);
        Write(output, result);
        return result;
    }

    private static async Task<SyncCounts?> RunAsync(DirectorySyncService service, SyncMode mode, CancellationToken cancellationToken)
    {
        var run = await service.RunAsync("entra", mode, "benchmark", cancellationToken);
        if (!run.IsOk || run.Value!.Status != SyncRunStatus.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark's sync run did not succeed: {run.Detail ?? run.Value?.Error}");
        }

        return run.Value.Totals;
    }

    /// <summary>Users u0…; every (users/doctors)-th one is a doctor in the doctors group, with a valid GMC number.</summary>
    private static void Populate(FakeTenant tenant, DirectoryScenarioSize size)
    {
        var every = Math.Max(1, size.Users / size.Doctors);
        var users = Enumerable.Range(0, size.Users).Select(i => i % every == 0 && i / every < size.Doctors
            ? People.Doctor(i)
            : new FakeUser(People.IdOf(i), $"Given{i}", $"Family{i}", null, Mail: $"user{i}@trust.example", Department: "Estates", JobTitle: "Porter"));
        tenant.PutMany(users);
        tenant.AddMembers(SyncHarness.DoctorsGroup, Enumerable.Range(0, size.Doctors).Select(d => People.IdOf(d * every)));
    }

    /// <summary>The incremental round's changes: renames, disabled accounts, joiners and leavers of the doctors group, non-doctor noise.</summary>
    private static void Change(FakeTenant tenant, DirectoryScenarioSize size)
    {
        var every = Math.Max(1, size.Users / size.Doctors);
        var quarter = Math.Max(1, size.Changes / 5);
        var n = 0;
        for (var d = 0; d < quarter && n < size.Changes; d++, n++)
        {
            tenant.Update(People.IdOf(d * every), u => u with { Surname = u.Surname + "-Renamed" });
        }

        for (var d = quarter; d < 2 * quarter && n < size.Changes; d++, n++)
        {
            tenant.Update(People.IdOf(d * every), u => u with { AccountEnabled = false });
        }

        for (var d = 2 * quarter; d < 3 * quarter && n < size.Changes; d++, n++)
        {
            tenant.RemoveMember(SyncHarness.DoctorsGroup, People.IdOf(d * every));
        }

        for (var j = 1; j <= quarter && n < size.Changes; j++, n++)
        {
            var id = size.Users + j;
            tenant.Put(People.Doctor(id));
            tenant.AddMember(SyncHarness.DoctorsGroup, People.IdOf(id));
        }

        for (var i = 1; n < size.Changes; i += every, n++)
        {
            tenant.Update(People.IdOf(i), u => u with { JobTitle = "Senior Porter" });
        }
    }

    /// <summary>What a client must do at the least: download every page of the round (group and users), following nextLink.</summary>
    private static async Task BareDownloadAsync(HttpClient http, string baseUrl, CancellationToken cancellationToken)
    {
        var group = Uri.EscapeDataString($"id eq '{SyncHarness.DoctorsGroup}'");
        foreach (var first in new[] { $"{baseUrl}/groups/delta?$filter={group}&$select=members", $"{baseUrl}/users/delta?$select=id,accountEnabled" })
        {
            string? next = first;
            while (next is not null)
            {
                var bytes = await http.GetByteArrayAsync(next, cancellationToken);
                next = NextLink(bytes);
            }
        }
    }

    private static string? NextLink(byte[] page)
    {
        var reader = new Utf8JsonReader(page);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("@odata.nextLink"))
                {
                    reader.Read();
                    return reader.GetString();
                }

                if (reader.ValueTextEquals("value"))
                {
                    return null;
                }

                reader.Skip();
            }
        }

        return null;
    }

    private static async Task<DirectoryScenarioStep> MeasureAsync(string name, Func<Task<SyncCounts?>> step)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetGCMemoryInfo(GCKind.Any);
        var baselineAfterCollection = before.HeapSizeBytes - before.FragmentedBytes;
        var collections = GC.CollectionCount(0);
        long peak = baseline, peakAfterCollection = baselineAfterCollection;
        void Sample()
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            var last = GC.GetGCMemoryInfo(GCKind.Any);
            if (last.Index > before.Index)
            {
                peakAfterCollection = Math.Max(peakAfterCollection, last.HeapSizeBytes - last.FragmentedBytes);
            }
        }

        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(5, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        var counts = await step();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        Sample();
        return new DirectoryScenarioStep(name, clock.Elapsed, Math.Max(0, peak - baseline), counts)
        {
            PeakAfterCollectionBytes = Math.Max(0, peakAfterCollection - baselineAfterCollection),
            Collections = GC.CollectionCount(0) - collections,
        };
    }

    private static void Write(TextWriter output, DirectoryScenarioResult result)
    {
        var size = result.Size;
        var bare = result.Bare;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Directory sync: {size.Users:N0} directory users, {size.Doctors:N0} doctors (doctors group), pages of {size.PageSize}, the real Graph SDK against a local Graph server on loopback, SQLite store."));
        output.WriteLine();
        output.WriteLine("| step | wall time | × bare download | peak managed heap above baseline | largest heap after a collection (collections) | created | updated | left | reactivated | unchanged |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in result.Steps)
        {
            var c = s.Counts;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Wall.TotalMilliseconds:N0} ms | {s.Wall / bare:0.00} | {s.PeakManagedBytes / 1_048_576.0:N1} MB | {s.PeakAfterCollectionBytes / 1_048_576.0:N1} MB ({s.Collections}) | {c?.Created} | {c?.Updated} | {c?.Left} | {c?.Reactivated} | {c?.Unchanged} |"));
        }

        output.WriteLine();
        output.WriteLine("| target | goal | measured | met |");
        output.WriteLine("|---|---|---:|---|");
        foreach (var t in result.Targets)
        {
            output.WriteLine($"| {t.Scenario} | {t.Target} | {t.Measured} | {(t.Pass ? "yes" : "no")} |");
        }
    }
}
