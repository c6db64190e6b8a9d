using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.Doctors;

/// <summary>
/// The one path by which doctor records are created and changed, for HTTP handlers, jobs, the GMC services and the
/// directory sync alike (docs/decisions/0015): load from the caller's designated body, check the caller's ETag, apply a
/// rule-checked change, save with its audit events in the same write. A stale write is a conflict, never a silent
/// overwrite; a job whose change can safely be re-applied to a fresh copy asks for a bounded number of retries.
/// </summary>
/// <remarks>
/// Because every change passes here, this is also where a change of the doctor's connection (they join, leave or return,
/// the GMC's facts or their revalidation date move, the directory changes their details) brings back the data-quality
/// items hidden about them (hazard H61; <see cref="DirectorySync.IssueWork"/>).
/// </remarks>
public sealed class DoctorRecordService(IDoctorStore doctors, TimeProvider time, DirectorySync.IDirectorySyncStore? issues = null)
{
    /// <summary>Retries that jobs use for a change they can re-apply to a fresh copy of the record.</summary>
    public const int JobRetries = 5;

    public Task<DoctorRecord?> GetAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default) =>
        doctors.GetDoctorAsync(body, doctorId, cancellationToken);

    /// <param name="loaded">A record the caller already loaded (e.g. to check access); saves one read.</param>
    /// <param name="ifMatch">The ETag the client last saw, if it sent one; a different current ETag is a conflict.</param>
    /// <param name="retries">Re-applications to a fresh copy after a lost race (jobs); 0 for a person, who decides again.</param>
    public async Task<ServiceResult<DoctorRecord>> ChangeAsync(
        DesignatedBodyCode body,
        Guid doctorId,
        Actor actor,
        DoctorChange change,
        string? ifMatch = null,
        DoctorRecord? loaded = null,
        int retries = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (ifMatch is not null && retries > 0)
        {
            throw new ArgumentException("A change made against the ETag a person saw is never re-applied to another version.", nameof(retries));
        }

        for (var attempt = 0; ; attempt++)
        {
            var doctor = attempt == 0 && loaded is not null ? loaded : await doctors.GetDoctorAsync(body, doctorId, cancellationToken);
            if (doctor is null || doctor.DesignatedBody != body)
            {
                return ServiceResult<DoctorRecord>.NotFound("No such doctor in your designated body.");
            }

            if (actor.IsActingOnOwnRecord(doctor.DirectoryId))
            {
                // R20: an RO, appraiser, manager or admin who is also this doctor never acts on their own record.
                return ServiceResult<DoctorRecord>.Forbidden(RuleIds.ResponsibleOfficer, "doctorId",
                    "This is your own record. Nobody may act on their own record in a role other than doctor: ask a colleague, or the additional responsible officer.");
            }

            if (ifMatch is not null && ifMatch != doctor.ETag)
            {
                return ServiceResult<DoctorRecord>.Conflict("The record changed since you read it. Reload it and try again.", "Concurrency", "If-Match");
            }

            var before = ConnectionOf(doctor);
            var applied = change.Apply(doctor);
            if (!applied.IsSuccess)
            {
                return ServiceResult<DoctorRecord>.Invalid(applied.Outcome);
            }

            var notes = applied.Value!;
            if (notes.Count == 0 && change.Audited)
            {
                return ServiceResult<DoctorRecord>.Ok(doctor) with { Unchanged = true };
            }

            var saved = await doctors.SaveDoctorAsync(doctor, Audit(doctor, actor, notes), cancellationToken);
            if (saved.Status == SaveStatus.Conflict && attempt < retries)
            {
                continue;
            }

            if (saved.Status == SaveStatus.Saved && issues is not null && !Equals(ConnectionOf(doctor), before))
            {
                // H61: an item someone hid about this doctor must not stay hidden after their connection changed.
                await issues.UnhideIssuesOfDoctorAsync(doctor.DesignatedBody, doctor.Id, "The doctor's record or connection changed.", time.GetUtcNow(), CancellationToken.None);
            }

            return Outcome(saved, doctor);
        }
    }

    /// <summary>What counts as the doctor's connection for hidden items: status, identity, what the directory and the GMC hold.</summary>
    private static object ConnectionOf(DoctorRecord d) =>
        (d.Status, d.GmcNumber, d.DirectoryId, d.GivenName, d.FamilyName, d.Email, d.Department, d.Specialty, d.LeftOn, d.ConnectedOn, d.Gmc.Connection, d.CurrentCycle?.Rsd);

    /// <summary>Saves a new record (R12: the store refuses a second active record with its GMC number).</summary>
    public async Task<ServiceResult<DoctorRecord>> CreateAsync(DoctorRecord doctor, Actor actor, AuditNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        if (doctor.ETag is not null)
        {
            throw new ArgumentException("Only a record never saved can be created.", nameof(doctor));
        }

        return Outcome(await doctors.SaveDoctorAsync(doctor, Audit(doctor, actor, [note]), cancellationToken), doctor);
    }

    private AuditEvent[] Audit(DoctorRecord doctor, Actor actor, IReadOnlyList<AuditNote> notes) =>
        [.. notes.Select(n => AuditEvent.Create(doctor.DesignatedBody, doctor.Id, actor, n.Action, n.Summary, time.GetUtcNow(), n.Change))];

    private static ServiceResult<DoctorRecord> Outcome(SaveOutcome saved, DoctorRecord doctor) => saved.Status switch
    {
        SaveStatus.Saved => ServiceResult<DoctorRecord>.Ok(doctor),
        SaveStatus.DuplicateGmcNumber => ServiceResult<DoctorRecord>.Conflict("Another doctor already has this GMC reference number.", RuleIds.GmcNumberFormat, "gmcNumber"),
        _ => ServiceResult<DoctorRecord>.Conflict("Someone else changed this record at the same time. Reload it and try again.", "Concurrency", "etag"),
    };
}
