using System.Diagnostics.Metrics;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// The numbers an operator watches (README "Observability"), on the meter "Revalidation". Gauges are read from the
/// store through <see cref="OperationsReader"/> (so every replica reports the same, and a restart loses nothing);
/// counters count what this process did. Tags are designated-body codes or nothing: never a person.
/// </summary>
public sealed class RevalidationMetrics
{
    private const string BodyTag = "revalidation.designated_body";

    private readonly Counter<long> sent;
    private readonly Counter<long> retried;
    private readonly Counter<long> deadLettered;
    private readonly Counter<long> directoryRunsFailed;

    public RevalidationMetrics(IMeterFactory meters, OperationsReader reader)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(reader);
        Meter = meters.Create(RevalidationTelemetry.Name);

        sent = Meter.CreateCounter<long>("revalidation.alerts.sent", "{alert}", "Alerts the mail relay accepted.");
        retried = Meter.CreateCounter<long>("revalidation.alerts.retried", "{attempt}", "Send attempts that failed and will be retried.");
        deadLettered = Meter.CreateCounter<long>("revalidation.alerts.dead_lettered", "{alert}", "Alerts given up on (dead-lettered).");
        directoryRunsFailed = Meter.CreateCounter<long>("revalidation.directory.runs.failed", "{run}", "Directory sync runs that failed.");

        Meter.CreateObservableGauge("revalidation.alerts.pending", () => PerBody(reader, b => b.AlertsPending), "{alert}", "Alerts waiting to be sent.");
        Meter.CreateObservableGauge("revalidation.alerts.retrying", () => PerBody(reader, b => b.AlertsRetrying), "{alert}", "Waiting alerts that failed at least once.");
        Meter.CreateObservableGauge("revalidation.alerts.dead_letters", () => PerBody(reader, b => b.AlertsDeadLettered), "{alert}", "Dead-lettered alerts not yet retried by an admin.");
        Meter.CreateObservableGauge("revalidation.alerts.oldest_pending.age", () => OldestPendingAge(reader), "s", "Age of the oldest alert waiting to be sent.");
        Meter.CreateObservableGauge("revalidation.gmc.submissions.queued", () => PerBody(reader, b => b.GmcQueued), "{submission}", "Recommendations queued for the GMC.");
        Meter.CreateObservableGauge("revalidation.gmc.submissions.held", () => PerBody(reader, b => b.GmcHeld), "{submission}", "GMC submissions held on a configuration problem.");
        Meter.CreateObservableGauge("revalidation.directory.sources.failing", () => PerBody(reader, b => b.FailingSources.Count), "{source}", "Directory sources whose last two runs failed.");
    }

    /// <summary>The meter (from the host's meter factory, so each host and each test server has its own).</summary>
    public Meter Meter { get; }

    /// <summary>What one mail dispatch run did.</summary>
    public void RecordDispatch(MailDispatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Add(sent, report.Sent);
        Add(retried, report.Retrying);
        Add(deadLettered, report.DeadLettered);
    }

    /// <summary>Directory runs that failed.</summary>
    public void RecordDirectoryRunsFailed(int count) => Add(directoryRunsFailed, count);

    private static void Add(Counter<long> counter, int count)
    {
        if (count > 0)
        {
            counter.Add(count);
        }
    }

    private static IEnumerable<Measurement<int>> PerBody(OperationsReader reader, Func<BodyOperations, int> value) =>
        reader.GetForCollection().Bodies.Select(b => new Measurement<int>(value(b), new KeyValuePair<string, object?>(BodyTag, b.Body.Value)));

    private static IEnumerable<Measurement<double>> OldestPendingAge(OperationsReader reader)
    {
        var snapshot = reader.GetForCollection();
        return snapshot.Bodies.Select(b => new Measurement<double>(
            b.OldestPendingAlertAt is { } at && snapshot.ReadAt > at ? (snapshot.ReadAt - at).TotalSeconds : 0,
            new KeyValuePair<string, object?>(BodyTag, b.Body.Value)));
    }
}
