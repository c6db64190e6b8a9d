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
    string? Error);

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
