using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Audit;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// Audit atomic with its change without a batch (docs/decisions/0011): a save writes the aggregate item with its events
/// in <c>pendingAudit</c>, in its one single-item write; they are then upserted as audit items (id = event id, so
/// repeating it changes nothing) and cleared. Shared by the doctor store, the designated-body store and the audit log,
/// so that whoever comes next flushes what a stopped save left: every read that hands out an ETag flushes its item
/// first, and the audit log flushes its partition before it answers.
/// </summary>
internal sealed partial class CosmosPendingAudit(CosmosItems cosmos, ILogger<CosmosPendingAudit> logger)
{
    private readonly Container container = cosmos.Container;

    /// <summary>The events a save writes inside its item; null (left out) when there are none.</summary>
    public static List<AuditDocument>? Pending(IReadOnlyList<AuditEvent> audit) =>
        audit.Count == 0 ? null : [.. audit.Select(AuditDocument.From)];

    /// <summary>
    /// Upserts an aggregate item's pending audit events as audit items (id = event id, so repeating it is harmless),
    /// then clears them with <c>IfMatchEtag</c>. Returns the ETag callers may save against: the cleared version's,
    /// or, if another writer cleared or changed it first, the one read (a later save with it is then a conflict).
    /// Every ETag handed out therefore names a version whose audit is already durable.
    /// </summary>
    public async Task<string> FlushAsync<T>(T document, CancellationToken cancellationToken)
        where T : AggregateDocument
    {
        var etag = document.ETag ?? throw new InvalidOperationException("An item read or written has an ETag.");
        if (document.PendingAudit is not { Count: > 0 } pending)
        {
            return etag;
        }

        var partition = new PartitionKey(document.DesignatedBodyId);
        foreach (var audit in pending)
        {
            await container.UpsertItemAsync(audit, partition, NoContent, CancellationToken.None);
        }

        document.PendingAudit = null;
        document.ETag = null;
        try
        {
            var cleared = await container.ReplaceItemAsync(document, document.Id, partition, IfMatch(etag), cancellationToken);
            return document.ETag = cleared.ETag;
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            return document.ETag = etag;
        }
    }

    /// <summary>Flushes every aggregate of the partition that still carries pending audit (normally none: one light query).</summary>
    public async Task FlushPartitionAsync(string code, CancellationToken cancellationToken)
    {
        var stalled = await cosmos.QueryAsync<ItemRef>(
            code,
            new QueryDefinition("SELECT c.id, c.type FROM c WHERE c.designatedBodyId = @pk AND (c.type = @doctor OR c.type = @body) AND IS_DEFINED(c.pendingAudit)")
                .WithParameter("@pk", code)
                .WithParameter("@doctor", ItemTypes.Doctor)
                .WithParameter("@body", ItemTypes.DesignatedBody),
            cancellationToken);
        foreach (var item in stalled)
        {
            LogFlushingPending(logger, item.Id, code);
            if (item.Type == ItemTypes.Doctor && await cosmos.ReadAsync<DoctorDocument>(item.Id, code, cancellationToken) is { } doctor)
            {
                await FlushAsync(doctor, cancellationToken);
            }
            else if (item.Type == ItemTypes.DesignatedBody && await cosmos.ReadAsync<DesignatedBodyDocument>(item.Id, code, cancellationToken) is { } body)
            {
                await FlushAsync(body, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos store: item {ItemId} in {DesignatedBody} still had pending audit (a save stopped between its writes); flushing it now")]
    private static partial void LogFlushingPending(ILogger logger, string itemId, string designatedBody);

    private sealed class ItemRef
    {
        public required string Id { get; set; }

        public required string Type { get; set; }
    }
}
