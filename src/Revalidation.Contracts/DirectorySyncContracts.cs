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
    string? ResolutionNote);

/// <summary>Run a source now; <c>Full</c> ignores the stored cursor (a full resync). Default Incremental.</summary>
public sealed record TriggerSyncRequest(SyncMode? Mode);

public sealed record ResolveIssueRequest(string? Note);
