using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>What one scan did. Counts only: no personal data.</summary>
public sealed record DeadlineScanReport(DateOnly Day, int DesignatedBodies, int Doctors, int Pending, int Skipped)
{
    public static DeadlineScanReport Empty(DateOnly day) => new(day, 0, 0, 0, 0);

    public DeadlineScanReport Add(DeadlineScanReport other) =>
        new(Day, DesignatedBodies + other.DesignatedBodies, Doctors + other.Doctors, Pending + other.Pending, Skipped + other.Skipped);
}

/// <summary>
/// The daily deadline scan (docs/domain.md#alerts): for every doctor of every designated body, the alerts due today
/// (<see cref="AlertPlanner"/>, and R13 leavers), recorded once per key. Per designated body it makes three
/// round trips whatever its size: the doctors' summaries, the alerts already recorded, one insert of the new ones.
/// Recording a pending alert is enqueuing its email (the alert is the outbox message), so a scan that dies half-way
/// leaves nothing half-done, and a rerun or a concurrent scan records nothing twice (the store inserts once per key).
/// </summary>
public sealed partial class DeadlineScanService(
    IDesignatedBodyStore bodies,
    IDoctorStore doctors,
    IAlertOutbox outbox,
    TimeProvider time,
    IOptions<RevalidationOptions> rules,
    IOptions<DeadlineScanOptions> options,
    ILogger<DeadlineScanService> logger)
{
    /// <summary>From this many doctors in a body, planning uses every core.</summary>
    private const int ParallelThreshold = 2_000;

    public async Task<DeadlineScanReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = UkCalendar.Today(time);
        var report = DeadlineScanReport.Empty(today);
        foreach (var body in await bodies.ListDesignatedBodiesAsync(cancellationToken))
        {
            report = report.Add(await ScanAsync(body, today, cancellationToken));
        }

        LogScanned(logger, today, report.DesignatedBodies, report.Doctors, report.Pending, report.Skipped);
        return report;
    }

    /// <summary>Scans one designated body as of <paramref name="today"/>.</summary>
    public async Task<DeadlineScanReport> ScanAsync(DesignatedBodyCode body, DateOnly today, CancellationToken cancellationToken = default)
    {
        var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
        var recorded = await outbox.ListDoctorAlertKeysAsync(body, cancellationToken);
        var now = time.GetUtcNow();
        var byDoctor = recorded.ToLookup(a => a.DoctorId);
        var settings = rules.Value;
        var leaverDays = options.Value.LeaverAlertDays;

        IEnumerable<AlertRecord> PlanFor(DoctorSummary doctor)
        {
            var existing = byDoctor[doctor.Id].ToList();
            var planned = AlertPlanner.Plan(doctor, today, settings, existing).Select(p => p.ToRecord(body, doctor.Id, now));
            return Leaver(doctor, today, leaverDays, existing, now) is { } leaver ? planned.Append(leaver) : planned;
        }

        var alerts = summaries.Count >= ParallelThreshold
            ? summaries.AsParallel().WithCancellation(cancellationToken).SelectMany(PlanFor).ToList()
            : summaries.SelectMany(PlanFor).ToList();
        var inserted = alerts.Count == 0 ? [] : await outbox.AddAlertsAsync(body, alerts, cancellationToken);
        var pending = inserted.Count(a => a.State == AlertState.Pending);
        return new DeadlineScanReport(today, 1, summaries.Count, pending, inserted.Count - pending);
    }

    /// <summary>R13: the RO is told once that a doctor left, while the leaving is recent.</summary>
    internal static AlertRecord? Leaver(DoctorSummary doctor, DateOnly today, int leaverDays, IReadOnlyCollection<RecordedAlert> existing, DateTimeOffset now)
    {
        if (doctor.Status != DoctorStatus.Leaver || doctor.LeftOn is not { } left || left > today || UkCalendar.DaysBetween(left, today) > leaverDays)
        {
            return null;
        }

        var alert = AlertContent.LeaverAlert(doctor.DesignatedBody, doctor.Id, left, now);
        return existing.Any(a => a.Key == alert.Key) ? null : alert;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline scan for {Day:yyyy-MM-dd}: {Bodies} designated bodies, {Doctors} doctors, {Pending} alerts to send, {Skipped} recorded as skipped")]
    private static partial void LogScanned(ILogger logger, DateOnly day, int bodies, int doctors, int pending, int skipped);
}
