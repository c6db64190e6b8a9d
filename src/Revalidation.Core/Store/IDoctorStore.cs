using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Store;

/// <summary>
/// The doctor records (docs/decisions/0001), shaped for a document store partitioned by designated body:
/// <list type="bullet">
/// <item>every read names its designated body; a missing record is <c>null</c>;</item>
/// <item>a record is saved whole with optimistic concurrency on its opaque <c>ETag</c>: null means "create",
/// anything else must match or the save is a conflict;</item>
/// <item>audit events are written atomically with the change they describe;</item>
/// <item>lists return the compact <see cref="DoctorSummary"/>, saved alongside each record, never full records;</item>
/// <item>nothing is hard-deleted: leavers stay, marked.</item>
/// </list>
/// </summary>
public interface IDoctorStore
{
    Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default);

    Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default);

    /// <summary>The doctor whose directory object id (Entra ID oid, or HR key) is given: how a signed-in doctor finds their record.</summary>
    Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default);

    /// <summary>Every doctor of the designated body (leavers included), as summaries, in one round trip.</summary>
    Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    /// <summary>Creates (ETag null) or updates (ETag matches) the record, its summary and the audit events, atomically.</summary>
    Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);
}
