using Microsoft.Extensions.Options;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.Imports;

/// <summary>What one line of an import does (or did): a new record, an update, nothing (already the same), or refused.</summary>
public enum ToolkitImportOutcome
{
    New,
    Update,
    Skipped,
    Refused,
}

/// <summary>One line's outcome in plain words; a refused line names the CSV column at fault.</summary>
public sealed record ToolkitImportLine(int Line, string? GmcNumber, ToolkitImportOutcome Outcome, string Message, string? Column = null);

/// <summary>The outcome of a whole file, line by line.</summary>
public sealed record ToolkitImportReport(IReadOnlyList<ToolkitImportLine> Lines)
{
    public int Count(ToolkitImportOutcome outcome) => Lines.Count(l => l.Outcome == outcome);
}

/// <summary>
/// Issue 16, item 6: imports the appraisal toolkit's appraisals and feedback exercises, with the domain's own rules
/// (<see cref="AppraisalHistory.Import"/>, <see cref="Evidence.EvidencePortfolio.ImportFeedback"/>). The preview applies
/// each line to copies of the records it loads and saves nothing; apply does the same to each doctor's current record and
/// saves it, through <see cref="DoctorRecordService"/>, with a per-doctor audit event per change. Decision: only the good
/// lines apply, each doctor's lines in one write of that doctor's record (all or none of them); a refused line changes
/// nothing; and a re-run skips what is already there, so applying the same file twice changes nothing the second time.
/// </summary>
public sealed class ToolkitImportService(IDoctorStore store, DoctorRecordService records, IAuditLog audit, TimeProvider time, IOptions<RevalidationOptions> options)
{
    private RevalidationOptions Options => options.Value;

    public async Task<Result<ToolkitImportReport>> PreviewAsync(DesignatedBodyCode body, ToolkitImportKind kind, string text, Actor actor, CancellationToken cancellationToken)
    {
        var parsed = ToolkitImportCsv.Parse(kind, text, UkCalendar.Today(time), Options.AppraisalYearStartMonth);
        if (!parsed.IsSuccess)
        {
            return Result<ToolkitImportReport>.Fail(parsed.Outcome);
        }

        var lines = new List<ToolkitImportLine>();
        var loaded = new Dictionary<string, DoctorRecord?>(StringComparer.Ordinal);
        foreach (var row in parsed.Value!)
        {
            if (row.Read is not { } values)
            {
                lines.Add(Refused(row));
                continue;
            }

            if (!loaded.TryGetValue(values.Gmc.Value, out var doctor))
            {
                doctor = await store.FindDoctorByGmcNumberAsync(body, values.Gmc, cancellationToken);
                loaded[values.Gmc.Value] = doctor;
            }

            lines.Add(Unusable(row, doctor, actor) ?? Evaluate(doctor!, row, values).Line);
        }

        return new ToolkitImportReport(lines);
    }

    /// <summary>Applies the good lines (see the class), then audits the import as a whole: who, which file, the counts.</summary>
    public async Task<Result<ToolkitImportReport>> ApplyAsync(DesignatedBodyCode body, ToolkitImportKind kind, string text, string fileName, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var parsed = ToolkitImportCsv.Parse(kind, text, UkCalendar.Today(time), Options.AppraisalYearStartMonth);
        if (!parsed.IsSuccess)
        {
            return Result<ToolkitImportReport>.Fail(parsed.Outcome);
        }

        var lines = new Dictionary<int, ToolkitImportLine>();
        foreach (var group in parsed.Value!.GroupBy(r => r.Read?.Gmc.Value))
        {
            if (group.Key is null)
            {
                foreach (var row in group)
                {
                    lines[row.Line] = Refused(row);
                }

                continue;
            }

            var doctor = await store.FindDoctorByGmcNumberAsync(body, group.First().Read!.Gmc, cancellationToken);
            if (group.Select(r => Unusable(r, doctor, actor)).ToList() is var unusable && unusable[0] is not null)
            {
                foreach (var line in unusable)
                {
                    lines[line!.Line] = line;
                }

                continue;
            }

            // Each attempt starts again from the current record (a concurrent change re-applies the lines to a fresh copy).
            var outcome = new List<ToolkitImportLine>();
            var saved = await records.ChangeAsync(body, doctor!.Id, actor, DoctorChange.Noting(d =>
            {
                outcome.Clear();
                var notes = new List<AuditNote>();
                foreach (var row in group)
                {
                    var (line, note) = Evaluate(d, row, row.Read!);
                    outcome.Add(line);
                    if (note is not null)
                    {
                        notes.Add(note);
                    }
                }

                return notes;
            }), retries: DoctorRecordService.JobRetries, cancellationToken: cancellationToken);
            foreach (var line in outcome)
            {
                lines[line.Line] = saved.IsOk || line.Outcome is ToolkitImportOutcome.Refused or ToolkitImportOutcome.Skipped
                    ? line
                    : line with { Outcome = ToolkitImportOutcome.Refused, Column = "gmc_number", Message = "The doctor's record could not be saved just now; nothing of this line changed. Import the file again." };
            }
        }

        var report = new ToolkitImportReport([.. lines.Values.OrderBy(l => l.Line)]);
        var name = kind == ToolkitImportKind.Appraisals ? "appraisals" : "feedback exercises";
        await audit.AppendAuditAsync(body, [AuditEvent.Create(body, null, actor, $"import.{(kind == ToolkitImportKind.Appraisals ? "appraisals" : "feedback")}-applied",
            $"Appraisal toolkit {name} imported from {fileName}: {report.Count(ToolkitImportOutcome.New)} new, {report.Count(ToolkitImportOutcome.Update)} updated, {report.Count(ToolkitImportOutcome.Skipped)} already the same, {report.Count(ToolkitImportOutcome.Refused)} refused",
            time.GetUtcNow(), new
            {
                FileName = fileName,
                Lines = report.Lines.Count,
                New = report.Count(ToolkitImportOutcome.New),
                Updated = report.Count(ToolkitImportOutcome.Update),
                Skipped = report.Count(ToolkitImportOutcome.Skipped),
                Refused = report.Count(ToolkitImportOutcome.Refused),
            })], CancellationToken.None);
        return report;
    }

