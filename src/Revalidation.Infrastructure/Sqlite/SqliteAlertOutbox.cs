using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Sqlite.SqliteStoreMapping;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded adapter of <see cref="IAlertOutbox"/>: the alert rows of the SQLite file, one per key (its primary key),
/// each with a version number (the ETag) that every delivery update must match (docs/decisions/0010).
/// </summary>
internal sealed class SqliteAlertOutbox(
    IDbContextFactory<RevalidationDbContext> contexts,
    ILogger<SqliteAlertOutbox> logger,
    DocumentSchemas schemas) : IAlertOutbox
{
    private readonly DocumentSchema schema = schemas.Alert;

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
            var (kind, detail) = SqliteAlertContent.Write(alert, schema);
            p["$kind"].Value = kind;
            p["$due"].Value = Date(alert.DueOn);
            p["$created"].Value = alert.CreatedAt.ToUnixTimeMilliseconds();
            p["$state"].Value = alert.State.ToString();
            p["$detail"].Value = detail;
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
        return row is null ? null : ToAlert(row, body, schema);
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
        return rows.ConvertAll(a => ToAlert(a, body, schema));
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
        return rows.ConvertAll(a => ToAlert(a, body, schema));
    }

    public async Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.ETag is null || !TryParseETag(alert.ETag, out var expected))
        {
            return Conflict(logger, "alert", alert.Key);
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
        return updated == 1 ? new SaveOutcome(SaveStatus.Saved, ETagOf(version)) : Conflict(logger, "alert", key);
    }

    private static AlertRecord ToAlert(AlertRow a, DesignatedBodyCode body, DocumentSchema schema)
    {
        var (kind, facts) = SqliteAlertContent.Read(a.Key, a.Kind, a.Detail, schema);
        return new(
            a.Key,
            body,
            a.DoctorId is null ? null : Guid.Parse(a.DoctorId),
            a.Recipient,
            kind,
            a.DueOn,
            DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt),
            a.State,
            facts,
            a.RefersTo)
        {
            Delivery = a.Attempts == 0 && a.NextAttemptAt is null && a.ClaimedUntil is null && a.SentAt is null && a.LastError is null && a.DeadLetteredAt is null
                ? AlertDelivery.None
                : new AlertDelivery(a.Attempts, Time(a.NextAttemptAt), Time(a.ClaimedUntil), Time(a.SentAt), a.LastError, Time(a.DeadLetteredAt)),
            ETag = ETagOf(a.Version),
        };
    }

    private static DateTimeOffset? Time(long? millis) => millis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static long? MillisOrNull(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private static object Millis(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
