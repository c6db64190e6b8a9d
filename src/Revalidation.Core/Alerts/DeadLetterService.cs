using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>Which dead letters are pending again, and which asked-for keys were not (unknown here, not dead-lettered, or changed meanwhile).</summary>
public sealed record DeadLetterRetry(IReadOnlyList<string> Retried, IReadOnlyList<string> NotRetried);

/// <summary>
/// Dead letters (docs/domain.md#alerts): alert emails that could not be delivered. An admin who fixed the cause (an
/// address, the relay) sends them again; each retry is conditional on the version read, so a dead letter retried by
/// someone else meanwhile is not queued twice; the retry is audited.
/// </summary>
public sealed class DeadLetterService(IAlertOutbox outbox, IAuditLog audit, TimeProvider time)
{
    public const int MaxBatch = 1_000;

    public Task<IReadOnlyList<AlertRecord>> ListAsync(DesignatedBodyCode body, int limit, CancellationToken cancellationToken = default) =>
        outbox.ListAlertsInStateAsync(body, AlertState.DeadLettered, Math.Clamp(limit, 1, MaxBatch), cancellationToken);

    /// <summary>Retries the given keys, or (with <paramref name="all"/>) every dead letter of the body.</summary>
    public async Task<ServiceResult<DeadLetterRetry>> RetryAsync(DesignatedBodyCode body, IReadOnlyList<string>? keys, bool all, Actor actor, CancellationToken cancellationToken = default)
    {
        var asked = keys ?? [];
        if (all == (asked.Count > 0))
        {
            return ServiceResult<DeadLetterRetry>.Invalid(RuleIds.Validation, "keys", "Give either the keys of the dead letters to retry, or all: true.");
        }

        if (asked.Count > MaxBatch || asked.Any(string.IsNullOrWhiteSpace))
        {
            return ServiceResult<DeadLetterRetry>.Invalid(RuleIds.Validation, "keys", $"Up to {MaxBatch} non-empty keys.");
        }

        var distinct = asked.Distinct(StringComparer.Ordinal).ToList();
        var candidates = all
            ? [.. await outbox.ListAlertsInStateAsync(body, AlertState.DeadLettered, MaxBatch, cancellationToken)]
            : (await Task.WhenAll(distinct.Select(k => outbox.GetAlertAsync(body, k, cancellationToken)))).OfType<AlertRecord>().ToList();
        var retried = new List<string>();
        foreach (var alert in candidates.Where(a => a.State == AlertState.DeadLettered))
        {
            if ((await outbox.UpdateAlertDeliveryAsync(alert.Requeue(time.GetUtcNow()), cancellationToken)).Saved)
            {
                retried.Add(alert.Key);
            }
        }

        var notRetried = distinct.Except(retried, StringComparer.Ordinal).ToList();
        await audit.AppendAuditAsync(body, [AuditEvent.Create(body, null, actor, "alerts.dead-letters-retried",
            $"{retried.Count} undelivered alert email(s) queued to send again", time.GetUtcNow(), new { retried, notRetried })], CancellationToken.None);
        return ServiceResult<DeadLetterRetry>.Ok(new DeadLetterRetry(retried, notRetried));
    }
}
