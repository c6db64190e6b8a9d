using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.Doctors;

/// <summary>One change to a doctor's record: the rule-checked mutation, and what the audit log says of it.</summary>
/// <param name="Action">A stable audit action name, e.g. "recommendation.submitted".</param>
/// <param name="Apply">The aggregate method(s) to call; a failed result changes nothing.</param>
/// <param name="Summary">One line for the audit log, written after the change succeeded.</param>
/// <param name="AuditChange">The change itself (request body or the new values), stored with the audit event.</param>
public sealed record DoctorChange(string Action, Func<DoctorRecord, Result> Apply, Func<DoctorRecord, string> Summary, object? AuditChange = null);

/// <summary>
/// The one path by which doctor records change, for HTTP handlers and jobs alike: load from the
/// caller's designated body, check the caller's ETag, apply a rule-checked change, save with the audit
/// event in the same write. Stale writes come back as conflicts, never as silent overwrites.
/// </summary>
public sealed class DoctorRecordService(IDoctorStore doctors, TimeProvider time)
{
    public Task<DoctorRecord?> GetAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default) =>
        doctors.GetDoctorAsync(body, doctorId, cancellationToken);

    /// <param name="loaded">A record the caller already loaded (e.g. to check access); saves one read.</param>
    /// <param name="ifMatch">The ETag the client last saw, if it sent one; a different current ETag is a conflict.</param>
    public async Task<ServiceResult<DoctorRecord>> ChangeAsync(
        DesignatedBodyCode body,
        Guid doctorId,
        Actor actor,
        DoctorChange change,
        string? ifMatch = null,
        DoctorRecord? loaded = null,
        CancellationToken cancellationToken = default)
    {
        var doctor = loaded ?? await doctors.GetDoctorAsync(body, doctorId, cancellationToken);
        if (doctor is null || doctor.DesignatedBody != body)
        {
            return ServiceResult<DoctorRecord>.NotFound("No such doctor in your designated body.");
        }

        if (ifMatch is not null && ifMatch != doctor.ETag)
        {
            return ServiceResult<DoctorRecord>.Conflict("The record changed since you read it. Reload it and try again.", "Concurrency", "If-Match");
        }

        var result = change.Apply(doctor);
        if (!result.IsSuccess)
        {
            return ServiceResult<DoctorRecord>.Invalid(result);
        }

        var audit = AuditEvent.Create(body, doctor.Id, actor, change.Action, change.Summary(doctor), time.GetUtcNow(), change.AuditChange);
        var saved = await doctors.SaveDoctorAsync(doctor, [audit], cancellationToken);
        return saved.Status switch
        {
            SaveStatus.Saved => ServiceResult<DoctorRecord>.Ok(doctor),
            SaveStatus.DuplicateGmcNumber => ServiceResult<DoctorRecord>.Conflict("Another doctor already has this GMC reference number.", RuleIds.GmcNumberFormat, "gmcNumber"),
            _ => ServiceResult<DoctorRecord>.Conflict("Someone else changed this record at the same time. Reload it and try again.", "Concurrency", "etag"),
        };
    }
}
