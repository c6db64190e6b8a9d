namespace Revalidation.Infrastructure.Sqlite.DirectorySync;

// Persistence shapes of the directory sync store only: they never leave this folder. Times are Unix milliseconds
// (UTC) so that they sort and compare as numbers in SQLite; ids are GUID "D" strings.

internal sealed class DirectoryCursorRow
{
    public required string SourceId { get; set; }

    public string? Cursor { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class DirectoryLinkRow
{
    public required string SourceId { get; set; }

    public required string ExternalId { get; set; }

    public required string DesignatedBody { get; set; }

    public required string DoctorId { get; set; }

    public required string GmcNumber { get; set; }

    public bool Active { get; set; }

    public required string Fingerprint { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class SyncRunRow
{
    public required string Id { get; set; }

    public required string SourceId { get; set; }

    public required string DesignatedBody { get; set; }

    public required string Mode { get; set; }

    public required string Status { get; set; }

    public bool FullResync { get; set; }

    public required string TriggeredBy { get; set; }

    public long StartedAt { get; set; }

    public long? EndedAt { get; set; }

    public int Seen { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Left { get; set; }

    public int Reactivated { get; set; }

    public int Rejected { get; set; }

    public int Unchanged { get; set; }

    public int Skipped { get; set; }

    public string? Error { get; set; }

    /// <summary>A held run's would-be leavers: doctor record ids, comma-separated (null when the run was not held).</summary>
    public string? PendingLeavers { get; set; }
}

internal sealed class DataQualityIssueRow
{
    public required string Id { get; set; }

    public required string Key { get; set; }

    public required string SourceId { get; set; }

    public required string DesignatedBody { get; set; }

    public required string Kind { get; set; }

    public string? ExternalId { get; set; }

    public string? DoctorId { get; set; }

    public required string Detail { get; set; }

    public string? Origin { get; set; }

    public long FirstSeenAt { get; set; }

    public long LastSeenAt { get; set; }

    public int Occurrences { get; set; }

    public string? LastRunId { get; set; }

    public required string Status { get; set; }

    public long? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public string? ResolutionNote { get; set; }

    /// <summary>The owner's user id and name (null when nobody owns the issue; issue 16, item 8).</summary>
    public string? OwnerId { get; set; }

    public string? OwnerName { get; set; }

    /// <summary>Left out of the default list until then (Unix milliseconds); null when not hidden.</summary>
    public long? HiddenUntil { get; set; }

    /// <summary>The team's work history (owner changes, notes, hiding) as a JSON array of <c>IssueEvent</c>; null for none.</summary>
    public string? Work { get; set; }
}
