using Revalidation.Contracts;

namespace Revalidation.Api.Contracts;

// ---- directory sync (admin) ----

public sealed record DirectorySourceResponse(string Id, string Kind, string Description, SyncRunResponse? LastRun);

public sealed record SyncRunResponse(
    Guid Id,
    string SourceId,
    SyncMode Mode,
    SyncRunStatus Status,
    bool FullResync,
    string TriggeredBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int Seen,
    int Created,
    int Updated,
    int Left,
    int Reactivated,
    int Rejected,
    int Unchanged,
    int Skipped,
    string? Error,
    int PendingLeavers = 0);

/// <summary>A doctor a run would make a leaver (a held run, or a preview): who, so that an admin can check before confirming.</summary>
public sealed record DirectoryLeaverResponse(Guid DoctorId, string Name, string GmcNumber, string? Department);

/// <summary>
/// What a full run of a source would do now, nothing written (a dry run). <c>Error</c> says why the source could not be
/// read; then the counts are zero. <c>Leavers</c> lists at most <c>MaxListed</c> of <c>LeaverCount</c>.
/// </summary>
public sealed record DirectoryPreviewResponse(
    string SourceId,
    int Seen,
    int New,
    int Changed,
    int Unchanged,
    int Returning,
    int Rejected,
    int ActiveDoctors,
    int LeaverThreshold,
    int LeaverCount,
    bool WouldWaitForConfirmation,
    IReadOnlyList<DirectoryLeaverResponse> Leavers,
    string? Error)
{
    public const int MaxListed = 500;
}

public sealed record DataQualityIssueResponse(
    Guid Id,
    string SourceId,
    DataQualityIssueKind Kind,
    DataQualityIssueStatus Status,
    string Detail,
    string? Origin,
    string? ExternalId,
    Guid? DoctorId,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    int Occurrences,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolutionNote,
    IssueOwnerResponse? Owner = null,
    DateOnly? HiddenUntil = null,
    bool Hidden = false,
    IReadOnlyList<IssueHistoryEntryResponse>? History = null);

/// <summary>Who works an item (issue 16, item 8).</summary>
public sealed record IssueOwnerResponse(string UserId, string Name);

/// <summary>
/// One step of an item's history, oldest first: created (first seen), owner changed (<c>Owner</c> null when cleared),
/// note added (<c>Text</c>), hidden (<c>Until</c>), unhidden (<c>Text</c> says why when the product did it), resolved
/// (<c>Text</c> the resolution note). <c>Until</c> is the UK date the item comes back. <c>ByName</c> is empty when the product did it.
/// </summary>
public sealed record IssueHistoryEntryResponse(IssueHistoryKind Kind, DateTimeOffset At, string ByName, string? Text = null, DateOnly? Until = null, IssueOwnerResponse? Owner = null);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<IssueHistoryKind>))]
public enum IssueHistoryKind
{
    Created,
    OwnerChanged,
    NoteAdded,
    Hidden,
    Unhidden,
    Resolved,
}

/// <summary>Give an item an owner: <c>userId</c> "me" (the caller), another member of the team's user id with their <c>name</c>, or null to clear.</summary>
public sealed record IssueOwnerRequest(string? UserId, string? Name = null);

/// <summary>A note on an item: 1 to 2,000 characters; notes are kept, never changed.</summary>
public sealed record IssueNoteRequest(string? Note);

/// <summary>Leave an item out of the list until a date (after today, at most a year on); it comes back by itself then, or when the doctor's connection changes.</summary>
public sealed record IssueHideRequest(DateOnly? Until);

/// <summary>Run a source now; <c>Full</c> ignores the stored cursor (a full resync). Default Incremental.</summary>
public sealed record TriggerSyncRequest(SyncMode? Mode);

/// <summary>Resolving needs a note (1 to 2,000 characters): why the item is resolved.</summary>
public sealed record ResolveIssueRequest(string? Note);
