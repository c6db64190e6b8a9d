using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Evidence;

/// <summary>The outcome of streaming a file into the evidence store.</summary>
/// <param name="StorageKey">The opaque key the bytes are stored under; null when nothing was kept.</param>
/// <param name="TooLarge">The content passed the size limit: nothing was kept.</param>
public sealed record EvidenceWrite(string? StorageKey, long SizeBytes, string? Sha256, bool TooLarge);

/// <summary>
/// Evidence file bytes (a folder locally, Blob Storage in Azure). Files are written under fresh opaque
/// keys, streamed (memory does not grow with file size), hashed (SHA-256) as they are written, and
/// scoped to a designated body. Deleting is only for uploads that were rejected before any record
/// referred to them; stored evidence is never deleted.
/// </summary>
public interface IEvidenceFileStore
{
    /// <summary>Streams <paramref name="content"/> to a new object. Past <paramref name="maxBytes"/> it stops, keeps nothing and says TooLarge.</summary>
    Task<EvidenceWrite> WriteAsync(DesignatedBodyCode body, Stream content, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file for reading, or null when there is no such key in that body.</summary>
    Task<Stream?> OpenReadAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default);

    /// <summary>Removes a rejected upload. Idempotent.</summary>
    Task DeleteAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default);
}
