using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Store;

/// <summary>
/// The audit log of each designated body (docs/decisions/0001). Events that describe a change to a doctor record or a
/// designated body are written with that change, by <see cref="IDoctorStore.SaveDoctorAsync"/> and
/// <see cref="IDesignatedBodyStore.SaveDesignatedBodyAsync"/>; this port appends the others and reads the log.
/// Every read names its designated body; nothing is hard-deleted.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends audit events that record an action which changes no aggregate of this store (an operational action: a dead
    /// letter sent again, a directory sync started, a data-quality issue resolved). Writing an event twice (same id) keeps one.
    /// </summary>
    Task AppendAuditAsync(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);

    /// <summary>The audit log of one designated body, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many events of one designated body's audit log the query's filters match (its skip and limit aside).</summary>
    Task<int> CountAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default);
}
