using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;
using static Revalidation.Infrastructure.Cosmos.CosmosPendingAudit;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IDesignatedBodyStore"/> (docs/decisions/0011): each body one item (<c>designatedBody</c>)
/// in its own partition, saved with <c>IfMatchEtag</c> (412 → conflict), its audit events riding in the item's write and
/// flushed by <see cref="CosmosPendingAudit"/> before any ETag is handed out. The list of bodies is a <c>bodyRef</c>
/// item per body in <c>_system</c>, written before the body itself.
/// </summary>
internal sealed class CosmosDesignatedBodyStore(
    CosmosItems cosmos,
    CosmosPendingAudit pendingAudit,
    DocumentSchemas schemas,
    ILogger<CosmosDesignatedBodyStore> logger) : IDesignatedBodyStore
{
    private readonly Container container = cosmos.Container;

    public async Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default)
    {
        var refs = await cosmos.QueryAsync<BodyRefDocument>(
            ItemTypes.SystemPartition,
            new QueryDefinition("SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type")
                .WithParameter("@pk", ItemTypes.SystemPartition)
                .WithParameter("@type", ItemTypes.BodyRef),
            cancellationToken);
        return [.. refs.Select(r => r.Code).Order(StringComparer.Ordinal).Select(DesignatedBodyCode.Parse)];
    }

    public async Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var document = await cosmos.ReadAsync<DesignatedBodyDocument>(ItemTypes.DesignatedBodyId, body.Value, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var etag = await pendingAudit.FlushAsync(document, cancellationToken);
        var record = schemas.DesignatedBody.Read<DesignatedBody>(document.Record);
        record.MarkPersisted(etag);
        return record;
    }

    public async Task<SaveOutcome> SaveDesignatedBodyAsync(DesignatedBody body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        AuditEvent.EnsureAllBelongTo(body.Code, audit);
        var code = body.Code.Value;
        var document = new DesignatedBodyDocument
        {
            Id = ItemTypes.DesignatedBodyId,
            DesignatedBodyId = code,
            Type = ItemTypes.DesignatedBody,
            Record = schemas.DesignatedBody.ToDocument(body),
            PendingAudit = Pending(audit),
        };

        ItemResponse<DesignatedBodyDocument> written;
        try
        {
            if (body.ETag is null)
            {
                // The list entry first: a body is never missing from the list; an entry whose create then fails
                // names a body that already exists (409) or reads as null, which every reader handles.
                await container.UpsertItemAsync(
                    new BodyRefDocument { Id = ItemTypes.BodyRefId(code), DesignatedBodyId = ItemTypes.SystemPartition, Type = ItemTypes.BodyRef, Code = code },
                    new PartitionKey(ItemTypes.SystemPartition),
                    NoContent,
                    cancellationToken);
                written = await container.CreateItemAsync(document, new PartitionKey(code), NoContent, cancellationToken);
            }
            else
            {
                written = await container.ReplaceItemAsync(document, document.Id, new PartitionKey(code), IfMatch(body.ETag), cancellationToken);
            }
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            return Conflict(logger, "designated body", code);
        }

        document.ETag = written.ETag;
        var etag = await pendingAudit.FlushAsync(document, cancellationToken);
        body.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }
}
