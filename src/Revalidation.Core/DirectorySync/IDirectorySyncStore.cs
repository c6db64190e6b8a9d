using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.DirectorySync;

[JsonConverter(typeof(JsonStringEnumConverter<SyncMode>))]
public enum SyncMode
{
    /// <summary>From the stored cursor (a full round when there is none, or when the source refuses it).</summary>
    Incremental,
    /// <summary>Ignore the stored cursor: read the complete set, and make leavers of the doctors absent from it.</summary>
    Full,
}

[JsonConverter(typeof(JsonStringEnumConverter<SyncRunStatus>))]
public enum SyncRunStatus
{
    Running,
    Succeeded,
    Failed,
    /// <summary>
    /// A full set would have made more leavers than the leaver threshold (<see cref="DirectorySyncOptions.LeaverThresholdShare"/>):
    /// the round's other changes applied, nobody was made a leaver by absence, the cursor was not advanced, and the run's
    /// error lists how many and which doctor records would leave, for an admin to check and confirm.
    /// </summary>
    AwaitingConfirmation,
}

[JsonConverter(typeof(JsonStringEnumConverter<DataQualityIssueKind>))]
public enum DataQualityIssueKind
{
    /// <summary>R12: the GMC number attribute is missing or not exactly seven digits. No doctor is created.</summary>
    InvalidGmcNumber,
    /// <summary>R12: another doctor already has this GMC number. No second doctor is created.</summary>
    DuplicateGmcNumber,
    /// <summary>The directory changed the GMC number of a doctor we hold: the record keeps its number until an admin looks.</summary>
    GmcNumberChanged,
    /// <summary>No designated body mapping applies, or the mapped body is not set up in the product.</summary>
    UnknownDesignatedBody,
    /// <summary>R13: the directory maps the doctor to a different designated body; the connection moves only through GMC Connect.</summary>
    DesignatedBodyChanged,
    /// <summary>Names missing or too long, a bad date: the entry cannot become a record.</summary>
    InvalidDetails,
    /// <summary>A row or object the source could not read at all (a file row with too few fields, a user with no id).</summary>
    Unreadable,
    /// <summary>A doctor created from the directory has an estimated RSD: enter the date the GMC gives (R1).</summary>
    RsdToConfirm,
    /// <summary>R13: a doctor left the directory; the RO is told to remove the connection in GMC Connect.</summary>
    Leaver,
    /// <summary>GMC Connect lists the doctor as connected to the body, but the directory has no such doctor (the RO may remove the connection).</summary>
    GmcConnectedNotInDirectory,
    /// <summary>The directory has the doctor, but the GMC does not list them as connected to the body (the RO may add the connection).</summary>
    GmcNotConnected,
    /// <summary>R13: a leaver is still connected to the body at the GMC (the RO may remove the connection).</summary>
    GmcLeaverStillConnected,
    /// <summary>R1: a GMC list gave a submission date on or before the closed cycle's (a list older than the last revalidation): not applied.</summary>
    GmcSubmissionDateRefused,
    /// <summary>R20: the body's responsible officer is among its doctors (in England an RO is connected to the higher-level RO).</summary>
    ResponsibleOfficerIsDoctor,
    /// <summary>The entry's email is not one plain address (two addresses, a line break, a display name): the record is kept without it (docs/domain.md#alerts).</summary>
    InvalidEmail,
}

[JsonConverter(typeof(JsonStringEnumConverter<DataQualityIssueStatus>))]
public enum DataQualityIssueStatus
{
    Open,
    Resolved,
}

/// <summary>Counts of one run.</summary>
public sealed record SyncCounts(int Seen = 0, int Created = 0, int Updated = 0, int Left = 0, int Reactivated = 0, int Rejected = 0, int Unchanged = 0, int Skipped = 0);

