using System.Globalization;
using Microsoft.Azure.Cosmos;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IAuditLog"/> (docs/decisions/0011): one <c>audit:{event id}</c> item per event in its
/// body's partition. Before it answers a query it flushes, through <see cref="CosmosPendingAudit"/>, the events of any
/// save that stopped between its writes, so a committed change's audit is always visible and shown once.
/// </summary>
internal sealed class CosmosAuditLog(CosmosItems cosmos, CosmosPendingAudit pendingAudit) : IAuditLog
{
    /// <summary>The most audit events one query returns (as the SQLite adapter).</summary>
    public const int MaxAuditPage = 1_000;

    private readonly Container container = cosmos.Container;

    public async Task AppendAuditAsync(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        AuditEvent.EnsureAllBelongTo(body, audit);
        var partition = new PartitionKey(body.Value);
        foreach (var e in audit.DistinctBy(a => a.Id))
        {
            // Upsert by the event's id: a repeated append keeps one item.
            await container.UpsertItemAsync(AuditDocument.From(e), partition, NoContent, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = body.Value;

        // First the audit of any save whose flush did not finish (a crash between its two writes): committed with
        // its aggregate, so it must be visible now; upserted under its own id, so doing it twice changes nothing.
        await pendingAudit.FlushPartitionAsync(code, cancellationToken);

        var limit = Math.Clamp(query.Limit, 1, MaxAuditPage);
        var skip = Math.Max(query.Skip, 0);
        var (where, parameters) = Where(code, query);
        // TOP skip + limit, the skipped ones dropped here (not OFFSET ... LIMIT, which the local test emulator cannot parse);
        // a page far into a long log reads the pages before it.
        var top = (long)skip + limit;
        var sql = $"SELECT TOP {top.ToString(CultureInfo.InvariantCulture)} * FROM c WHERE {where} ORDER BY c.occurredAt DESC";
        var definition = new QueryDefinition(sql);
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        var items = await cosmos.QueryAsync<AuditDocument>(code, definition, cancellationToken);
        return [.. items.OrderByDescending(a => a.OccurredAt).Skip(skip).Select(a => a.ToEvent())];
    }

    public async Task<int> CountAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = body.Value;
        await pendingAudit.FlushPartitionAsync(code, cancellationToken);
        var (where, parameters) = Where(code, query);
        var definition = new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE {where}");
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return (await cosmos.QueryAsync<int>(code, definition, cancellationToken)).Sum();
    }

    private static (string Where, List<(string Name, object Value)> Parameters) Where(string code, AuditQuery query)
    {
        var sql = "c.designatedBodyId = @pk AND c.type = @type";
        var parameters = new List<(string Name, object Value)> { ("@pk", code), ("@type", ItemTypes.Audit) };
        if (query.DoctorId is { } doctorId)
        {
            sql += " AND c.doctorId = @doctor";
            parameters.Add(("@doctor", doctorId.ToString("D")));
        }

        if (query.ActorId is { } actorId)
        {
            sql += " AND c.actorId = @actor";
            parameters.Add(("@actor", actorId));
        }

        if (query.Action is { } action)
        {
            sql += " AND c.action = @action";
            parameters.Add(("@action", action));
        }

        if (query.From is { } from)
        {
            sql += " AND c.occurredAt >= @from";
            parameters.Add(("@from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            sql += " AND c.occurredAt <= @to";
            parameters.Add(("@to", to.ToUnixTimeMilliseconds()));
        }

        var i = 0;
        foreach (var match in query.Matches ?? [])
        {
            var n = (i++).ToString(CultureInfo.InvariantCulture);
            sql += $" AND (ARRAY_CONTAINS(@actors{n}, c.actorId) OR ARRAY_CONTAINS(@doctors{n}, c.doctorId))";
            parameters.Add(($"@actors{n}", match.ActorIds.Distinct(StringComparer.Ordinal).ToArray()));
            parameters.Add(($"@doctors{n}", match.DoctorIds.Distinct().Select(d => d.ToString("D")).ToArray()));
        }

        return (sql, parameters);
    }
}
