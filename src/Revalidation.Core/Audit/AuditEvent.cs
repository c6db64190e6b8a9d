using System.Text.Json;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Audit;

/// <summary>
/// Who changed what, when, with the change itself. Written by the store in the same transaction as the
/// change it describes. (The audit log may hold personal data; application logs never do.)
/// </summary>
public sealed record AuditEvent(
    Guid Id,
    DesignatedBodyCode DesignatedBody,
    Guid? DoctorId,
    string ActorId,
    string ActorRole,
    string Action,
    string Summary,
    DateTimeOffset OccurredAt,
    string? Change)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEvent Create(DesignatedBodyCode body, Guid? doctorId, Actor actor, string action, string summary, DateTimeOffset at, object? change = null) =>
        new(Guid.NewGuid(), body, doctorId, actor.UserId, actor.Role, action, summary, at, change is null ? null : JsonSerializer.Serialize(change, Json));
}

/// <summary>A query of one designated body's audit log.</summary>
public sealed record AuditQuery(Guid? DoctorId = null, string? ActorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 200);