/// <summary>
/// One run of a directory source through the sync engine (shown to admins; docs/domain.md#alerts "sync failed twice").
/// A run held by the leaver threshold lists in <see cref="PendingLeavers"/> the doctor records it would have made leavers,
/// so that the admin sees who before confirming (docs/decisions/0009-directory-sync.md).
/// </summary>
public sealed record SyncRun(
    Guid Id,
    string SourceId,
    DesignatedBodyCode DesignatedBody,
    SyncMode Mode,
    string TriggeredBy,
    DateTimeOffset StartedAt,
    SyncRunStatus Status = SyncRunStatus.Running,
    bool FullResync = false,
    DateTimeOffset? EndedAt = null,
    SyncCounts? Counts = null,
    string? Error = null,
    IReadOnlyList<Guid>? PendingLeavers = null)
{
    public SyncCounts Totals => Counts ?? new SyncCounts();
}

/// <summary>
/// Which doctor record a source's person became. Written by the engine after the record is saved, so that the next
/// round finds the record in one batched read, skips unchanged people by <see cref="Fingerprint"/>, and a full set
/// can tell which doctors are absent.
/// </summary>
public sealed record DirectoryLink(
    string SourceId,
    string ExternalId,
    DesignatedBodyCode DesignatedBody,
    Guid DoctorId,
    string GmcNumber,
    bool Active,
    string Fingerprint,
    DateTimeOffset UpdatedAt);

/// <summary>Something in the directory an admin must look at. At most one open issue per <see cref="Key"/>; a recurrence updates it.</summary>
public sealed record DataQualityIssue(
    Guid Id,
    string Key,
    string SourceId,
    DesignatedBodyCode DesignatedBody,
    DataQualityIssueKind Kind,
    string? ExternalId,
    Guid? DoctorId,
    string Detail,
    string? Origin,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    int Occurrences,
    Guid? LastRunId,
    DataQualityIssueStatus Status = DataQualityIssueStatus.Open,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null,
    string? ResolutionNote = null,
    IssueOwner? Owner = null,
    DateTimeOffset? HiddenUntil = null,
    IReadOnlyList<IssueEvent>? Work = null)
{
    /// <summary>A note (and a resolution note) has 1 to this many characters.</summary>
    public const int MaxNoteLength = IssueWork.MaxNoteLength;

    /// <summary>The team's work on the issue (owner changes, notes, hiding), oldest first; empty for an issue nobody has worked.</summary>
    [JsonIgnore]
    public IReadOnlyList<IssueEvent> WorkHistory => Work ?? [];

    /// <summary>Left out of the default list: hidden until a moment still to come (it comes back by itself then).</summary>
    public bool IsHiddenAt(DateTimeOffset now) => HiddenUntil is { } until && until > now;

    public static DataQualityIssue Raise(
        string sourceId, DesignatedBodyCode body, DataQualityIssueKind kind, string? externalId, Guid? doctorId, string detail, string? origin, DateTimeOffset at, Guid? runId) =>
        new(Guid.NewGuid(), KeyOf(sourceId, kind, externalId ?? origin ?? detail), sourceId, body, kind, externalId, doctorId, detail, origin, at, at, 1, runId);

    public static string KeyOf(string sourceId, DataQualityIssueKind kind, string subject) => $"{sourceId}/{kind}/{subject}";
}

/// <param name="Owner">Only issues owned by this user id; <see cref="IssueOwnerFilter.Unassigned"/> for those nobody owns; null for all.</param>
/// <param name="Hidden">With <paramref name="Now"/>: false leaves out the issues hidden at that moment, true lists only those; null lists both.</param>
public sealed record DataQualityIssueQuery(
    DataQualityIssueStatus? Status = DataQualityIssueStatus.Open,
    string? SourceId = null,
    int Limit = 200,
    string? Owner = null,
    bool? Hidden = null,
    DateTimeOffset? Now = null);

/// <summary>The owner filter's value for issues that nobody owns (never a user id: ids are directory object ids).</summary>
public static class IssueOwnerFilter
{
    public const string Unassigned = "\0unassigned";
}

public enum ResolveStatus
{
    Resolved,
    NotFound,
    AlreadyResolved,
}

