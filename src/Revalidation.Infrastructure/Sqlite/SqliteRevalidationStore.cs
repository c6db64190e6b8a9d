using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
        AuditEvent.EnsureAllBelongTo(body.Code, audit);
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
        AuditEvent.EnsureAllBelongTo(doctor.DesignatedBody, audit);
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

    public async Task AppendAuditAsync(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        AuditEvent.EnsureAllBelongTo(body, audit);
        if (audit.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = audit.Select(ToRow).DistinctBy(r => r.Id).ToList();
        var ids = rows.ConvertAll(r => r.Id);
        var existing = await db.AuditEvents.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        db.AuditEvents.AddRange(rows.Where(r => !existing.Contains(r.Id)));
        await db.SaveChangesAsync(cancellationToken);
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
        return rows.ConvertAll(a => ToAlert(a, body));
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

        // One prepared statement reused for every row, inside one transaction: a whole designated body's alerts
        // are one round trip's worth of work. The key decides: a key already recorded (by a rerun, or by another
        // process just now) is left alone, and only what this call inserted is returned.
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText =
            """
            INSERT INTO alerts (key, designated_body, doctor_id, recipient, kind, due_on, created_at, state, detail, refers_to,
                                attempts, next_attempt_at, claimed_until, sent_at, last_error, dead_lettered_at, version)
            VALUES ($key, $body, $doctor, $recipient, $kind, $due, $created, $state, $detail, $refers,
                    $attempts, $next, $claimed, $sent, $error, $dead, 1)
            ON CONFLICT(key) DO NOTHING
            """;
        var p = new Dictionary<string, System.Data.Common.DbParameter>(StringComparer.Ordinal);
        foreach (var name in new[] { "$key", "$body", "$doctor", "$recipient", "$kind", "$due", "$created", "$state", "$detail", "$refers", "$attempts", "$next", "$claimed", "$sent", "$error", "$dead" })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            p[name] = parameter;
        }

        await command.PrepareAsync(cancellationToken);
        p["$body"].Value = body.Value;
        foreach (var alert in alerts)
        {
            var d = alert.Delivery;
            p["$key"].Value = alert.Key;
            p["$doctor"].Value = alert.DoctorId is { } doctor ? KeyOf(doctor) : DBNull.Value;
            p["$recipient"].Value = alert.Recipient.ToString();
            p["$kind"].Value = alert.Kind;
            p["$due"].Value = Date(alert.DueOn);
            p["$created"].Value = alert.CreatedAt.ToUnixTimeMilliseconds();
            p["$state"].Value = alert.State.ToString();
            p["$detail"].Value = (object?)alert.Detail ?? DBNull.Value;
            p["$refers"].Value = alert.RefersTo is { } refers ? Date(refers) : DBNull.Value;
            p["$attempts"].Value = d.Attempts;
            p["$next"].Value = Millis(d.NextAttemptAt);
            p["$claimed"].Value = Millis(d.ClaimedUntil);
            p["$sent"].Value = Millis(d.SentAt);
            p["$error"].Value = (object?)d.LastError ?? DBNull.Value;
            p["$dead"].Value = Millis(d.DeadLetteredAt);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                inserted.Add(alert with { ETag = ETagOf(1) });
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    public async Task<IReadOnlyList<RecordedAlert>> ListDoctorAlertKeysAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);

        // Three columns read straight from the reader: a designated body can have hundreds of thousands of alerts.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT key, doctor_id, due_on FROM alerts WHERE designated_body = $body AND doctor_id IS NOT NULL";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$body";
        parameter.Value = body.Value;
        command.Parameters.Add(parameter);
        var result = new List<RecordedAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new RecordedAlert(
                reader.GetString(0),
                Guid.ParseExact(reader.GetString(1), "D"),
                DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return result;
    }

    public async Task<AlertRecord?> GetAlertAsync(DesignatedBodyCode body, string key, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Alerts.SingleOrDefaultAsync(a => a.DesignatedBody == code && a.Key == key, cancellationToken);
        return row is null ? null : ToAlert(row, body);
    }

    public async Task<IReadOnlyList<AlertRecord>> ListDeliverableAlertsAsync(DesignatedBodyCode body, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts
            .Where(a => a.DesignatedBody == code
                && ((a.State == AlertState.Pending && (a.NextAttemptAt == null || a.NextAttemptAt <= nowMs))
                    || (a.State == AlertState.Sending && a.ClaimedUntil <= nowMs)))
            .OrderBy(a => a.CreatedAt)
            .ThenBy(a => a.Key)
            .Take(Math.Max(1, limit))
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(a => ToAlert(a, body));
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsInStateAsync(DesignatedBodyCode body, AlertState state, int limit, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts
            .Where(a => a.DesignatedBody == code && a.State == state)
            .OrderByDescending(a => a.CreatedAt)
            .ThenByDescending(a => a.Key)
            .Take(Math.Max(1, limit))
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(a => ToAlert(a, body));
    }

    public async Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.ETag is null || !TryParseETag(alert.ETag, out var expected))
        {
            return Conflict("alert", alert.Key);
        }

        var (code, key, version) = (alert.DesignatedBody.Value, alert.Key, expected + 1);
        var d = alert.Delivery;
        var (next, claimed, sent, dead) = (MillisOrNull(d.NextAttemptAt), MillisOrNull(d.ClaimedUntil), MillisOrNull(d.SentAt), MillisOrNull(d.DeadLetteredAt));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Sent and skipped are final: whatever the caller holds, such a row never changes again.
        var updated = await db.Alerts
            .Where(a => a.DesignatedBody == code && a.Key == key && a.Version == expected
                && a.State != AlertState.Sent && a.State != AlertState.Skipped)
            .ExecuteUpdateAsync(
                s => s.SetProperty(a => a.State, alert.State)
                    .SetProperty(a => a.Attempts, d.Attempts)
                    .SetProperty(a => a.NextAttemptAt, next)
                    .SetProperty(a => a.ClaimedUntil, claimed)
                    .SetProperty(a => a.SentAt, sent)
                    .SetProperty(a => a.LastError, d.LastError)
                    .SetProperty(a => a.DeadLetteredAt, dead)
                    .SetProperty(a => a.Version, version),
                cancellationToken);
        return updated == 1 ? new SaveOutcome(SaveStatus.Saved, ETagOf(version)) : Conflict("alert", key);
    }

    public async Task<LeaseGrant?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var expires = now + duration;
        var (nowMs, expiresMs) = (now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One statement, atomic under SQLite's write lock: take a free or lapsed lease, or renew one's own.
        var rows = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO leases (name, holder, expires_at) VALUES ({name}, {holder}, {expiresMs})
            ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= {nowMs}
            """,
            cancellationToken);
        return rows == 1 ? new LeaseGrant(name, holder, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs)) : null;
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, 0L), cancellationToken);
    }

    private static AlertRecord ToAlert(AlertRow a, DesignatedBodyCode body) => new(
        a.Key,
        body,
        a.DoctorId is null ? null : Guid.Parse(a.DoctorId),
        a.Recipient,
        a.Kind,
        a.DueOn,
        DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt),
        a.State,
        a.Detail,
        a.RefersTo)
    {
        Delivery = a.Attempts == 0 && a.NextAttemptAt is null && a.ClaimedUntil is null && a.SentAt is null && a.LastError is null && a.DeadLetteredAt is null
            ? AlertDelivery.None
            : new AlertDelivery(a.Attempts, Time(a.NextAttemptAt), Time(a.ClaimedUntil), Time(a.SentAt), a.LastError, Time(a.DeadLetteredAt)),
        ETag = ETagOf(a.Version),
    };

    private static DateTimeOffset? Time(long? millis) => millis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static long? MillisOrNull(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private static object Millis(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
