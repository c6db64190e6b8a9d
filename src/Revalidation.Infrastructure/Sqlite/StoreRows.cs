using Revalidation.Core.Alerts;
using Revalidation.Core.Common;

namespace Revalidation.Infrastructure.Sqlite;

// Persistence shapes only: they never leave this folder. Aggregates live in `document` (StoreJson);
// the other columns are copies for keys, uniqueness, filters and indexes.

internal sealed class DesignatedBodyRow
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public long Version { get; set; }

    public required string Document { get; set; }
}

internal sealed class DoctorRow
{
    public required string DesignatedBody { get; set; }

    public required string Id { get; set; }

    public required string GmcNumber { get; set; }

    public DoctorStatus Status { get; set; }

    public required string FamilyName { get; set; }

    /// <summary>The directory object id: how a signed-in doctor's record is found.</summary>
    public string? DirectoryId { get; set; }

    public string? Department { get; set; }

    public DateOnly? Rsd { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// <c>DoctorSummary.From(doctor)</c> as JSON, written with the same version as the document. Declared (so
    /// created) before <see cref="Document"/>: SQLite stores a row's columns in order, and a large document
    /// spills into overflow pages that a list reading only summaries then never touches.
    /// </summary>
    public required string Summary { get; set; }

    public required string Document { get; set; }

    /// <summary>
    /// Where this row's last write stands among the writes to its designated body's doctors: 1, 2, 3… in commit
    /// order (0 for rows written before the column existed). The largest is the body's change marker; the rows
    /// above a number are what changed since (<see cref="DoctorSummaryCache"/>).
    /// </summary>
    public long ChangeSeq { get; set; }
}

internal sealed class AuditEventRow
{
    public long Seq { get; set; }

    public required string Id { get; set; }

    public required string DesignatedBody { get; set; }

    public string? DoctorId { get; set; }

    public required string ActorId { get; set; }

    public required string ActorRole { get; set; }

    public required string Action { get; set; }

    public required string Summary { get; set; }

    /// <summary>Unix time in milliseconds (UTC), so that it sorts and compares as a number.</summary>
    public long OccurredAt { get; set; }

    public string? Change { get; set; }
}

internal sealed class AlertRow
{
    public required string Key { get; set; }

    public required string DesignatedBody { get; set; }

    public string? DoctorId { get; set; }

    public AlertRecipient Recipient { get; set; }

    public required string Kind { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long CreatedAt { get; set; }

    public AlertState State { get; set; }

    public string? Detail { get; set; }

    public DateOnly? RefersTo { get; set; }

    /// <summary>The outbox: send attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Unix time in milliseconds (UTC); null = at once.</summary>
    public long? NextAttemptAt { get; set; }

    /// <summary>Unix time in milliseconds (UTC): while sending, when the claim expires.</summary>
    public long? ClaimedUntil { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long? SentAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long? DeadLetteredAt { get; set; }

    /// <summary>The ETag: every delivery step is conditional on it.</summary>
    public long Version { get; set; }
}

/// <summary>A named lease (the single active scheduler), outside every designated body.</summary>
internal sealed class LeaseRow
{
    public required string Name { get; set; }

    public required string Holder { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long ExpiresAt { get; set; }
}
