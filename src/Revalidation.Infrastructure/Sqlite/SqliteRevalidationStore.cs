using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded adapter of <see cref="IRevalidationStore"/>: one SQLite file, aggregates as <see cref="StoreJson"/>
/// documents. The ETag is the row's version number. Every write runs in one <c>BEGIN IMMEDIATE</c> transaction,
/// which takes the file's write lock up front, so the checks made inside it (version, id, GMC number) cannot
/// race with another connection or process. Nothing is ever deleted. Each doctor write also takes its body's next
/// change number, by which the optional <see cref="DoctorSummaryCache"/> keeps list reads to what changed (ADR 0008).
/// </summary>
internal sealed partial class SqliteRevalidationStore(
    IDbContextFactory<RevalidationDbContext> contexts,
    ILogger<SqliteRevalidationStore> logger,
    DoctorSummaryCache? summaryCache = null) : IRevalidationStore
{
    /// <summary>The most audit events one query returns.</summary>
    public const int MaxAuditPage = 1_000;

    private const int SqliteConstraint = 19;

    private const int ParallelDeserialisationThreshold = 500;

    public async Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var codes = await db.DesignatedBodies.OrderBy(b => b.Code).Select(b => b.Code).ToListAsync(cancellationToken);
        return codes.ConvertAll(DesignatedBodyCode.Parse);
    }

    public async Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DesignatedBodies
            .Where(b => b.Code == code)
            .Select(b => new { b.Document, b.Version })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var result = Deserialize<DesignatedBody>(row.Document);
        result.MarkPersisted(ETagOf(row.Version));
        return result;
    }

    public async Task<SaveOutcome> SaveDesignatedBodyAsync(DesignatedBody body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        CheckAudit(body.Code, audit);
        var code = body.Code.Value;
        var document = JsonSerializer.Serialize(body, StoreJson.Options);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        long version;
        if (body.ETag is null)
        {
            if (await db.DesignatedBodies.AnyAsync(b => b.Code == code, cancellationToken))
            {
                return Conflict("designated body", code);
            }

            version = 1;
            db.DesignatedBodies.Add(new DesignatedBodyRow { Code = code, Name = body.Name, Version = version, Document = document });
        }
        else
        {
            if (!TryParseETag(body.ETag, out var expected))
            {
                return Conflict("designated body", code);
            }

            version = expected + 1;
            var name = body.Name;
            var updated = await db.DesignatedBodies
                .Where(b => b.Code == code && b.Version == expected)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.Name, name).SetProperty(b => b.Document, document).SetProperty(b => b.Version, version),
                    cancellationToken);
            if (updated == 0)
            {
                return Conflict("designated body", code);
            }
        }

        db.AuditEvents.AddRange(audit.Select(ToRow));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var etag = ETagOf(version);
        body.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }

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
            return DeserializeSummaries(summaries, cancellationToken);
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
        var changedSummaries = DeserializeSummaries(changed.ConvertAll(r => r.Summary), cancellationToken);
        var upTo = changed.Count == 0 ? since : Math.Max(since, changed.Max(r => r.ChangeSeq));
        var entry = kept is null ? DoctorSummaryCache.Entry.Create(upTo, changedSummaries) : kept.With(upTo, changedSummaries);
        cache.Put(code, entry);
        return entry.Items;
    }

    public async Task<SaveOutcome> SaveDoctorAsync(DoctorRecord doctor, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        CheckAudit(doctor.DesignatedBody, audit);
        var row = ToRow(doctor, version: 1);
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
                return Conflict("doctor", doctor.Id.ToString());
            }

            version = row.Version;
            row.ChangeSeq = changeSeq;
            db.Doctors.Add(row);
        }
        else
        {
            if (!TryParseETag(doctor.ETag, out var expected))
            {
                return Conflict("doctor", doctor.Id.ToString());
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
                return Conflict("doctor", doctor.Id.ToString());
            }
        }

        db.AuditEvents.AddRange(audit.Select(ToRow));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } constraint)
        {
            // Not reachable while the write lock is held from the checks above; kept as the last line of defence.
            return constraint.Message.Contains("gmc_number", StringComparison.Ordinal)
                ? new SaveOutcome(SaveStatus.DuplicateGmcNumber)
                : Conflict("doctor", doctor.Id.ToString());
        }

        await transaction.CommitAsync(cancellationToken);

        var etag = ETagOf(version);
        doctor.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.AuditEvents.Where(a => a.DesignatedBody == code);
        if (query.DoctorId is { } doctorId)
        {
            var id = KeyOf(doctorId);
            rows = rows.Where(a => a.DoctorId == id);
        }

        if (query.ActorId is { } actorId)
        {
            rows = rows.Where(a => a.ActorId == actorId);
        }

        if (query.From is { } from)
        {
            var fromMs = from.ToUnixTimeMilliseconds();
            rows = rows.Where(a => a.OccurredAt >= fromMs);
        }

        if (query.To is { } to)
        {
            var toMs = to.ToUnixTimeMilliseconds();
            rows = rows.Where(a => a.OccurredAt <= toMs);
        }

        var page = await rows
            .OrderByDescending(a => a.OccurredAt)
            .ThenByDescending(a => a.Seq)
            .Take(Math.Clamp(query.Limit, 1, MaxAuditPage))
            .ToListAsync(cancellationToken);
        return page.ConvertAll(a => new AuditEvent(
            Guid.Parse(a.Id),
            body,
            a.DoctorId is null ? null : Guid.Parse(a.DoctorId),
            a.ActorId,
            a.ActorRole,
            a.Action,
            a.Summary,
            DateTimeOffset.FromUnixTimeMilliseconds(a.OccurredAt),
            a.Change));
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts
            .Where(a => a.DesignatedBody == code)
            .OrderBy(a => a.CreatedAt)
            .ThenBy(a => a.Key)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(a => new AlertRecord(
            a.Key,
            body,
            a.DoctorId is null ? null : Guid.Parse(a.DoctorId),
            a.Recipient,
            a.Kind,
            a.DueOn,
            DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt),
            a.State,
            a.Detail));
    }

    public async Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(DesignatedBodyCode body, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.FirstOrDefault(a => a.DesignatedBody != body) is { } stray)
        {
            throw new ArgumentException($"Alert '{stray.Key}' belongs to another designated body.", nameof(alerts));
        }

        if (alerts.Count == 0)
        {
            return [];
        }

        var inserted = new List<AlertRecord>(alerts.Count);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var alert in alerts)
        {
            var doctorId = alert.DoctorId is { } d ? KeyOf(d) : null;
            var recipient = alert.Recipient.ToString();
            var dueOn = alert.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var createdAt = alert.CreatedAt.ToUnixTimeMilliseconds();
            var state = alert.State.ToString();

            // The key decides: a key already recorded (by a rerun, or by another process just now) is left alone.
            var rows = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO alerts (key, designated_body, doctor_id, recipient, kind, due_on, created_at, state, detail)
                VALUES ({alert.Key}, {body.Value}, {doctorId}, {recipient}, {alert.Kind}, {dueOn}, {createdAt}, {state}, {alert.Detail})
                ON CONFLICT(key) DO NOTHING
                """,
                cancellationToken);
            if (rows == 1)
            {
                inserted.Add(alert);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static string KeyOf(Guid id) => id.ToString("D");

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseETag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    private static DoctorSummary[] DeserializeSummaries(List<string> summaries, CancellationToken cancellationToken)
    {
        var result = new DoctorSummary[summaries.Count];
        if (summaries.Count < ParallelDeserialisationThreshold)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Deserialize<DoctorSummary>(summaries[i]);
            }

            return result;
        }

        // A whole caseload: deserialisation, not the query, is most of the time, so use every core.
        Parallel.For(0, summaries.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => result[i] = Deserialize<DoctorSummary>(summaries[i]));
        return result;
    }

    private static T Deserialize<T>(string json)
        where T : class =>
        JsonSerializer.Deserialize<T>(json, StoreJson.Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is empty.");

    private static DoctorRecord ToDoctor(string document, long version)
    {
        var doctor = Deserialize<DoctorRecord>(document);
        doctor.MarkPersisted(ETagOf(version));
        return doctor;
    }

    /// <summary>Audit events are written in the partition of the change they describe, never another.</summary>
    private static void CheckAudit(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Any(a => a.DesignatedBody != body))
        {
            throw new ArgumentException("Every audit event must belong to the designated body of the change it records.", nameof(audit));
        }
    }

    /// <summary>The row of a doctor: the document, its summary, and the columns copied out of them for keys and indexes.</summary>
    internal static DoctorRow ToRow(DoctorRecord doctor, long version) => new()
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
        Summary = JsonSerializer.Serialize(DoctorSummary.From(doctor), StoreJson.Options),
        Document = JsonSerializer.Serialize(doctor, StoreJson.Options),
    };

    private static AuditEventRow ToRow(AuditEvent e) => new()
    {
        Id = KeyOf(e.Id),
        DesignatedBody = e.DesignatedBody.Value,
        DoctorId = e.DoctorId is { } d ? KeyOf(d) : null,
        ActorId = e.ActorId,
        ActorRole = e.ActorRole,
        Action = e.Action,
        Summary = e.Summary,
        OccurredAt = e.OccurredAt.ToUnixTimeMilliseconds(),
        Change = e.Change,
    };

    private SaveOutcome Conflict(string kind, string key)
    {
        LogConflict(logger, kind, key);
        return new SaveOutcome(SaveStatus.Conflict);
    }

    // Ids and designated-body codes only: never names, GMC numbers or emails.
    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite store: {Kind} {Key} not saved: it changed since it was read, or already exists")]
    private static partial void LogConflict(ILogger logger, string kind, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite store: doctor {DoctorId} in {DesignatedBody} not saved: the GMC number belongs to another record (R12)")]
    private static partial void LogDuplicateGmcNumber(ILogger logger, Guid doctorId, string designatedBody);
}
