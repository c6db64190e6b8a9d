using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Sqlite.SqliteStoreMapping;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded adapter of <see cref="IDoctorStore"/>: each doctor one row of the SQLite file, its <see cref="StoreJson"/>
/// document, its summary, and a version number (the ETag). A save runs in one <c>BEGIN IMMEDIATE</c> transaction with
/// its audit rows, which takes the file's write lock up front, so the checks made inside it (version, id, GMC number)
/// cannot race with another connection or process. Nothing is ever deleted. Each save also takes its body's next
/// change number, by which the optional <see cref="DoctorSummaryCache"/> keeps list reads to what changed (ADR 0008).
/// </summary>
internal sealed partial class SqliteDoctorStore(
    IDbContextFactory<RevalidationDbContext> contexts,
    ILogger<SqliteDoctorStore> logger,
    DocumentSchemas schemas,
    DoctorSummaryCache? summaryCache = null) : IDoctorStore
{
    private const int SqliteConstraint = 19;

    private const int ParallelDeserialisationThreshold = 500;

    public async Task<DoctorRecord?> GetDoctorAsync(DesignatedBodyCode body, Guid doctorId, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        var id = KeyOf(doctorId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Doctors
            .Where(d => d.DesignatedBody == code && d.Id == id)
            .Select(d => new { d.Document, d.Version })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ToDoctor(row.Document, row.Version);
    }

    public async Task<DoctorRecord?> FindDoctorByGmcNumberAsync(DesignatedBodyCode body, GmcNumber gmcNumber, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        var gmc = gmcNumber.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Doctors
            .Where(d => d.DesignatedBody == code && d.GmcNumber == gmc)
            .Select(d => new { d.Document, d.Version })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ToDoctor(row.Document, row.Version);
    }

    public async Task<DoctorRecord?> FindDoctorByDirectoryIdAsync(DesignatedBodyCode body, string directoryId, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Doctors
            .Where(d => d.DesignatedBody == code && d.DirectoryId == directoryId)
            .OrderBy(d => d.Status)
            .Select(d => new { d.Document, d.Version })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToDoctor(row.Document, row.Version);
    }

    public async Task<IReadOnlyList<DoctorSummary>> ListDoctorSummariesAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (summaryCache is not { Enabled: true } cache)
        {
            // One query over the summary column only: the full documents are never read for a list.
            var summaries = await db.Doctors
                .Where(d => d.DesignatedBody == code)
                .Select(d => d.Summary)
                .ToListAsync(cancellationToken);
            return await CurrentAsync(db, code, DeserializeSummaries(summaries, cancellationToken), cancellationToken);
        }

        // The body's change marker (one index lookup), then only the rows written since the kept set's marker.
        // Writes take their numbers in commit order under the write lock, so the rows one query returns are
        // every change up to the largest number among them: the new set is complete up to that number.
        var marker = await db.Doctors.Where(d => d.DesignatedBody == code).MaxAsync(d => (long?)d.ChangeSeq, cancellationToken);
        if (marker is null)
        {
            return [];
        }

        var kept = cache.Get(code);
        if (kept is not null && kept.ChangeSeq >= marker)
        {
            return kept.Items;
        }

        var since = kept?.ChangeSeq ?? -1;
        var changed = await db.Doctors
            .Where(d => d.DesignatedBody == code && d.ChangeSeq > since)
            .Select(d => new { d.ChangeSeq, d.Summary })
            .ToListAsync(cancellationToken);
        var changedSummaries = await CurrentAsync(db, code, DeserializeSummaries(changed.ConvertAll(r => r.Summary), cancellationToken), cancellationToken);
        var upTo = changed.Count == 0 ? since : Math.Max(since, changed.Max(r => r.ChangeSeq));
        var entry = kept is null ? DoctorSummaryCache.Entry.Create(upTo, changedSummaries) : kept.With(upTo, changedSummaries);
        cache.Put(code, entry);
        return entry.Items;
    }

    public async Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        AuditEvent.EnsureAllBelongTo(doctor.DesignatedBody, audit);
        var row = ToRow(doctor, version: 1, schemas);
        var (code, id, gmc) = (row.DesignatedBody, row.Id, row.GmcNumber);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // R12: unique across the system, so this check spans every designated body.
        if (await db.Doctors.AnyAsync(d => d.GmcNumber == gmc && !(d.DesignatedBody == code && d.Id == id), cancellationToken))
        {
            LogDuplicateGmcNumber(logger, doctor.Id, code);
            return new SaveOutcome(SaveStatus.DuplicateGmcNumber);
        }

        // The body's next change number, taken under the write lock this transaction holds (see ChangeSeq).
        var changeSeq = (await db.Doctors.Where(d => d.DesignatedBody == code).MaxAsync(d => (long?)d.ChangeSeq, cancellationToken) ?? 0) + 1;
        long version;
        if (doctor.ETag is null)
        {
            if (await db.Doctors.AnyAsync(d => d.DesignatedBody == code && d.Id == id, cancellationToken))
            {
                return Conflict(logger, "doctor", doctor.Id.ToString());
            }

            version = row.Version;
            row.ChangeSeq = changeSeq;
            db.Doctors.Add(row);
        }
        else
        {
            if (!TryParseETag(doctor.ETag, out var expected))
            {
                return Conflict(logger, "doctor", doctor.Id.ToString());
            }

            version = expected + 1;
            var updated = await db.Doctors
                .Where(d => d.DesignatedBody == code && d.Id == id && d.Version == expected)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.GmcNumber, row.GmcNumber)
                        .SetProperty(d => d.Status, row.Status)
                        .SetProperty(d => d.FamilyName, row.FamilyName)
                        .SetProperty(d => d.DirectoryId, row.DirectoryId)
                        .SetProperty(d => d.Department, row.Department)
                        .SetProperty(d => d.Rsd, row.Rsd)
                        .SetProperty(d => d.Version, version)
                        .SetProperty(d => d.Summary, row.Summary)
                        .SetProperty(d => d.Document, row.Document)
                        .SetProperty(d => d.ChangeSeq, changeSeq),
                    cancellationToken);
            if (updated == 0)
            {
                return Conflict(logger, "doctor", doctor.Id.ToString());
            }
        }

        db.AuditEvents.AddRange(audit.Select(ToAuditRow));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } constraint)
        {
            // Not reachable while the write lock is held from the checks above; kept as the last line of defence.
            return constraint.Message.Contains("gmc_number", StringComparison.Ordinal)
                ? new SaveOutcome(SaveStatus.DuplicateGmcNumber)
                : Conflict(logger, "doctor", doctor.Id.ToString());
        }

        await transaction.CommitAsync(cancellationToken);

        var etag = ETagOf(version);
        doctor.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }

    /// <summary>Summaries as stored; one the current code cannot read is null (its record is read instead).</summary>
    private static DoctorSummary?[] DeserializeSummaries(List<string> summaries, CancellationToken cancellationToken)
    {
        var result = new DoctorSummary?[summaries.Count];
        if (summaries.Count < ParallelDeserialisationThreshold)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = StoredSummary.Read(summaries[i]);
            }

            return result;
        }

        // A whole caseload: deserialisation, not the query, is most of the time, so use every core.
        Parallel.For(0, summaries.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => result[i] = StoredSummary.Read(summaries[i]));
        return result;
    }

    /// <summary>
    /// A summary stored by an older schema version is computed again from its record, upgraded on read
    /// (docs/decisions/0016): the list is always of the current shape; the next save stores it.
    /// </summary>
    private async Task<DoctorSummary[]> CurrentAsync(RevalidationDbContext db, string code, DoctorSummary?[] summaries, CancellationToken cancellationToken)
    {
        var current = schemas.DoctorSummary.CurrentVersion;
        var stale = summaries.Where(s => s is null || s.SchemaVersion < current).ToList();
        if (stale.Count == 0)
        {
            return summaries!;
        }

        // Unreadable ones (null) are found by their ids in the documents; readable old ones by theirs.
        var staleIds = stale.OfType<DoctorSummary>().Select(s => KeyOf(s.Id)).ToList();
        var unreadable = stale.Any(s => s is null);
        var rows = await db.Doctors
            .Where(d => d.DesignatedBody == code && (unreadable || staleIds.Contains(d.Id)))
            .Select(d => new { d.Id, d.Document, d.Version, d.Summary })
            .ToListAsync(cancellationToken);
        var fresh = rows
            .Where(r => staleIds.Contains(r.Id) || StoredSummary.Read(r.Summary) is not { } summary || summary.SchemaVersion < current)
            .ToDictionary(r => r.Id, r => DoctorSummary.From(ToDoctor(r.Document, r.Version)) with { SchemaVersion = current }, StringComparer.Ordinal);
        return
        [
            .. summaries.Where(s => s is not null && s.SchemaVersion >= current).Select(s => s!),
            .. fresh.Values,
        ];
    }

    private DoctorRecord ToDoctor(string document, long version)
    {
        var doctor = schemas.Doctor.Read<DoctorRecord>(document);
        doctor.MarkPersisted(ETagOf(version));
        return doctor;
    }

    /// <summary>The row of a doctor: the document, its summary, and the columns copied out of them for keys and indexes.</summary>
    internal static DoctorRow ToRow(DoctorRecord doctor, long version, DocumentSchemas? schemas = null) => new()
    {
        DesignatedBody = doctor.DesignatedBody.Value,
        Id = KeyOf(doctor.Id),
        GmcNumber = doctor.GmcNumber.Value,
        Status = doctor.Status,
        FamilyName = doctor.FamilyName,
        DirectoryId = doctor.DirectoryId,
        Department = doctor.Department,
        Rsd = doctor.CurrentCycle?.Rsd,
        Version = version,
        Summary = (schemas ?? DocumentSchemas.Current).DoctorSummary.Write(DoctorSummary.From(doctor)),
        Document = (schemas ?? DocumentSchemas.Current).Doctor.Write(doctor),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite store: doctor {DoctorId} in {DesignatedBody} not saved: the GMC number belongs to another record (R12)")]
    private static partial void LogDuplicateGmcNumber(ILogger logger, Guid doctorId, string designatedBody);
}
