using Microsoft.Extensions.Logging;
using Revalidation.Core.Alerts;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Gmc;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// Reads the <see cref="OperationsSnapshot"/> from the store ports, and keeps it for <see cref="MaxAge"/> so that a
/// metrics collection and a health probe every few seconds cost one read of the store every half minute, whoever asks.
/// The directory store is optional: a worker without directory sources has none.
/// </summary>
public sealed partial class OperationsReader(
    IDesignatedBodyStore bodies,
    IAlertOutbox outbox,
    IDoctorStore doctors,
    TimeProvider time,
    ILogger<OperationsReader> logger,
    IDirectorySyncStore? directory = null) : IDisposable
{
    /// <summary>How long one reading is used before the store is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>More waiting alerts than this in one state are counted as this many (a backlog that large is news enough).</summary>
    public const int CountLimit = 10_000;

    private readonly SemaphoreSlim reading = new(1, 1);
    private OperationsSnapshot current = OperationsSnapshot.Empty;

    /// <summary>The last reading, if younger than <see cref="MaxAge"/>; otherwise a fresh one.</summary>
    public async Task<OperationsSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (IsFresh(current))
        {
            return current;
        }

        await reading.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(current))
            {
                current = await ReadAsync(cancellationToken);
            }

            return current;
        }
        finally
        {
            reading.Release();
        }
    }

    /// <summary>For an observable instrument's callback (which cannot await): the reading, or the last one if the store fails.</summary>
    public OperationsSnapshot GetForCollection()
    {
        try
        {
            return GetAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReadFailed(logger, e.GetType().Name);
            return current;
        }
    }

    public void Dispose() => reading.Dispose();

    private bool IsFresh(OperationsSnapshot snapshot) => snapshot.ReadAt + MaxAge > time.GetUtcNow();

    private async Task<OperationsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<BodyOperations> result = [];
        foreach (var body in await bodies.ListDesignatedBodiesAsync(cancellationToken))
        {
            var waiting = (await outbox.ListAlertsInStateAsync(body, AlertState.Pending, CountLimit, cancellationToken))
                .Concat(await outbox.ListAlertsInStateAsync(body, AlertState.Sending, CountLimit, cancellationToken))
                .ToList();
            var failing = waiting.Where(a => a.Delivery.Attempts > 0 && a.Delivery.LastError is not null).ToList();
            var due = waiting.Where(a => a.IsDeliverable(now)).Select(a => a.State == AlertState.Sending ? a.Delivery.ClaimedUntil : a.Delivery.NextAttemptAt ?? a.CreatedAt).Min();
            var dead = await outbox.ListAlertsInStateAsync(body, AlertState.DeadLettered, CountLimit, cancellationToken);

            // Runs come newest first: a source is failing when its two newest finished runs both failed.
            // (A worker without directory sources has no directory store.)
            var runs = directory is null ? [] : await directory.ListRunsAsync(body, null, 50, cancellationToken);
            var failingSources = runs
                .Where(r => r.Status != SyncRunStatus.Running)
                .GroupBy(r => r.SourceId, StringComparer.Ordinal)
                .Where(g => g.Take(2).Count(r => r.Status == SyncRunStatus.Failed) == 2)
                .Select(g => g.Key)
                .Order(StringComparer.Ordinal)
                .ToList();

            var gmc = (await doctors.ListDoctorSummariesAsync(body, cancellationToken))
                .Select(s => s.OpenRecommendation?.Gmc)
                .Where(s => s is not null)
                .ToList();

            result.Add(new BodyOperations(
                body,
                waiting.Count,
                waiting.Count(a => a.State == AlertState.Pending && a.Delivery.Attempts > 0),
                dead.Count,
                waiting.Count == 0 ? null : waiting.Min(a => a.CreatedAt),
                failing.Count == 0 ? null : failing.Min(a => a.CreatedAt),
                due,
                failingSources,
                gmc.Count(s => s is GmcSubmissionState.Queued or GmcSubmissionState.Sending),
                gmc.Count(s => s == GmcSubmissionState.Held)));
        }

        return new OperationsSnapshot(now, result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operations reading for metrics failed ({Error}); the last reading is reported")]
    private static partial void LogReadFailed(ILogger logger, string error);
}
