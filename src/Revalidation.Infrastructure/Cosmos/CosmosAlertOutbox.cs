using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IAlertOutbox"/> (docs/decisions/0011): one <c>alert:{key}</c> item per key in its body's
/// partition, created once (409 = recorded already); a delivery update reads the item, refuses a stale ETag or a final
/// state, and replaces it with <c>IfMatchEtag</c>. Lists are filtered by the query and ordered in memory.
/// </summary>
internal sealed class CosmosAlertOutbox(CosmosItems cosmos, ILogger<CosmosAlertOutbox> logger, DocumentSchemas schemas) : IAlertOutbox
{
    private readonly DocumentSchema schema = schemas.Alert;

    /// <summary>At most this many alert inserts in flight at once.</summary>
    private const int AlertInsertParallelism = 8;

    private readonly Container container = cosmos.Container;

    public async Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(DesignatedBodyCode body, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Any(a => a.DesignatedBody != body))
        {
            throw new ArgumentException("Every alert must belong to the designated body it is added to.", nameof(alerts));
        }

        // Each key is one item created at most once (409 = recorded already, by a rerun or a concurrent scan).
        // A key repeated within the call is tried once.
        var distinct = alerts.DistinctBy(a => a.Key, StringComparer.Ordinal).ToList();
        var inserted = new AlertRecord?[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = AlertInsertParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var response = await container.CreateItemAsync(AlertDocument.From(distinct[i], schema), new PartitionKey(body.Value), NoContent, ct);
                    inserted[i] = distinct[i] with { ETag = response.ETag };
                }
                catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    // Recorded already: left alone.
                }
            });
        return [.. inserted.OfType<AlertRecord>()];
    }

    public async Task<IReadOnlyList<RecordedAlert>> ListDoctorAlertKeysAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var keys = await cosmos.QueryAsync<AlertKeyDocument>(
            body.Value,
            new QueryDefinition("SELECT c.key, c.doctorId, c.dueOn FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND IS_DEFINED(c.doctorId)")
                .WithParameter("@pk", body.Value)
                .WithParameter("@type", ItemTypes.Alert),
            cancellationToken);
        return [.. keys.Select(k => new RecordedAlert(k.Key, Guid.ParseExact(k.DoctorId, "D"), DateOnly.ParseExact(k.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture)))];
    }

    public async Task<AlertRecord?> GetAlertAsync(DesignatedBodyCode body, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var document = await cosmos.ReadAsync<AlertDocument>(ItemTypes.AlertId(key), body.Value, cancellationToken);
        return document is not null && document.Key == key ? document.ToAlert(schema) : null;
    }

    public async Task<IReadOnlyList<AlertRecord>> ListDeliverableAlertsAsync(DesignatedBodyCode body, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        var definition = AlertsWhere(body, "((c.state = @pending AND c.nextAttemptAt <= @now) OR (c.state = @sending AND c.claimedUntil <= @now))")
            .WithParameter("@pending", nameof(AlertState.Pending))
            .WithParameter("@sending", nameof(AlertState.Sending))
            .WithParameter("@now", now.ToUnixTimeMilliseconds());
        var items = await cosmos.QueryAsync<AlertDocument>(body.Value, definition, cancellationToken);

        // Sorted here: ordering by two properties would need a composite index, and the due set is small.
        return [.. items.OrderBy(a => a.CreatedAt).ThenBy(a => a.Key, StringComparer.Ordinal).Take(Math.Max(1, limit)).Select(a => a.ToAlert(schema))];
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsInStateAsync(DesignatedBodyCode body, AlertState state, int limit, CancellationToken cancellationToken = default)
    {
        var items = await cosmos.QueryAsync<AlertDocument>(body.Value, AlertsWhere(body, "c.state = @state").WithParameter("@state", state.ToString()), cancellationToken);
        return [.. items.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Key, StringComparer.Ordinal).Take(Math.Max(1, limit)).Select(a => a.ToAlert(schema))];
    }

    public async Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.ETag is null)
        {
            return Conflict(logger, "alert", alert.Key);
        }

        var code = alert.DesignatedBody.Value;
        var stored = await cosmos.ReadAsync<AlertDocument>(ItemTypes.AlertId(alert.Key), code, cancellationToken);

        // Sent and skipped are final: whatever the caller holds, such an alert never changes again.
        if (stored is null || stored.Key != alert.Key || stored.ETag != alert.ETag || stored.State is AlertState.Sent or AlertState.Skipped)
        {
            return Conflict(logger, "alert", alert.Key);
        }

        // Only state and delivery change; everything else stays as stored.
        var updated = AlertDocument.From(stored.ToAlert(schema) with { State = alert.State, Delivery = alert.Delivery }, schema);
        try
        {
            var response = await container.ReplaceItemAsync(updated, updated.Id, new PartitionKey(code), IfMatch(alert.ETag), cancellationToken);
            return new SaveOutcome(SaveStatus.Saved, response.ETag);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            return Conflict(logger, "alert", alert.Key);
        }
    }

    private static QueryDefinition AlertsWhere(DesignatedBodyCode body, string condition) =>
        new QueryDefinition($"SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND {condition}")
            .WithParameter("@pk", body.Value)
            .WithParameter("@type", ItemTypes.Alert);
}
