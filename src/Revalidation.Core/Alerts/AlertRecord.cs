using System.Text.Json.Serialization;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertRecipient>))]
public enum AlertRecipient
{
    Doctor,
    ResponsibleOfficer,
    MedicalDirector,
    Admin,
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    /// <summary>To be sent (delivery is the outbox's job).</summary>
    Pending,
    /// <summary>Passed while the scan could not run; a more urgent alert of the same series was sent instead.</summary>
    Skipped,
}

/// <summary>
/// An alert, recorded once per deterministic <see cref="Key"/> (DESIGN.md §4). The store refuses a
/// second record with the same key, which is what makes alerts exactly-once under reruns and races.
/// </summary>
public sealed record AlertRecord(
    string Key,
    DesignatedBodyCode DesignatedBody,
    Guid? DoctorId,
    AlertRecipient Recipient,
    string Kind,
    DateOnly DueOn,
    DateTimeOffset CreatedAt,
    AlertState State,
    string? Detail = null);
