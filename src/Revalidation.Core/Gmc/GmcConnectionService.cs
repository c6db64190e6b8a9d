using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.Gmc;

public enum GmcConnectionAction
{
    Add,
    Remove,
}

/// <summary>The change reasons the GMC accepts (as NHS England's client sends them).</summary>
public static class GmcChangeReasons
{
    public static readonly IReadOnlyDictionary<string, string> Add = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = "The doctor has a connection with this designated body",
        ["2"] = "Conflict of interest",
    };

    public static readonly IReadOnlyDictionary<string, string> Remove = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = "Conflict of interest",
        ["2"] = "Doctor has retired",
        ["3"] = "The doctor does not have a connection with this designated body",
    };
}

/// <summary>What a one-click connection change did: the GMC's code and meaning, and whether the issue is resolved.</summary>
public sealed record GmcConnectionOutcome(bool Succeeded, string ReturnCode, string Meaning, DataQualityIssue Issue, bool Unavailable = false);

/// <summary>
/// The RO's one click on a reconciliation discrepancy (never automatic): <c>TryAddDoctor</c> for a doctor not connected at
/// the GMC, <c>TryRemoveDoctor</c> for a connection the directory does not know or a leaver's. A success resolves the
/// issue and writes an audit event (on the doctor's record, or on the body's when there is no record).
/// </summary>
public sealed class GmcConnectionService(DoctorRecordService records, IDesignatedBodyStore bodies, IAuditLog auditLog, IDirectorySyncStore issues, IGmcConnect gmc, TimeProvider time)
{
    public async Task<ServiceResult<GmcConnectionOutcome>> ChangeAsync(
        DesignatedBodyCode body, Guid issueId, GmcConnectionAction action, string? changeReason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var issue = await issues.GetIssueAsync(body, issueId, cancellationToken);
        if (issue is null || issue.DesignatedBody != body)
        {
            return ServiceResult<GmcConnectionOutcome>.NotFound("No such data-quality issue in your designated body.");
        }

        var reasons = action == GmcConnectionAction.Add ? GmcChangeReasons.Add : GmcChangeReasons.Remove;
        var reason = changeReason?.Trim();
        if (string.IsNullOrEmpty(reason) || !reasons.ContainsKey(reason))
        {
            return ServiceResult<GmcConnectionOutcome>.Invalid(RuleIds.Validation, "changeReason",
                $"A change reason is required: {string.Join("; ", reasons.Select(r => $"{r.Key} = {r.Value}"))}.");
        }

        var expected = action == GmcConnectionAction.Add
            ? new[] { DataQualityIssueKind.GmcNotConnected }
            : [DataQualityIssueKind.GmcConnectedNotInDirectory, DataQualityIssueKind.GmcLeaverStillConnected];
        if (!expected.Contains(issue.Kind) || issue.SourceId != GmcReconciliationService.SourceIdOf(body) || issue.ExternalId is null)
        {
            return ServiceResult<GmcConnectionOutcome>.Invalid(RuleIds.Connection, "issueId",
                $"This issue ({issue.Kind}) is not a GMC connection discrepancy that {action.ToString().ToLowerInvariant()} resolves.");
        }

        if (issue.Status != DataQualityIssueStatus.Open)
        {
            return ServiceResult<GmcConnectionOutcome>.Conflict("This issue is already resolved.");
        }

        if (gmc.ModeOf(body) != GmcMode.WebService)
        {
            return ServiceResult<GmcConnectionOutcome>.Invalid(RuleIds.Connection, "issueId",
                "Your designated body uses the manual route: change the connection in GMC Connect, then upload its list of doctors again.");
        }

        var change = new GmcConnectionChange($"REVAL-{action.ToString().ToUpperInvariant()}-{issue.Id:N}", issue.ExternalId, reason, actor.UserId.Length > 100 ? actor.UserId[..100] : actor.UserId);
        GmcConnectionAnswer answer;
        try
        {
            answer = action == GmcConnectionAction.Add
                ? await gmc.TryAddDoctorAsync(body, change, cancellationToken)
                : await gmc.TryRemoveDoctorAsync(body, change, cancellationToken);
        }
        catch (GmcUnavailableException ex)
        {
            return ServiceResult<GmcConnectionOutcome>.Ok(new GmcConnectionOutcome(false, string.Empty, $"The GMC's service did not answer ({ex.Kind}); nothing changed. Try again later.", issue, Unavailable: true));
        }

        var code = answer.Code;
        if (!code.IsSuccess)
        {
            return ServiceResult<GmcConnectionOutcome>.Ok(new GmcConnectionOutcome(false, code.Code, code.Meaning, issue));
        }

        var now = time.GetUtcNow();
        var verb = action == GmcConnectionAction.Add ? "added" : "removed";
        var summary = $"GMC connection {verb} for GMC number {issue.ExternalId} ({reasons[reason]})";
        var auditChange = new { issueId = issue.Id, action, changeReason = reason, gmcRequestId = answer.GmcRequestId, submissionDate = answer.SubmissionDate };
        var today = UkCalendar.Today(time);
        var bodyAudit = AuditEvent.Create(body, null, actor, $"gmc.connection-{verb}", summary, now, auditChange);
        var audited = issue.DoctorId is { } doctorId
            ? await SaveDoctorAsync(body, doctorId, action, answer, today, actor, new AuditNote($"doctor.gmc-connection-{verb}", summary, auditChange), bodyAudit, cancellationToken)
            : await SaveBodyAuditAsync(body, bodyAudit, cancellationToken);
        var resolved = await issues.ResolveIssueAsync(body, issue.Id, actor.UserId, $"Connection {verb} at the GMC (code 0).", now, cancellationToken);
        return ServiceResult<GmcConnectionOutcome>.Ok(new GmcConnectionOutcome(audited, code.Code, code.Meaning, resolved.Issue ?? issue));
    }

    /// <summary>The record follows what the GMC now holds; a doctor we no longer hold gets the body's audit event instead.</summary>
    private async Task<bool> SaveDoctorAsync(
        DesignatedBodyCode body, Guid doctorId, GmcConnectionAction action, GmcConnectionAnswer answer, DateOnly today, Actor actor, AuditNote note, AuditEvent bodyAudit, CancellationToken cancellationToken)
    {
        var change = new DoctorChange(note.Action, doctor => action == GmcConnectionAction.Add
                ? doctor.Gmc.Apply(new GmcConnectedDoctor(doctor.GmcNumber.Value, doctor.GivenName, doctor.FamilyName,
                    answer.SubmissionDate, null, today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), null,
                    null, null, null), today).Outcome
                : doctor.Gmc.MarkNotConnected(today).Outcome,
            _ => note.Summary,
            note.Change);

        // Not abandoned half-way: re-applied to a fresh copy after a concurrent change.
        var saved = await records.ChangeAsync(body, doctorId, actor, change, retries: DoctorRecordService.JobRetries, cancellationToken: CancellationToken.None);
        return saved.Status == ServiceStatus.NotFound ? await SaveBodyAuditAsync(body, bodyAudit, cancellationToken) : saved.IsOk;
    }

    /// <summary>An audit event about the body that changes no record (an upload, a connection change for a doctor we do not hold).</summary>
    public async Task<bool> SaveBodyAuditAsync(DesignatedBodyCode body, AuditEvent audit, CancellationToken cancellationToken)
    {
        if (await bodies.GetDesignatedBodyAsync(body, CancellationToken.None) is null)
        {
            return false;
        }

        await auditLog.AppendAuditAsync(body, [audit], CancellationToken.None);
        return true;
    }
}
