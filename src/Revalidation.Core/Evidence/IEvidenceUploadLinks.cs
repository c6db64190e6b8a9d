namespace Revalidation.Core.Evidence;

/// <summary>
/// A short-lived, write-only URL for one upload name: the client sends the file's bytes there with an HTTP PUT and the
/// <see cref="RequiredHeaders"/>, and the blob trigger checks it (ADR 0012).
/// </summary>
public sealed record EvidenceUploadLink(Uri Url, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> RequiredHeaders);

/// <summary>
/// Direct-upload links (Blob Storage only; a host on the evidence folder has none, and direct upload is then
/// unavailable). A link lets its holder create or overwrite exactly the one upload named, until it expires; it cannot
/// read, list or delete anything.
/// </summary>
public interface IEvidenceUploadLinks
{
    /// <summary>A link for <paramref name="uploadName"/> (<see cref="EvidenceUploadService.UploadName"/>).</summary>
    Task<EvidenceUploadLink> CreateAsync(string uploadName, CancellationToken cancellationToken = default);
}
