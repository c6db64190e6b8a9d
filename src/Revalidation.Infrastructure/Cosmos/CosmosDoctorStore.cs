using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;
using static Revalidation.Infrastructure.Cosmos.CosmosPendingAudit;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IDoctorStore"/> (docs/decisions/0011): each doctor one item (<c>doctor:{id}</c>) in its
/// body's partition, the record and its summary together, saved with <c>IfMatchEtag</c> (412 → conflict); a missing item
/// is null. The save's audit events ride in the item's own write and are flushed by <see cref="CosmosPendingAudit"/>
/// before any ETag is handed out. R12 across bodies: a GMC-number claim item in <c>_gmc</c>; nothing is deleted except
/// a claim that its own failed save took.
/// </summary>
internal sealed partial class CosmosDoctorStore(
    CosmosItems cosmos,
    CosmosPendingAudit pendingAudit,
    DocumentSchemas schemas,
    IOptions<CosmosStoreOptions> options,
    TimeProvider time,
    ILogger<CosmosDoctorStore> logger) : IDoctorStore
{
    private readonly Container container = cosmos.Container;
    private readonly TimeSpan claimGrace = options.Value.GmcClaimGrace;

    public async Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default) =>
        await ToDoctorAsync(await cosmos.ReadAsync<DoctorDocument>(ItemTypes.DoctorId(doctorId), body.Value, cancellationToken), cancellationToken);

    public async Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default)
    {
        var found = await cosmos.QueryAsync<DoctorDocument>(
            body.Value,
            DoctorsWhere(body, "c.gmcNumber = @value").WithParameter("@value", gmcNumber.Value),
            cancellationToken);
        return await ToDoctorAsync(found.Count > 0 ? found[0] : null, cancellationToken);
    }

    public async Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default)
    {
        var found = await cosmos.QueryAsync<DoctorDocument>(
            body.Value,
            DoctorsWhere(body, "c.directoryId = @value").WithParameter("@value", directoryId),
            cancellationToken);

        // As the SQLite adapter: an active record before a leaver's.
        return await ToDoctorAsync(found.OrderBy(d => d.Status).FirstOrDefault(), cancellationToken);
    }

    public async Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var stored = await cosmos.QueryAsync<StoredSummaryItem>(
            body.Value,
            new QueryDefinition("SELECT c.id, c.summary FROM c WHERE c.designatedBodyId = @pk AND c.type = @type")
                .WithParameter("@pk", body.Value)
                .WithParameter("@type", ItemTypes.Doctor),
            cancellationToken);

        // A summary stored by an older schema version (or one this code cannot read) is computed again from its
        // record, upgraded on read (docs/decisions/0016); there are none in the steady state, so one round trip.
        var current = schemas.DoctorSummary.CurrentVersion;
        var result = new List<DoctorSummary>(stored.Count);
        foreach (var item in stored)
        {
            if (StoredSummary.Read(item.Summary) is { } summary && summary.SchemaVersion >= current)
            {
                result.Add(summary);
            }
            else if (await GetDoctorAsync(body, ItemTypes.DoctorGuid(item.Id), cancellationToken) is { } doctor)
            {
                result.Add(DoctorSummary.From(doctor) with { SchemaVersion = current });
            }
        }

        return result;
    }

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
            Summary = DoctorSummary.From(doctor) with { SchemaVersion = schemas.DoctorSummary.CurrentVersion },
            Record = schemas.Doctor.ToDocument(doctor),
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

            return Conflict(logger, "doctor", doctor.Id.ToString());
        }

        document.ETag = written.ETag;
        var etag = await pendingAudit.FlushAsync(document, cancellationToken);
        doctor.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
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
        var current = createFirst ? null : await cosmos.ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
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
                    current = await cosmos.ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
                    continue;
                }
            }

            if (current.DoctorBody == claim.DoctorBody && current.DoctorId == claim.DoctorId)
            {
                return ClaimResult.Held;
            }

            // Another doctor's claim. It stands while that doctor exists with this number, or while its save may
            // still be in flight; a claim left by a save that failed or crashed is taken over.
            var owner = await cosmos.ReadAsync<DoctorDocument>(ItemTypes.DoctorId(current.DoctorId), current.DoctorBody, cancellationToken);
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
                current = await cosmos.ReadAsync<GmcClaimDocument>(claim.Id, ItemTypes.GmcPartition, cancellationToken);
            }
        }

        return ClaimResult.Taken;
    }

    /// <summary>Gives back a claim this save took but could not use (best effort: a claim left behind is taken over later).</summary>
    private async Task ReleaseClaimAsync(DoctorRecord doctor, CancellationToken cancellationToken)
    {
        var id = ItemTypes.GmcClaimId(doctor.GmcNumber.Value);
        var current = await cosmos.ReadAsync<GmcClaimDocument>(id, ItemTypes.GmcPartition, cancellationToken);
        if (current is null || current.DoctorBody != doctor.DesignatedBody.Value || current.DoctorId != doctor.Id)
        {
            return;
        }

        // Unless the record exists with this number (a create that conflicted with itself).
        var owner = await cosmos.ReadAsync<DoctorDocument>(ItemTypes.DoctorId(doctor.Id), doctor.DesignatedBody.Value, cancellationToken);
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

    private static QueryDefinition DoctorsWhere(DesignatedBodyCode body, string condition) =>
        new QueryDefinition($"SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND {condition}")
            .WithParameter("@pk", body.Value)
            .WithParameter("@type", ItemTypes.Doctor);

    private async Task<DoctorRecord?> ToDoctorAsync(DoctorDocument? document, CancellationToken cancellationToken)
    {
        if (document is null)
        {
            return null;
        }

        var etag = await pendingAudit.FlushAsync(document, cancellationToken);
        var doctor = schemas.Doctor.Read<DoctorRecord>(document.Record);
        doctor.MarkPersisted(etag);
        return doctor;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos store: doctor {DoctorId} in {DesignatedBody} not saved: the GMC number belongs to another record (R12)")]
    private static partial void LogDuplicateGmcNumber(ILogger logger, Guid doctorId, string designatedBody);

    /// <summary>A doctor item's id and stored summary, as the list query reads them.</summary>
    private sealed class StoredSummaryItem
    {
        public required string Id { get; set; }

        public required System.Text.Json.JsonElement Summary { get; set; }
    }
}
