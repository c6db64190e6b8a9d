using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Alerts;
using Revalidation.Infrastructure.Jobs;
using Revalidation.Infrastructure.Observability;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests.Observability;

/// <summary>
/// README "Observability": the meter "Revalidation" reports what the outbox holds (pending, retrying, dead letters,
/// the oldest pending one's age) and GMC submissions held, tagged by designated body only; and counts what the
/// dispatcher sent. Measurements are taken from this Server's own meter (other test servers run beside it).
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Gauges_ForAKnownOutboxState_ReportItsCountsAndTheOldestPendingAge()
    {
        await using var factory = new ApiFactory();
        var now = factory.Time.GetUtcNow();
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60, arrange: d => HealthTests.Hold(d, factory, now));
        var pendingBefore = (await factory.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Pending, 1_000)).Count;
        var failing = HealthTests.FailingAlert(doctor.Id, now.AddHours(-2), now);
        var fresh = failing with { Key = $"{failing.Key}/fresh", CreatedAt = now.AddMinutes(-5), Delivery = AlertDelivery.None };
        var dead = failing with { Key = $"{failing.Key}/dead", State = AlertState.DeadLettered, Delivery = new AlertDelivery(5, LastError: "Gave up", DeadLetteredAt: now) };
        await factory.Outbox.AddAlertsAsync(DemoSeeder.DemoBody, [failing, fresh, dead]);
        var meter = factory.Services.GetRequiredService<RevalidationMetrics>().Meter;

        using var recorder = new MeasurementRecorder();
        factory.Time.Advance(OperationsReader.MaxAge + TimeSpan.FromSeconds(1)); // past a reading another test's collection took
        recorder.Listener.RecordObservableInstruments();
        var values = recorder.Of(meter);

        Assert.Equal(pendingBefore + 2, values["revalidation.alerts.pending"].Single().Value);
        Assert.Equal(1, values["revalidation.alerts.retrying"].Single().Value);
        Assert.Equal(1, values["revalidation.alerts.dead_letters"].Single().Value);
        Assert.Equal((TimeSpan.FromHours(2) + OperationsReader.MaxAge + TimeSpan.FromSeconds(1)).TotalSeconds, values["revalidation.alerts.oldest_pending.age"].Single().Value, precision: 3);
        Assert.Equal(1, values["revalidation.gmc.submissions.held"].Single().Value);
        Assert.Equal(0, values["revalidation.gmc.submissions.queued"].Single().Value);
        Assert.Equal(0, values["revalidation.directory.sources.failing"].Single().Value);
        Assert.All(values.Values.SelectMany(v => v), m => Assert.Equal(["revalidation.designated_body=1-DEMO01"], m.Tags));
    }

    [Fact]
    public async Task SentCounter_AfterTheDemoScanAndDispatch_CountsEveryAlertTheStoreHoldsAsSent()
    {
        using var recorder = new MeasurementRecorder();
        await using var factory = new ApiFactory();
        factory.Settings["Jobs:Enabled"] = "true";
        var runs = factory.Services.GetRequiredService<JobRunLog>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var scan = await runs.WaitForAsync(r => r.Job == DeadlineScanJob.Name, timeout.Token);
        await runs.WaitForAsync(r => r.Job == MailDispatchJob.Name && r.StartSequence > scan.Sequence, timeout.Token);
        var meter = factory.Services.GetRequiredService<RevalidationMetrics>().Meter;

        var sent = await factory.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Sent, 10_000);

        Assert.NotEmpty(sent);
        var values = recorder.Of(meter);
        Assert.Equal(sent.Count, values["revalidation.alerts.sent"].Sum(m => m.Value));
        Assert.False(values.ContainsKey("revalidation.alerts.dead_lettered"), "the demo's alerts all send");
    }

    /// <summary>Every measurement of every "Revalidation" meter, with the meter it came from.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly ConcurrentQueue<(Meter Meter, string Name, double Value, string[] Tags)> measurements = new();

        public MeasurementRecorder()
        {
            Listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RevalidationTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            Listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
            Listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            Listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; } = new();

        public Dictionary<string, List<(double Value, string[] Tags)>> Of(Meter meter) =>
            measurements.Where(m => ReferenceEquals(m.Meter, meter))
                .GroupBy(m => m.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(m => (m.Value, m.Tags)).ToList(), StringComparer.Ordinal);

        public void Dispose() => Listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue((instrument.Meter, instrument.Name, value, [.. tags.ToArray().Select(t => $"{t.Key}={t.Value}")]));
    }
}
