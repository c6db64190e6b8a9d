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

    /// <summary>
    /// For store adapters: audit events are written in the partition of the change they record, never another; a batch
    /// with an event of another designated body is a programming error and writes nothing.
    /// </summary>
    public static void EnsureAllBelongTo(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Any(a => a.DesignatedBody != body))
        {
            throw new ArgumentException("Every audit event must belong to the designated body of the change it records.", nameof(audit));
        }
    }
}

/// <summary>
/// A query of one designated body's audit log (<paramref name="Action"/>: one kind of event only). <paramref name="Matches"/>:
/// every one must hold (a search by person and by doctor); <paramref name="Skip"/> and <paramref name="Limit"/> page it, newest first.
/// </summary>
public sealed record AuditQuery(Guid? DoctorId = null, string? ActorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 200, string? Action = null,
    IReadOnlyList<AuditMatch>? Matches = null, int Skip = 0);

/// <summary>
/// An event matches when its actor is one of <paramref name="ActorIds"/> or its doctor one of <paramref name="DoctorIds"/>
/// (a search for a person or a doctor, resolved to ids from the staff and the doctors first). Both empty: nothing matches.
/// </summary>
public sealed record AuditMatch(IReadOnlyList<string> ActorIds, IReadOnlyList<Guid> DoctorIds);
