using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Store;

public enum SaveStatus
{
    Saved,
    /// <summary>The aggregate changed since it was read (stale ETag), or was created twice: nothing was written.</summary>
    Conflict,
    /// <summary>R12: another doctor already has this GMC number: nothing was written.</summary>
    DuplicateGmcNumber,
}

public sealed record SaveOutcome(SaveStatus Status, string? ETag = null)
{
    public bool Saved => Status == SaveStatus.Saved;
}

/// <summary>
/// The store port (docs/decisions/0001). Shaped for a document store partitioned by designated body:
/// <list type="bullet">
/// <item>every read names its designated body; a missing item is <c>null</c>;</item>
/// <item>aggregates (designated body, doctor record) are saved whole with optimistic concurrency on
/// their opaque <c>ETag</c>: null means "create", anything else must match or the save is a conflict;</item>
/// <item>audit events are written atomically with the change they describe;</item>
/// <item>lists return the compact <see cref="DoctorSummary"/>, saved alongside each record, never full records;</item>
/// <item>nothing is hard-deleted; alerts are inserted once per key, and their delivery changes only on a matching ETag.</item>
/// </list>
/// </summary>
public interface IRevalidationStore
{
    Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default);

    Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    Task<SaveOutcome> SaveDesignatedBodyAsync(DesignatedBody body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);

    Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default);

    Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default);

    /// <summary>The doctor whose directory object id (Entra ID oid, or HR key) is given: how a signed-in doctor finds their record.</summary>
    Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default);

    /// <summary>Every doctor of the designated body (leavers included), as summaries, in one round trip.</summary>
    Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    /// <summary>Creates (ETag null) or updates (ETag matches) the record, its summary and the audit events, atomically.</summary>
    Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends audit events that record an action which changes no aggregate of this store (an operational action: a dead
    /// letter sent again, a directory sync started, a data-quality issue resolved). Writing an event twice (same id) keeps one.
    /// </summary>
    Task AppendAuditAsync(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);

    /// <summary>The audit log of one designated body, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the alerts whose keys are not yet recorded and returns exactly those; a key already present
    /// (from a rerun or a concurrent scan) is left alone. This is what makes each alert exactly-once.
    /// </summary>
    Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(DesignatedBodyCode body, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default);

    /// <summary>
    /// The key and due day of every alert of the body that names a doctor, in one light round trip: what the
    /// deadline scan needs to know of what is already recorded (the whole records are not read).
    /// </summary>
    Task<IReadOnlyList<RecordedAlert>> ListDoctorAlertKeysAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    // ---- the outbox: alerts are their own email messages (docs/decisions/0010) ----

    /// <summary>One alert by key, with its ETag; null when the body has no such alert.</summary>
    Task<AlertRecord?> GetAlertAsync(DesignatedBodyCode body, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The body's alerts a dispatcher may claim at <paramref name="now"/> (<see cref="AlertRecord.IsDeliverable"/>: pending and
    /// due, or sending with an expired claim), oldest first, at most <paramref name="limit"/>, each with its ETag.
    /// </summary>
    Task<IReadOnlyList<AlertRecord>> ListDeliverableAlertsAsync(DesignatedBodyCode body, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The body's alerts in one state, newest first, at most <paramref name="limit"/> (for example the dead letters, for admins).</summary>
    Task<IReadOnlyList<AlertRecord>> ListAlertsInStateAsync(DesignatedBodyCode body, AlertState state, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an alert's state and delivery (nothing else of it changes) if its ETag still matches: a claim, a send, a
    /// failure, a retry. A stale ETag (another dispatcher got there first) is a conflict and writes nothing.
    /// </summary>
    Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    // ---- the scheduler lease (one active worker replica) ----

    /// <summary>
    /// Takes or renews the named lease for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/>:
    /// granted when nobody holds it, when its holder's term ended, or when <paramref name="holder"/> holds it already.
    /// Null when another holder's term still runs. Leases live outside every designated body (a fixed system partition).
    /// </summary>
    Task<LeaseGrant?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Ends the holder's term at once (a clean shutdown hands over without waiting); does nothing if another holds it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}

/// <summary>A lease term: who holds it, until when.</summary>
public sealed record LeaseGrant(string Name, string Holder, DateTimeOffset ExpiresAt);
