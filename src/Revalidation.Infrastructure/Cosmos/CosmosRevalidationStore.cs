using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IRevalidationStore"/> (docs/decisions/0011): one container partitioned by
/// <c>/designatedBodyId</c>, items told apart by <c>type</c>. Aggregates are single items saved with
/// <c>IfMatchEtag</c> (412 → conflict); a missing item is null; every query names its partition and runs with
/// optimistic direct execution. Audit events ride in the aggregate's own write (<c>pendingAudit</c>) and are then
/// upserted as audit items and cleared, so nothing needs a transactional batch. Nothing is deleted except a
/// GMC-number claim that its own failed save took.
/// </summary>
internal sealed partial class CosmosRevalidationStore(
    CosmosClient client,
    IOptions<CosmosStoreOptions> options,
    TimeProvider time,
    ILogger<CosmosRevalidationStore> logger) : IRevalidationStore
{
    /// <summary>The most audit events one query returns (as the SQLite adapter).</summary>
    public const int MaxAuditPage = 1_000;

    /// <summary>At most this many alert inserts in flight at once.</summary>
    private const int AlertInsertParallelism = 8;

    private readonly Container container = client.GetContainer(options.Value.DatabaseName, options.Value.ContainerName);
    private readonly TimeSpan claimGrace = options.Value.GmcClaimGrace;

    // ---- designated bodies ----

    public async Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default)
    {
        var refs = await QueryAsync<BodyRefDocument>(
            ItemTypes.SystemPartition,
            new QueryDefinition("SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type")
                .WithParameter("@pk", ItemTypes.SystemPartition)
                .WithParameter("@type", ItemTypes.BodyRef),
            cancellationToken);
        return [.. refs.Select(r => r.Code).Order(StringComparer.Ordinal).Select(DesignatedBodyCode.Parse)];
    }

    public async Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var document = await ReadAsync<DesignatedBodyDocument>(ItemTypes.DesignatedBodyId, body.Value, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var etag = await FlushAsync(document, cancellationToken);
        document.Record.MarkPersisted(etag);
        return document.Record;
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
            Record = body,
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
            return Conflict("designated body", code);
        }

        document.ETag = written.ETag;
        var etag = await FlushAsync(document, cancellationToken);
        body.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }

    // ---- doctors ----

    public async Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default) =>
        await ToDoctorAsync(await ReadAsync<DoctorDocument>(ItemTypes.DoctorId(doctorId), body.Value, cancellationToken), cancellationToken);

    public async Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync<DoctorDocument>(
            body.Value,
            DoctorsWhere(body, "c.gmcNumber = @value").WithParameter("@value", gmcNumber.Value),
            cancellationToken);
        return await ToDoctorAsync(found.Count > 0 ? found[0] : null, cancellationToken);
    }

    public async Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync<DoctorDocument>(
            body.Value,
            DoctorsWhere(body, "c.directoryId = @value").WithParameter("@value", directoryId),
            cancellationToken);

        // As the SQLite adapter: an active record before a leaver's.
        return await ToDoctorAsync(found.OrderBy(d => d.Status).FirstOrDefault(), cancellationToken);
    }

    public Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default) =>
        QueryAsync<DoctorSummary>(
            body.Value,
            new QueryDefinition("SELECT VALUE c.summary FROM c WHERE c.designatedBodyId = @pk AND c.type = @type")
                .WithParameter("@pk", body.Value)
                .WithParameter("@type", ItemTypes.Doctor),
            cancellationToken);

    public async Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        AuditEvent.EnsureAllBelongTo(doctor.DesignatedBody, audit);
        var code = doctor.DesignatedBody.Value;
        var document = new DoctorDocument
        {
            Id = ItemTypes.DoctorId(doctor.Id),
            DesignatedBodyId = code,
            Type = ItemTypes.Doctor,
            GmcNumber = doctor.GmcNumber.Value,
            DirectoryId = doctor.DirectoryId,
            Status = doctor.Status,
            Summary = DoctorSummary.From(doctor),
            Record = doctor,
            PendingAudit = Pending(audit),
        };

        // R12 across every body: the GMC number's claim names this doctor, or nothing is written.
        var claim = await ClaimGmcNumberAsync(doctor, createFirst: doctor.ETag is null, cancellationToken);
        if (claim == ClaimResult.Taken)
        {
            LogDuplicateGmcNumber(logger, doctor.Id, code);
            return new SaveOutcome(SaveStatus.DuplicateGmcNumber);
        }

        ItemResponse<DoctorDocument> written;
        try
        {
            written = doctor.ETag is null
                ? await container.CreateItemAsync(document, new PartitionKey(code), NoContent, cancellationToken)
                : await container.ReplaceItemAsync(document, document.Id, new PartitionKey(code), IfMatch(doctor.ETag), cancellationToken);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            if (claim == ClaimResult.Claimed)
            {
                await ReleaseClaimAsync(doctor, cancellationToken);
            }

            return Conflict("doctor", doctor.Id.ToString());
        }

        document.ETag = written.ETag;
        var etag = await FlushAsync(document, cancellationToken);
        doctor.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }

    // ---- audit ----

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
        await FlushPartitionAsync(code, cancellationToken);

        var limit = Math.Clamp(query.Limit, 1, MaxAuditPage);
        var sql = $"SELECT TOP {limit.ToString(CultureInfo.InvariantCulture)} * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type";
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

        var definition = new QueryDefinition(sql + " ORDER BY c.occurredAt DESC");
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        var items = await QueryAsync<AuditDocument>(code, definition, cancellationToken);
        return [.. items.OrderByDescending(a => a.OccurredAt).Select(a => a.ToEvent())];
    }

    // ---- alerts ----

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var items = await QueryAsync<AlertDocument>(body.Value, AlertsWhere(body, "true"), cancellationToken);
        return [.. items.OrderBy(a => a.CreatedAt).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => a.ToAlert())];
    }

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
                    var response = await container.CreateItemAsync(AlertDocument.From(distinct[i]), new PartitionKey(body.Value), NoContent, ct);
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
        var keys = await QueryAsync<AlertKeyDocument>(
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
        var document = await ReadAsync<AlertDocument>(ItemTypes.AlertId(key), body.Value, cancellationToken);
        return document is not null && document.Key == key ? document.ToAlert() : null;
    }

    public async Task<IReadOnlyList<AlertRecord>> ListDeliverableAlertsAsync(DesignatedBodyCode body, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        var definition = AlertsWhere(body, "((c.state = @pending AND c.nextAttemptAt <= @now) OR (c.state = @sending AND c.claimedUntil <= @now))")
            .WithParameter("@pending", nameof(AlertState.Pending))
            .WithParameter("@sending", nameof(AlertState.Sending))
            .WithParameter("@now", now.ToUnixTimeMilliseconds());
        var items = await QueryAsync<AlertDocument>(body.Value, definition, cancellationToken);

        // Sorted here: ordering by two properties would need a composite index, and the due set is small.
        return [.. items.OrderBy(a => a.CreatedAt).ThenBy(a => a.Key, StringComparer.Ordinal).Take(Math.Max(1, limit)).Select(a => a.ToAlert())];
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsInStateAsync(DesignatedBodyCode body, AlertState state, int limit, CancellationToken cancellationToken = default)
    {
        var items = await QueryAsync<AlertDocument>(body.Value, AlertsWhere(body, "c.state = @state").WithParameter("@state", state.ToString()), cancellationToken);
        return [.. items.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Key, StringComparer.Ordinal).Take(Math.Max(1, limit)).Select(a => a.ToAlert())];
    }

    public async Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.ETag is null)
        {
            return Conflict("alert", alert.Key);
        }

        var code = alert.DesignatedBody.Value;
        var stored = await ReadAsync<AlertDocument>(ItemTypes.AlertId(alert.Key), code, cancellationToken);

        // Sent and skipped are final: whatever the caller holds, such an alert never changes again.
        if (stored is null || stored.Key != alert.Key || stored.ETag != alert.ETag || stored.State is AlertState.Sent or AlertState.Skipped)
        {
            return Conflict("alert", alert.Key);
        }

        // Only state and delivery change; everything else stays as stored.
        var updated = AlertDocument.From(stored.Alert with { State = alert.State, Delivery = alert.Delivery });
        try
        {
            var response = await container.ReplaceItemAsync(updated, updated.Id, new PartitionKey(code), IfMatch(alert.ETag), cancellationToken);
            return new SaveOutcome(SaveStatus.Saved, response.ETag);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            return Conflict("alert", alert.Key);
        }
    }

    // ---- the scheduler lease ----

    public async Task<LeaseGrant?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((now + duration).ToUnixTimeMilliseconds());
        var lease = new LeaseDocument
        {
            Id = ItemTypes.LeaseId(name),
            DesignatedBodyId = ItemTypes.SystemPartition,
            Type = ItemTypes.Lease,
            Name = name,
            Holder = holder,
            ExpiresAt = expires.ToUnixTimeMilliseconds(),
        };
        var partition = new PartitionKey(ItemTypes.SystemPartition);
        var current = await ReadAsync<LeaseDocument>(lease.Id, ItemTypes.SystemPartition, cancellationToken);
        try
        {
            if (current is null)
            {
                await container.CreateItemAsync(lease, partition, NoContent, cancellationToken);
            }
            else if (current.Holder == holder || current.ExpiresAt <= now.ToUnixTimeMilliseconds())
            {
                await container.ReplaceItemAsync(lease, lease.Id, partition, IfMatch(current.ETag!), cancellationToken);
            }
            else
            {
                return null;
            }
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            // Another holder got there between the read and the write.
            return null;
        }

        return new LeaseGrant(name, holder, expires);
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        var current = await ReadAsync<LeaseDocument>(ItemTypes.LeaseId(name), ItemTypes.SystemPartition, cancellationToken);
        if (current is null || current.Holder != holder)
        {
            return;
        }

        var etag = current.ETag!;
        current.ETag = null;
        current.ExpiresAt = 0;
        try
        {
            await container.ReplaceItemAsync(current, current.Id, new PartitionKey(ItemTypes.SystemPartition), IfMatch(etag), cancellationToken);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            // Renewed or taken over meanwhile: then it is no longer ours to release.
        }
    }

    // ---- audit outbox ----

    private static List<AuditDocument>? Pending(IReadOnlyList<AuditEvent> audit) =>
        audit.Count == 0 ? null : [.. audit.Select(AuditDocument.From)];

    /// <summary>
    /// Upserts an aggregate item's pending audit events as audit items (id = event id, so repeating it is harmless),
    /// then clears them with <c>IfMatchEtag</c>. Returns the ETag callers may save against: the cleared version's,
    /// or, if another writer cleared or changed it first, the one read (a later save with it is then a conflict).
    /// Every ETag handed out therefore names a version whose audit is already durable.
    /// </summary>
    private async Task<string> FlushAsync<T>(T document, CancellationToken cancellationToken)
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
    private async Task FlushPartitionAsync(string code, CancellationToken cancellationToken)
    {
        var stalled = await QueryAsync<ItemRef>(
            code,
            new QueryDefinition("SELECT c.id, c.type FROM c WHERE c.designatedBodyId = @pk AND (c.type = @doctor OR c.type = @body) AND IS_DEFINED(c.pendingAudit)")
                .WithParameter("@pk", code)
                .WithParameter("@doctor", ItemTypes.Doctor)
                .WithParameter("@body", ItemTypes.DesignatedBody),
            cancellationToken);
        foreach (var item in stalled)
        {
            LogFlushingPending(logger, item.Id, code);
            if (item.Type == ItemTypes.Doctor && await ReadAsync<DoctorDocument>(item.Id, code, cancellationToken) is { } doctor)
            {
                await FlushAsync(doctor, cancellationToken);
            }
            else if (item.Type == ItemTypes.DesignatedBody && await ReadAsync<DesignatedBodyDocument>(item.Id, code, cancellationToken) is { } body)
            {
                await FlushAsync(body, cancellationToken);
            }
        }
    }

    private sealed class ItemRef
    {
        public required string Id { get; set; }

        public required string Type { get; set; }
    }

    // ---- R12: GMC-number claims ----

    private enum ClaimResult
    {
        /// <summary>The claim names this doctor already.</summary>
        Held,

        /// <summary>This save created (or took over) the claim.</summary>
        Claimed,

        /// <summary>Another doctor holds the number.</summary>
        Taken,
    }

    private async Task<ClaimResult> ClaimGmcNumberAsync(DoctorRecord doctor, bool createFirst, CancellationToken cancellationToken)
    {
        var number = doctor.GmcNumber.Value;
        var claim = new GmcClaimDocument
        {
            Id = ItemTypes.GmcClaimId(number),
            DesignatedBodyId = ItemTypes.GmcPartition,
            Type = ItemTypes.GmcClaim,
            GmcNumber = number,
            DoctorBody = doctor.DesignatedBody.Value,
            DoctorId = doctor.Id,
            ClaimedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var partition = new PartitionKey(ItemTypes.GmcPartition);

        // A new doctor usually brings a new number: try to create first. An update usually keeps its number: read first.
        var current = createFirst ? null : await ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (current is null)
            {
                try
                {
                    await container.CreateItemAsync(claim, partition, NoContent, cancellationToken);
                    return ClaimResult.Claimed;
                }
                catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    current = await ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
                    continue;
                }
            }

            if (current.DoctorBody == claim.DoctorBody && current.DoctorId == claim.DoctorId)
            {
                return ClaimResult.Held;
            }

            // Another doctor's claim. It stands while that doctor exists with this number, or while its save may
            // still be in flight; a claim left by a save that failed or crashed is taken over.
            var owner = await ReadAsync<DoctorDocument>(ItemTypes.DoctorId(current.DoctorId), current.DoctorBody, cancellationToken);
            var inFlight = owner is null && claim.ClaimedAt - current.ClaimedAt < (long)claimGrace.TotalMilliseconds;
            if ((owner is not null && owner.GmcNumber == number) || inFlight)
            {
                return ClaimResult.Taken;
            }

            try
            {
                await container.ReplaceItemAsync(claim, claim.Id, partition, IfMatch(current.ETag!), cancellationToken);
                return ClaimResult.Claimed;
            }
            catch (CosmosException e) when (IsConflict(e))
            {
                current = await ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
            }
        }

        return ClaimResult.Taken;
    }

    /// <summary>Gives back a claim this save took but could not use (best effort: a claim left behind is taken over later).</summary>
    private async Task ReleaseClaimAsync(DoctorRecord doctor, CancellationToken cancellationToken)
    {
        var id = ItemTypes.GmcClaimId(doctor.GmcNumber.Value);
        var current = await ReadAsync<GmcClaimDocument>(id, ItemTypes.GmcPartition, cancellationToken);
        if (current is null || current.DoctorBody != doctor.DesignatedBody.Value || current.DoctorId != doctor.Id)
        {
            return;
        }

        // Unless the record exists with this number (a create that conflicted with itself).
        var owner = await ReadAsync<DoctorDocument>(ItemTypes.DoctorId(doctor.Id), doctor.DesignatedBody.Value, cancellationToken);
        if (owner is not null && owner.GmcNumber == doctor.GmcNumber.Value)
        {
            return;
        }

        try
        {
            await container.DeleteItemAsync<GmcClaimDocument>(id, new PartitionKey(ItemTypes.GmcPartition), IfMatch(current.ETag!), cancellationToken);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            // Changed meanwhile: no longer ours to give back.
        }
    }

    // ---- plumbing ----

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private static ItemRequestOptions IfMatch(string etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    private static bool IsConflict(CosmosException e) =>
        e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound;

    private static QueryDefinition DoctorsWhere(DesignatedBodyCode body, string condition) =>
        new QueryDefinition($"SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND {condition}")
            .WithParameter("@pk", body.Value)
            .WithParameter("@type", ItemTypes.Doctor);

    private static QueryDefinition AlertsWhere(DesignatedBodyCode body, string condition) =>
        new QueryDefinition($"SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND {condition}")
            .WithParameter("@pk", body.Value)
            .WithParameter("@type", ItemTypes.Alert);

    private async Task<T?> ReadAsync<T>(string id, string partition, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, new PartitionKey(partition), cancellationToken: cancellationToken);
            if (response.Resource is ItemDocument item)
            {
                item.ETag = response.ETag;
            }

            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A query of one partition: optimistic direct execution (no query plan), every result in one page where the server allows, pages followed while there are more.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(string partition, QueryDefinition definition, CancellationToken cancellationToken)
    {
        var requestOptions = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(partition),
            EnableOptimisticDirectExecution = true,
            MaxItemCount = -1,
        };
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(definition, requestOptions: requestOptions);
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            results.AddRange(page);
        }

        return results;
    }

    private async Task<DoctorRecord?> ToDoctorAsync(DoctorDocument? document, CancellationToken cancellationToken)
    {
        if (document is null)
        {
            return null;
        }

        var etag = await FlushAsync(document, cancellationToken);
        document.Record.MarkPersisted(etag);
        return document.Record;
    }

    private SaveOutcome Conflict(string kind, string key)
    {
        LogConflict(logger, kind, key);
        return new SaveOutcome(SaveStatus.Conflict);
    }

    // Ids and designated-body codes only: never names, GMC numbers or emails.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Cosmos store: {Kind} {Key} not saved: it changed since it was read, or already exists")]
    private static partial void LogConflict(ILogger logger, string kind, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos store: doctor {DoctorId} in {DesignatedBody} not saved: the GMC number belongs to another record (R12)")]
    private static partial void LogDuplicateGmcNumber(ILogger logger, Guid doctorId, string designatedBody);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos store: item {ItemId} in {DesignatedBody} still had pending audit (a save stopped between its writes); flushing it now")]
    private static partial void LogFlushingPending(ILogger logger, string itemId, string designatedBody);
}
