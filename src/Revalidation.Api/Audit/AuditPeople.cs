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
/// as it is, with the role in words. The same names answer a search by person or doctor (<see cref="AuditDirectory"/>).
/// </summary>
public static class AuditPeople
{
    /// <param name="known">The doctor the caller already loaded (one doctor's trail): their events need no read of the body's doctors.</param>
    public static async Task<IReadOnlyList<AuditEventResponse>> NamedAsync(
        ApiServices api, DesignatedBodyCode body, IReadOnlyList<AuditEvent> events, CancellationToken ct, (Guid Id, string Name)? known = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(events);
        var staff = await StaffAsync(api, body, ct);
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
            return Named(e, staff, doctor);
        })];
    }

    internal static async Task<Dictionary<string, string>> StaffAsync(ApiServices api, DesignatedBodyCode body, CancellationToken ct)
    {
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

        return staff;
    }

    internal static AuditEventResponse Named(AuditEvent e, Dictionary<string, string> staff, string? doctor) =>
        e.ToResponse() with { Summary = AuditWording.Plain(e.Summary), Who = Who(e, staff, doctor), Doctor = doctor };

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
        "System" => "automatic",
        "DirectorySync" => "directory sync",
        _ => role,
    };
}

/// <summary>
/// The body's staff and doctors, read once, for a page or an export of the admin audit log: names each event, and turns
/// a search for a person (name or user id) or a doctor (name or GMC number) into the ids the audit store filters by.
/// </summary>
public sealed class AuditDirectory
{
    private readonly Dictionary<string, string> staff;
    private readonly Dictionary<Guid, (string Name, string GivenName, string FamilyName, string GmcNumber)> doctors;

    private AuditDirectory(Dictionary<string, string> staff, Dictionary<Guid, (string, string, string, string)> doctors)
    {
        this.staff = staff;
        this.doctors = doctors;
    }

    public static async Task<AuditDirectory> LoadAsync(ApiServices api, DesignatedBodyCode body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(api);
        var staff = await AuditPeople.StaffAsync(api, body, ct);
        var doctors = (await api.DoctorStore.ListDoctorSummariesAsync(body, ct))
            .ToDictionary(d => d.Id, d => (d.DisplayName, d.GivenName, d.FamilyName, d.GmcNumber.Value));
        return new(staff, doctors);
    }

    /// <summary>People whose name or user id contains <paramref name="text"/> (any case), and the text itself as a user id.</summary>
    public IReadOnlyList<string> PeopleMatching(string text) =>
        [.. staff.Where(s => s.Key.Contains(text, StringComparison.OrdinalIgnoreCase) || s.Value.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key).Append(text).Distinct(StringComparer.Ordinal)];

    /// <summary>Doctors whose GMC number starts with <paramref name="text"/> or whose name contains it (any case, "Given Family" or "Family, Given").</summary>
    public IReadOnlyList<Guid> DoctorsMatching(string text) =>
        [.. doctors.Where(d => d.Value.GmcNumber.StartsWith(text, StringComparison.Ordinal)
                || d.Value.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                || $"{d.Value.GivenName} {d.Value.FamilyName}".Contains(text, StringComparison.OrdinalIgnoreCase)
                || $"{d.Value.FamilyName}, {d.Value.GivenName}".Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Key)];

    public string? GmcNumberOf(Guid? doctorId) => doctorId is { } id && doctors.TryGetValue(id, out var d) ? d.GmcNumber : null;

    public AuditEventResponse Name(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var doctor = e.DoctorId is { } id && doctors.TryGetValue(id, out var d) ? d.Name : null;
        return AuditPeople.Named(e, staff, doctor);
    }
}