    private static ToolkitImportLine Refused(ToolkitImportRow row) =>
        new(row.Line, row.GmcNumber, ToolkitImportOutcome.Refused, row.Refusal!, row.RefusedColumn);

    /// <summary>Why no line of this doctor can apply: no such doctor in the body, a leaver, or the importer's own record (R20).</summary>
    private static ToolkitImportLine? Unusable(ToolkitImportRow row, DoctorRecord? doctor, Actor actor)
    {
        var gmc = row.Read!.Gmc.Value;
        string? why = doctor switch
        {
            null => $"No doctor with GMC number {gmc} is in your designated body's records. Check the number, or add the doctor first.",
            { Status: DoctorStatus.Leaver } => $"The doctor with GMC number {gmc} has left your designated body.",
            _ when actor.IsActingOnOwnRecord(doctor.DirectoryId) => "This is your own record: ask a colleague to import it.",
            _ => null,
        };
        return why is null ? null : new ToolkitImportLine(row.Line, gmc, ToolkitImportOutcome.Refused, why, "gmc_number");
    }

    /// <summary>Applies one line to the record (a failed line changes nothing) and says what it did, with the audit note of a change.</summary>
    private (ToolkitImportLine Line, AuditNote? Note) Evaluate(DoctorRecord doctor, ToolkitImportRow row, ToolkitImportRow.Values values)
    {
        var today = UkCalendar.Today(time);
        switch (values)
        {
            case ToolkitImportRow.Appraisal a:
            {
                var had = doctor.Appraisals.For(a.Year.StartYear)?.MeetingDate is not null;
                var result = doctor.Appraisals.Import(a.Year, a.MeetingDate, a.SignedOffOn, a.PdpAgreed, a.AppraiserName, a.AppraiserGmcNumber, a.Statements, today);
                if (!result.IsSuccess)
                {
                    return (Fail(row, result.Violations[0]), null);
                }

                // R14: outside 9 to 15 months of the previous appraisal, it is still imported, with the warning on its line.
                var window = AppraisalRules.WindowWarning(AppraisalRules.PreviousMeeting(doctor.Appraisals, a.Year.StartYear, a.MeetingDate), a.MeetingDate);
                var previous = doctor.Appraisals.For(a.Year.StartYear)?.ImportedFrom == AppraisalSource.PreviousBody ? " (at a previous designated body)" : string.Empty;
                var what = $"{(a.SignedOffOn is { } s ? $"meeting {a.MeetingDate:d MMMM yyyy}, signed off {s:d MMMM yyyy}" : $"meeting {a.MeetingDate:d MMMM yyyy}, not signed off")}{previous}";
                return result.Value switch
                {
                    ImportOutcome.Unchanged => (Line(row, ToolkitImportOutcome.Skipped, $"Skipped: the {a.Year.Label} appraisal is already recorded the same way."), null),
                    _ => (Line(row, had ? ToolkitImportOutcome.Update : ToolkitImportOutcome.New,
                            $"{(had ? "Update of" : "New")} appraisal {a.Year.Label} for {doctor.DisplayName}: {what}.{(window is null ? "" : $" {window}")}"),
                        new AuditNote(a.SignedOffOn is null ? "appraisal.imported" : "appraisal.imported-signed-off",
                            $"Appraisal {a.Year.Label} imported from the appraisal toolkit: {what}{(a.SignedOffOn is null ? "" : "; its evidence is locked")}",
                            new { a.Year.StartYear, a.MeetingDate, a.SignedOffOn, a.PdpAgreed, a.AppraiserName, a.AppraiserGmcNumber, Line = row.Line })),
                };
            }

            case ToolkitImportRow.Feedback f:
            {
                var kind = f.Type == SupportingInformationType.ColleagueFeedback ? "colleague" : "patient";
                var year = AppraisalYear.Containing(f.CompletedOn, Options.AppraisalYearStartMonth);
                var result = doctor.Evidence.ImportFeedback(f.Type, f.CompletedOn, f.Provider, Options.AppraisalYearStartMonth, time.GetUtcNow());
                if (!result.IsSuccess)
                {
                    return (Fail(row, result.Violations[0]), null);
                }

                var what = $"{kind} feedback exercise by {f.Provider.Trim()}, completed {f.CompletedOn:d MMMM yyyy} (appraisal year {year.Label})";
                return result.Value == ImportOutcome.Unchanged
                    ? (Line(row, ToolkitImportOutcome.Skipped, $"Skipped: the {what} is already in the supporting information."), null)
                    : (Line(row, ToolkitImportOutcome.New, $"New supporting information for {doctor.DisplayName}: {what}."),
                        new AuditNote("evidence.feedback-imported", $"Imported from the appraisal toolkit: {what}", new { Kind = kind, f.CompletedOn, f.Provider, Line = row.Line }));
            }

            default:
                throw new InvalidOperationException("Unknown import row.");
        }
    }

    private static ToolkitImportLine Line(ToolkitImportRow row, ToolkitImportOutcome outcome, string message) => new(row.Line, row.GmcNumber, outcome, message);

    private static ToolkitImportLine Fail(ToolkitImportRow row, RuleViolation violation) =>
        new(row.Line, row.GmcNumber, ToolkitImportOutcome.Refused, violation.Message, violation.Field);
}
