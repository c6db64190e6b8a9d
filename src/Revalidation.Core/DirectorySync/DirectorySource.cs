using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.DirectorySync;

/// <summary>
/// One person as a directory source sees them, already mapped to the product's fields (the source knows which
/// attribute holds the GMC number and how to choose the designated body). Values are raw text: the sync engine
/// validates them (R12) and sends what is wrong to the data-quality queue.
/// </summary>
/// <param name="ExternalId">The source's stable key: the Entra ID object id, or the HR system's key.</param>
/// <param name="DirectoryId">What the doctor's record keeps as its directory id (how a signed-in doctor finds it); null when the source has none.</param>
/// <param name="DesignatedBody">The designated body code the source's mapping chose, or null when none applied.</param>
/// <param name="Active">False for a disabled account or an inactive row (R13: a leaver).</param>
/// <param name="Rsd">An RSD the source holds (an optional attribute or column); null when it has none.</param>
/// <param name="Origin">Where the entry came from, for the data-quality queue: "line 12", "user 0f3c…".</param>
public sealed record DirectoryEntry(
    string ExternalId,
    string? DirectoryId,
    string? GmcNumber,
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? Department,
    string? Specialty,
    string? DesignatedBody,
    bool Active,
    DateOnly? Rsd = null,
    string? Origin = null);

/// <summary>Why a person is no longer in the directory's set of doctors.</summary>
public enum RemovalReason
{
    /// <summary>Deleted from the directory (Graph <c>@removed</c> reason "deleted").</summary>
    Deleted,
    /// <summary>Soft-deleted, restorable for 30 days (Graph <c>@removed</c> reason "changed").</summary>
    SoftDeleted,
    /// <summary>Still in the directory but no longer selected as a doctor (left the doctors group, or the attribute rule no longer matches).</summary>
    OutOfScope,
    /// <summary>Absent from a full set (a full resync, or a complete file export).</summary>
    AbsentFromFullSet,
}

/// <summary>One change in a round: an upsert, a removal, or something the source could not read.</summary>
public abstract record DirectoryChange(string? ExternalId, string? Origin);

/// <summary>The person is (still) a doctor in the directory; apply their attributes. An inactive entry makes a leaver.</summary>
public sealed record DirectoryUpsert(DirectoryEntry Entry) : DirectoryChange(Entry.ExternalId, Entry.Origin);

/// <summary>The person left the set of doctors (R13).</summary>
public sealed record DirectoryRemoval(string Id, RemovalReason Reason, string? From = null) : DirectoryChange(Id, From);

/// <summary>The source read something it could not turn into an entry (a row with too few fields, a user without an id).</summary>
public sealed record DirectoryRejection(string? Id, DataQualityIssueKind Kind, string Problem, string? From) : DirectoryChange(Id, From);

/// <summary>
/// A page of changes. The last batch of a round carries <see cref="End"/>: the cursor to resume from next time
/// (saved by the engine only after the whole round is applied) and whether the round was the complete set.
/// </summary>
public sealed record DirectoryBatch(IReadOnlyList<DirectoryChange> Changes, DirectoryRoundEnd? End = null);

/// <param name="Cursor">Opaque resume state (a Graph deltaLink, a file's hash); null to start from scratch next time.</param>
/// <param name="FullSet">True when the round listed every current doctor (first delta round, full resync, complete export): doctors of this source absent from it are leavers.</param>
public sealed record DirectoryRoundEnd(string? Cursor, bool FullSet);

/// <summary>What a source is, for admins: its id, kind and the designated body whose admins run it.</summary>
public sealed record DirectorySourceInfo(string Id, string Kind, DesignatedBodyCode DesignatedBody, string Description);

/// <summary>
/// The directory source port (docs/architecture.md#directory-sync): Microsoft Graph, or a file export. A source yields one round of
/// changes as a stream of batches, from a cursor; it keeps no state of its own between rounds.
/// </summary>
public interface IDirectorySource
{
    DirectorySourceInfo Info { get; }

    /// <summary>
    /// Reads one round from <paramref name="cursor"/> (null: the complete current set). Throws
    /// <see cref="DirectoryCursorExpiredException"/> when the source no longer accepts the cursor; anything else
    /// thrown is a failure of the round (nothing is lost: the cursor is not advanced).
    /// </summary>
    IAsyncEnumerable<DirectoryBatch> ReadRoundAsync(string? cursor, CancellationToken cancellationToken = default);
}

/// <summary>The source refused the stored cursor (Graph: 400 <c>syncStateNotFound</c> or 410 Gone): a full resync is needed.</summary>
public sealed class DirectoryCursorExpiredException : Exception
{
    public DirectoryCursorExpiredException()
    {
    }

    public DirectoryCursorExpiredException(string message)
        : base(message)
    {
    }

    public DirectoryCursorExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
