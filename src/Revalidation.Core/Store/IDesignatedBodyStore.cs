using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Store;

/// <summary>
/// The designated bodies (docs/decisions/0001): each saved whole with optimistic concurrency on its opaque <c>ETag</c>
/// (null means "create", anything else must match or the save is a conflict), its audit events written atomically
/// with the change they describe. A missing body is <c>null</c>; nothing is hard-deleted.
/// </summary>
public interface IDesignatedBodyStore
{
    Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default);

    Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    Task<SaveOutcome> SaveDesignatedBodyAsync(DesignatedBody body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);
}