public sealed record ResolveOutcome(ResolveStatus Status, DataQualityIssue? Issue = null);

/// <summary>
/// The directory sync's own persistence (cursors, links, runs, the data-quality queue), apart from the doctor
/// store: doctor records themselves change only through <see cref="Store.IDoctorStore"/>. Cursors, links and
/// runs are keyed by source; issues by designated body. A missing item is <c>null</c>.
/// </summary>
public interface IDirectorySyncStore
{
    Task<string?> GetCursorAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Saves (or, with null, clears) the source's cursor. The engine calls it only after a whole round is applied.</summary>
    Task SaveCursorAsync(string sourceId, string? cursor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The links of the given people of one source, in one round trip (absent ones are not in the result).</summary>
    Task<IReadOnlyDictionary<string, DirectoryLink>> GetLinksAsync(string sourceId, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken = default);

    /// <summary>Every link of the source (a full round reads them once instead of a query per page).</summary>
    Task<IReadOnlyList<DirectoryLink>> ListLinksAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>The source's links whose doctor is active as far as the sync knows: what a full set is compared with.</summary>
    Task<IReadOnlyList<DirectoryLink>> ListActiveLinksAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces links (by source and external id).</summary>
    Task SaveLinksAsync(IReadOnlyList<DirectoryLink> links, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a run (by id).</summary>
    Task SaveRunAsync(SyncRun run, CancellationToken cancellationToken = default);

    Task<SyncRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>The runs of the sources administered by <paramref name="body"/>, newest first.</summary>
    Task<IReadOnlyList<SyncRun>> ListRunsAsync(DesignatedBodyCode body, string? sourceId = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records issues: one whose key matches an open issue updates it (last seen, occurrences, detail, run) and keeps
    /// its id; otherwise it is inserted open. A resolved issue that recurs opens a new one.
    /// </summary>
    Task RaiseIssuesAsync(IReadOnlyList<DataQualityIssue> issues, CancellationToken cancellationToken = default);

    Task<DataQualityIssue?> GetIssueAsync(DesignatedBodyCode body, Guid issueId, CancellationToken cancellationToken = default);

    /// <summary>One designated body's issues, newest first.</summary>
    Task<IReadOnlyList<DataQualityIssue>> ListIssuesAsync(DesignatedBodyCode body, DataQualityIssueQuery query, CancellationToken cancellationToken = default);

    /// <summary>The external ids of the source that have an open issue (so that a fixed entry resolves them).</summary>
    Task<IReadOnlySet<string>> ListExternalIdsWithOpenIssuesAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Resolves an admin's issue; a resolved one stays resolved (history).</summary>
    Task<ResolveOutcome> ResolveIssueAsync(DesignatedBodyCode body, Guid issueId, string resolvedBy, string? note, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// The team's work on one open issue (<see cref="IssueWork"/>): reads it, applies <paramref name="change"/> (which
    /// returns the issue's next owner, hide-until and work history, or a refusal) and saves only those, atomically
    /// (re-applied to a fresh copy after a concurrent write). A resolved issue is <see cref="IssueChangeStatus.AlreadyResolved"/>.
    /// </summary>
    Task<IssueChangeOutcome> ChangeIssueAsync(DesignatedBodyCode body, Guid issueId, Func<DataQualityIssue, Result<DataQualityIssue>> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// The doctor's connection changed (joined, left, returned, a new GMC list or the directory changed them): their open
    /// issues hidden after <paramref name="at"/> come back now, each with an "unhidden" entry saying why. Returns how many.
    /// </summary>
    Task<int> UnhideIssuesOfDoctorAsync(DesignatedBodyCode body, Guid doctorId, string why, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Resolves the source's open issues of the given kinds about one person (the directory fixed them). Returns how many.</summary>
    Task<int> ResolveIssuesOfAsync(string sourceId, string externalId, IReadOnlyCollection<DataQualityIssueKind> kinds, string resolvedBy, string note, DateTimeOffset at, CancellationToken cancellationToken = default);
}
