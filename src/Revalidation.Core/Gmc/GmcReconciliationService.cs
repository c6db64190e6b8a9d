using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.Gmc;

/// <param name="Listed">Doctors on the GMC's list.</param>
/// <param name="Updated">Records whose RSD, R10 flag or connection facts changed.</param>
public sealed record GmcReconciliationReport(
    DesignatedBodyCode DesignatedBody,
    int Listed,
    int Matched,
    int Updated,
    int NotInDirectory,
    int NotConnected,
    int LeaversStillConnected,
    int Resolved,
    string? Failure = null)
{
    public override string ToString() => Failure ?? $"{DesignatedBody}: listed {Listed}, matched {Matched}, updated {Updated}, not in directory {NotInDirectory}, not connected {NotConnected}, leavers still connected {LeaversStillConnected}, resolved {Resolved}";
}

/// <summary>
/// Connected-doctors reconciliation: the GMC's list of doctors connected to a body (<c>GetDoctorsForDB</c>, or the GMC
/// Connect list uploaded as CSV) against the body's records. Matched doctors get the GMC's RSD (R1), investigation
/// flags (R10) and under-notice flag; discrepancies go to the data-quality queue (source <c>gmc:{body}</c>, keyed by
/// GMC number, so a rerun updates rather than repeats them, and one no longer found is resolved).
/// </summary>
public sealed partial class GmcReconciliationService(
    IDoctorStore doctors,
    DoctorRecordService records,
    IAlertOutbox outbox,
    IDirectorySyncStore issues,
    IGmcConnect gmc,
    TimeProvider time,
    IOptions<GmcOptions> options,
    ILogger<GmcReconciliationService> logger)
{
    public static readonly DataQualityIssueKind[] Kinds =
        [DataQualityIssueKind.GmcConnectedNotInDirectory, DataQualityIssueKind.GmcNotConnected, DataQualityIssueKind.GmcLeaverStillConnected];

    public static string SourceIdOf(DesignatedBodyCode body) => $"gmc:{body}";

    /// <summary>The audit action of a reconciliation that changed only what the GMC says of the connection.</summary>
    public const string ReconciledAction = "doctor.gmc-reconciled";

    /// <summary>The audit action of a reconciliation that moved the revalidation date or changed the GMC's investigation or hold (issue 14, item 2).</summary>
    public const string ListChangedAction = "doctor.gmc-list-changed";

    /// <summary>Every web-service body, from <c>GetDoctorsForDB</c> (the nightly job).</summary>
    public async Task<IReadOnlyList<GmcReconciliationReport>> RunAllAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<GmcReconciliationReport>();
        foreach (var body in gmc.WebServiceBodies)
        {
            reports.Add(await RunFromGmcAsync(body, cancellationToken));
        }

        return reports;
    }

    public async Task<GmcReconciliationReport> RunFromGmcAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var today = UkCalendar.Today(time);
        GmcDoctorsAnswer answer;
        try
        {
            answer = await gmc.GetDoctorsForDbAsync(body, $"REVAL-DB-{body}-{time.GetUtcNow():yyyyMMddHHmmss}", options.Value.InternalUser, cancellationToken);
        }
        catch (GmcUnavailableException ex)
        {
            LogUnavailable(logger, body.Value, ex.Kind.ToString());
            return new GmcReconciliationReport(body, 0, 0, 0, 0, 0, 0, 0, $"{body}: the GMC's service did not answer ({ex.Kind}).");
        }

        if (!answer.Code.IsSuccess)
        {
            LogCode(logger, body.Value, answer.Code.Code);
            if (answer.Code.Kind == GmcCodeKind.Configuration)
            {
                await outbox.AddAlertsAsync(body, [GmcAlerts.ToAdmin(body, answer.Code, today, time.GetUtcNow())], cancellationToken);
            }

            return new GmcReconciliationReport(body, 0, 0, 0, 0, 0, 0, 0, $"{body}: GMC code {answer.Code.Code} ({answer.Code.Meaning})");
        }

        return await ReconcileAsync(body, answer.Doctors, "GetDoctorsForDB", GmcSubmissionService.GmcActor, cancellationToken);
    }

    /// <summary>The reconciliation itself, from whichever list (the web service's, or the uploaded CSV's).</summary>
    public async Task<GmcReconciliationReport> ReconcileAsync(DesignatedBodyCode body, IReadOnlyList<GmcConnectedDoctor> listed, string origin, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var today = UkCalendar.Today(time);
        var now = time.GetUtcNow();
        var sourceId = SourceIdOf(body);
        var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
        var records = summaries.GroupBy(s => s.GmcNumber.Value).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var onList = new Dictionary<string, GmcConnectedDoctor>(StringComparer.Ordinal);
        foreach (var doctor in listed)
        {
            if (GmcNumber.TryParse(doctor.GmcNumber?.Trim(), out var number))
            {
                onList.TryAdd(number.Value, doctor);
            }
        }

        var raised = new List<DataQualityIssue>();
        int matched = 0, updated = 0, notInDirectory = 0, notConnected = 0, leavers = 0;
        foreach (var (number, entry) in onList)
        {
            if (!records.TryGetValue(number, out var summary))
            {
                notInDirectory++;
                raised.Add(DataQualityIssue.Raise(sourceId, body, DataQualityIssueKind.GmcConnectedNotInDirectory, number, null,
                    $"GMC Connect lists GMC number {number} ({entry.FirstName} {entry.LastName}) as connected to {body}, but the directory has no such doctor. Remove the connection, or add the doctor to the directory.",
                    origin, now, null));
                continue;
            }

            matched++;
            if (summary.Status == DoctorStatus.Leaver)
            {
                leavers++;
                raised.Add(DataQualityIssue.Raise(sourceId, body, DataQualityIssueKind.GmcLeaverStillConnected, number, summary.Id,
                    $"{summary.DisplayName} left on {summary.LeftOn:d MMMM yyyy} but is still connected to {body} at the GMC. Remove the connection (R13).",
                    origin, now, null));
            }

            GmcListChange? change = null;
            if (await ApplyAsync(body, summary.Id, d => (change = d.Gmc.Apply(entry, today).Value) is { } c ? c.Changed : false, actor, origin, cancellationToken))
            {
                updated++;
            }

            if (change is { RefusedSubmissionDate: not null, RefusedBecause: { } why })
            {
                // R1: a list older than the last revalidation never moves the new cycle's date; someone must look.
                raised.Add(DataQualityIssue.Raise(sourceId, body, DataQualityIssueKind.GmcSubmissionDateRefused, number, summary.Id,
                    $"{summary.DisplayName}: {why} The date was not applied. Check the date in GMC Connect and enter it if it is right.", origin, now, null));
            }
        }

        foreach (var summary in summaries.Where(s => s.Status == DoctorStatus.Active && !onList.ContainsKey(s.GmcNumber.Value)))
        {
            notConnected++;
            raised.Add(DataQualityIssue.Raise(sourceId, body, DataQualityIssueKind.GmcNotConnected, summary.GmcNumber.Value, summary.Id,
                $"{summary.DisplayName} is in the directory of {body} but not connected to it at the GMC. Add the connection if the body is their designated body.",
                origin, now, null));
            if (await ApplyAsync(body, summary.Id, d => d.Gmc.MarkNotConnected(today).Value, actor, origin, cancellationToken))
            {
                updated++;
            }
        }

        await issues.RaiseIssuesAsync(raised, cancellationToken);
        var stillOpen = raised.Select(i => i.ExternalId!).ToHashSet(StringComparer.Ordinal);
        var resolved = 0;
        foreach (var externalId in await issues.ListExternalIdsWithOpenIssuesAsync(sourceId, cancellationToken))
        {
            if (!stillOpen.Contains(externalId))
            {
                resolved += await issues.ResolveIssuesOfAsync(sourceId, externalId, Kinds, actor.UserId, $"No longer a discrepancy at the reconciliation of {today:yyyy-MM-dd} ({origin}).", now, cancellationToken);
            }
        }

        var report = new GmcReconciliationReport(body, onList.Count, matched, updated, notInDirectory, notConnected, leavers, resolved);
        LogReport(logger, body.Value, onList.Count, matched, updated, notInDirectory, notConnected, leavers, resolved);
        return report;
    }

    /// <summary>
    /// Applies the GMC's facts to one record, audited per doctor: what the GMC's list changed (the RSD, the R10 flag, or
    /// only what the GMC says of the connection). A record the list does not change is not written.
    /// </summary>
    private async Task<bool> ApplyAsync(DesignatedBodyCode body, Guid doctorId, Func<DoctorRecord, bool> apply, Actor actor, string origin, CancellationToken cancellationToken)
    {
        var change = DoctorChange.Noting(doctor =>
        {
            var before = (doctor.CurrentCycle?.Rsd, doctor.CurrentCycle?.RsdConfirmed, doctor.Concerns.UnderGmcInvestigation, doctor.Concerns.GmcOnHold);
            if (!apply(doctor))
            {
                return Result<IReadOnlyList<AuditNote>>.Ok([]);
            }

            var after = (doctor.CurrentCycle?.Rsd, doctor.CurrentCycle?.RsdConfirmed, doctor.Concerns.UnderGmcInvestigation, doctor.Concerns.GmcOnHold);
            var english = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
            var connection = doctor.Gmc.Connection;
            var summary = before == after
                ? $"From the GMC's list ({origin}): what the GMC says of the connection changed (connected {(connection?.Connected == true ? "yes" : "no")}, under notice {(connection?.UnderNotice == true ? "yes" : "no")})"
                : $"From the GMC's list ({origin}): revalidation date {after.Rsd?.ToString("d MMMM yyyy", english) ?? "none"}{(after.RsdConfirmed == true ? " (confirmed)" : string.Empty)}, GMC investigation {(doctor.Concerns.GmcReportsInvestigation ? "yes" : "no")}, on hold {(doctor.Concerns.GmcOnHold ? "yes" : "no")}";

            // A moved date or a changed flag is what the RO must hear of (the next weekly digest lists these: ListChangedAction).
            return Result<IReadOnlyList<AuditNote>>.Ok([new AuditNote(before == after ? ReconciledAction : ListChangedAction, summary,
                new { rsd = after.Rsd, rsdConfirmed = after.RsdConfirmed, underGmcInvestigation = after.UnderGmcInvestigation, gmc = connection, origin })]);
        });
        var saved = await records.ChangeAsync(body, doctorId, actor, change, retries: DoctorRecordService.JobRetries, cancellationToken: cancellationToken);
        return saved.IsOk && !saved.Unchanged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GMC reconciliation of {Body}: {Listed} listed, {Matched} matched, {Updated} updated, {NotInDirectory} not in the directory, {NotConnected} not connected, {Leavers} leavers still connected, {Resolved} resolved")]
    private static partial void LogReport(ILogger logger, string body, int listed, int matched, int updated, int notInDirectory, int notConnected, int leavers, int resolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC reconciliation of {Body}: GetDoctorsForDB got no answer ({Kind})")]
    private static partial void LogUnavailable(ILogger logger, string body, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC reconciliation of {Body}: GetDoctorsForDB answered code {Code}")]
    private static partial void LogCode(ILogger logger, string body, string code);
}
