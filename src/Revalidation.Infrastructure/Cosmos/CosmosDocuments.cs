using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Cosmos;

// The items of the one container (docs/decisions/0011). Persistence shapes only: they never leave this folder.
// Every item has `id`, the partition key `designatedBodyId` and a `type`; aggregates are nested unchanged
// (StoreJson), next to the few properties that queries filter on.

internal static class ItemTypes
{
    public const string DesignatedBody = "designatedBody";
    public const string BodyRef = "bodyRef";
    public const string Doctor = "doctor";
    public const string Audit = "audit";
    public const string Alert = "alert";
    public const string Lease = "lease";
    public const string GmcClaim = "gmcClaim";

    /// <summary>The synthetic partition of what belongs to no designated body: the list of bodies, leases.</summary>
    public const string SystemPartition = "_system";

    /// <summary>The synthetic partition of GMC-number claims (R12 is unique across every body).</summary>
    public const string GmcPartition = "_gmc";

    public const string DesignatedBodyId = "designatedBody";

    public static string DoctorId(Guid id) => "doctor:" + id.ToString("D");

    public static Guid DoctorGuid(string itemId) => Guid.ParseExact(itemId["doctor:".Length..], "D");

    public static string AuditId(Guid id) => "audit:" + id.ToString("D");

    public static string BodyRefId(string code) => "body:" + Safe(code);

    public static string AlertId(string key) => "alert:" + Safe(key);

    public static string LeaseId(string name) => "lease:" + Safe(name);

    public static string GmcClaimId(string gmcNumber) => "gmc:" + gmcNumber;

    /// <summary>
    /// An id part from free text: kept as it is when short and plain, otherwise its SHA-256 (ids may not hold
    /// '/', '\', '?', '#' and are limited in length). The text itself is kept in the item.
    /// </summary>
    internal static string Safe(string value) =>
        value.Length <= 200 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.' or '@')
            ? value
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

/// <summary>What every item has.</summary>
internal abstract class ItemDocument
{
    public required string Id { get; set; }

    public required string DesignatedBodyId { get; set; }

    public required string Type { get; set; }

    /// <summary>Read from the server; never written (null is left out).</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; set; }
}

/// <summary>
/// An aggregate item. <see cref="PendingAudit"/> holds the audit events of its latest save, written in the same
/// single-item write (so atomically); they are then upserted as audit items and cleared (ADR 0011).
/// </summary>
internal abstract class AggregateDocument : ItemDocument
{
    public List<AuditDocument>? PendingAudit { get; set; }
}

internal sealed class DesignatedBodyDocument : AggregateDocument
{
    /// <summary>The designated body's document, with its schema version (docs/decisions/0016): upgraded on read.</summary>
    public required JsonObject Record { get; set; }
}

/// <summary>A designated body's entry in the list of bodies (partition <c>_system</c>): listing bodies is one single-partition query.</summary>
internal sealed class BodyRefDocument : ItemDocument
{
    public required string Code { get; set; }
}

internal sealed class DoctorDocument : AggregateDocument
{
    public required string GmcNumber { get; set; }

    public string? DirectoryId { get; set; }

    public DoctorStatus Status { get; set; }

    /// <summary>The list projection, written with the record in the same write: lists read only this.</summary>
    public required DoctorSummary Summary { get; set; }

    /// <summary>The record's document, with its schema version (docs/decisions/0016): upgraded on read.</summary>
    public required JsonObject Record { get; set; }
}

internal sealed class AuditDocument
{
    public required string Id { get; set; }

    public required string DesignatedBodyId { get; set; }

    public string Type { get; set; } = ItemTypes.Audit;

    public Guid EventId { get; set; }

    public string? DoctorId { get; set; }

    public required string ActorId { get; set; }

    public required string ActorRole { get; set; }

    public required string Action { get; set; }

    public required string Summary { get; set; }

    /// <summary>Unix time in milliseconds (UTC), so that it sorts and compares as a number.</summary>
    public long OccurredAt { get; set; }

    public string? Change { get; set; }

    public static AuditDocument From(AuditEvent e) => new()
    {
        Id = ItemTypes.AuditId(e.Id),
        DesignatedBodyId = e.DesignatedBody.Value,
        EventId = e.Id,
        DoctorId = e.DoctorId?.ToString("D"),
        ActorId = e.ActorId,
        ActorRole = e.ActorRole,
        Action = e.Action,
        Summary = e.Summary,
        OccurredAt = e.OccurredAt.ToUnixTimeMilliseconds(),
        Change = e.Change,
    };

    public AuditEvent ToEvent() => new(
        EventId,
        DesignatedBodyCode.Parse(DesignatedBodyId),
        DoctorId is null ? null : Guid.Parse(DoctorId),
        ActorId,
        ActorRole,
        Action,
        Summary,
        DateTimeOffset.FromUnixTimeMilliseconds(OccurredAt),
        Change);
}

/// <summary>An alert (an outbox message): the record nested, with copies of what the outbox queries filter and sort on.</summary>
internal sealed class AlertDocument : ItemDocument
{
    /// <summary>"No time": the largest instant, so that a missing claim never counts as expired.</summary>
    public const long Never = 253_402_300_799_999;

    public required string Key { get; set; }

    public string? DoctorId { get; set; }

    public required string DueOn { get; set; }

    public AlertState State { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>0 (at once) when none.</summary>
    public long NextAttemptAt { get; set; }

    /// <summary><see cref="Never"/> when none.</summary>
    public long ClaimedUntil { get; set; }

    /// <summary>The alert record as a versioned document (docs/decisions/0016, docs/decisions/0017): one the first release stored is upgraded on read.</summary>
    public required JsonObject Alert { get; set; }

    public static AlertDocument From(AlertRecord alert, DocumentSchema schema) => new()
    {
        Id = ItemTypes.AlertId(alert.Key),
        DesignatedBodyId = alert.DesignatedBody.Value,
        Type = ItemTypes.Alert,
        Key = alert.Key,
        DoctorId = alert.DoctorId?.ToString("D"),
        DueOn = alert.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        State = alert.State,
        CreatedAt = alert.CreatedAt.ToUnixTimeMilliseconds(),
        NextAttemptAt = alert.Delivery.NextAttemptAt?.ToUnixTimeMilliseconds() ?? 0,
        ClaimedUntil = alert.Delivery.ClaimedUntil?.ToUnixTimeMilliseconds() ?? Never,
        Alert = schema.ToDocument(alert with { ETag = null }),
    };

    public AlertRecord ToAlert(DocumentSchema schema) => schema.Read<AlertRecord>((JsonObject)Alert.DeepClone()) with { ETag = ETag };
}

/// <summary>The light projection the deadline scan reads.</summary>
internal sealed class AlertKeyDocument
{
    public required string Key { get; set; }

    public required string DoctorId { get; set; }

    public required string DueOn { get; set; }
}

internal sealed class LeaseDocument : ItemDocument
{
    public required string Name { get; set; }

    public required string Holder { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>R12: which doctor holds a GMC number (partition <c>_gmc</c>).</summary>
internal sealed class GmcClaimDocument : ItemDocument
{
    public required string GmcNumber { get; set; }

    public required string DoctorBody { get; set; }

    public Guid DoctorId { get; set; }

    /// <summary>Unix time in milliseconds (UTC).</summary>
    public long ClaimedAt { get; set; }
}
