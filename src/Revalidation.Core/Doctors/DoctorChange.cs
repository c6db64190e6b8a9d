using Revalidation.Core.Common;

namespace Revalidation.Core.Doctors;

/// <summary>What the audit log says of one change: a stable action name, one line, and the change itself.</summary>
/// <param name="Action">A stable audit action name, e.g. "recommendation.submitted".</param>
/// <param name="Summary">One line for the audit log.</param>
/// <param name="Change">The change itself (request body or the new values), stored with the audit event.</param>
public sealed record AuditNote(string Action, string Summary, object? Change = null);

/// <summary>
/// One change to a doctor's record, for <see cref="DoctorRecordService"/>: the rule-checked mutation and what the audit
/// log says of it. A failed result changes nothing. A change that finds nothing to do (no notes) saves nothing.
/// </summary>
public sealed class DoctorChange
{
    private readonly Func<DoctorRecord, Result<IReadOnlyList<AuditNote>>> apply;

    /// <param name="action">A stable audit action name, e.g. "recommendation.submitted".</param>
    /// <param name="apply">The aggregate method(s) to call.</param>
    /// <param name="summary">One line for the audit log, written after the change succeeded.</param>
    /// <param name="auditChange">The change itself, stored with the audit event.</param>
    public DoctorChange(string action, Func<DoctorRecord, Result> apply, Func<DoctorRecord, string> summary, object? auditChange = null)
        : this(d =>
        {
            var result = apply(d);
            return result.IsSuccess ? Result<IReadOnlyList<AuditNote>>.Ok([new AuditNote(action, summary(d), auditChange)]) : result;
        }, audited: true)
    {
    }

    private DoctorChange(Func<DoctorRecord, Result<IReadOnlyList<AuditNote>>> apply, bool audited)
    {
        this.apply = apply;
        Audited = audited;
    }

    /// <summary>False for operational state that is audited by the step that follows it (a GMC submission's claim).</summary>
    public bool Audited { get; }

    /// <summary>A change that says itself what it changed: one note per thing changed, none when there was nothing to do.</summary>
    public static DoctorChange Noting(Func<DoctorRecord, Result<IReadOnlyList<AuditNote>>> apply) => new(apply, audited: true);

    /// <summary>
    /// Operational state kept in the record that is not itself a change of its content (the claim of a GMC submission
    /// for one attempt): saved without an audit event; the attempt's outcome is audited.
    /// </summary>
    public static DoctorChange Unaudited(Func<DoctorRecord, Result> apply) =>
        new(d =>
        {
            var result = apply(d);
            return result.IsSuccess ? Result<IReadOnlyList<AuditNote>>.Ok([]) : result;
        }, audited: false);

    internal Result<IReadOnlyList<AuditNote>> Apply(DoctorRecord doctor) => apply(doctor);
}
