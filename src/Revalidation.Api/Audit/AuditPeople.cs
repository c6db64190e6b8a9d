using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Gmc;

namespace Revalidation.Api.Audit;

/// <summary>
/// Who did what, in words (issue 15, item 7): an audit event names its actor by user id and role; a reader wants the
/// person ("Dr Alex Morgan, responsible officer"), the service ("Directory sync"), and the doctor whose record it is.
/// Names come from the designated body's staff and the body's doctors, read once per answer; an id nobody holds stays
/// as it is, with the role in words.
/// </summary>
public static class AuditPeople
{
    /// <param name="known">The doctor the caller already loaded (one doctor's trail): their events need no read of the body's doctors.</param>
    public static async Task<IReadOnlyList<AuditEventResponse>> NamedAsync(
        ApiServices api, DesignatedBodyCode body, IReadOnlyList<AuditEvent> events, CancellationToken ct, (Guid Id, string Name)? known = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(events);
        var staff = new Dictionary<string, string>(StringComparer.Ordinal);
        if (await api.Bodies.GetDesignatedBodyAsync(body, ct) is { } b)
        {
            foreach (var a in b.Appraisers)
            {
                staff.TryAdd(a.UserId, a.Name);
            }

            if (b.ResponsibleOfficer is { } ro)
            {
                staff[ro.UserId] = ro.Name;
            }
        }

        var doctors = events.Any(e => e.DoctorId is { } id && id != known?.Id)
            ? (await api.DoctorStore.ListDoctorSummariesAsync(body, ct)).ToDictionary(d => d.Id, d => d.DisplayName)
            : [];
        if (known is { } k)
        {
            doctors[k.Id] = k.Name;
        }

        return [.. events.Select(e =>
        {
            var doctor = e.DoctorId is { } id && doctors.TryGetValue(id, out var name) ? name : null;
            return e.ToResponse() with { Who = Who(e, staff, doctor), Doctor = doctor };
        })];
    }

    private static string Who(AuditEvent e, Dictionary<string, string> staff, string? doctor) => e.ActorRole switch
    {
        "System" => "Revalidation (automatic)",
        "DirectorySync" => "Directory sync",
        _ when e.ActorId == GmcSubmissionService.GmcActor.UserId => "GMC Connect",
        Actor.DoctorRole => doctor is null ? "The doctor" : $"{doctor} (the doctor)",
        _ => staff.TryGetValue(e.ActorId, out var name) ? $"{name}, {RoleWords(e.ActorRole)}" : $"{e.ActorId} ({RoleWords(e.ActorRole)})",
    };

    /// <summary>A role as people say it.</summary>
    public static string RoleWords(string role) => role switch
    {
        "ResponsibleOfficer" => "responsible officer",
        "MedicalDirector" => "medical director",
        "Admin" => "revalidation admin",
        "Appraiser" => "appraiser",
        "Doctor" => "doctor",
        "GmcConnect" => "GMC Connect",
        _ => role,
    };
}
