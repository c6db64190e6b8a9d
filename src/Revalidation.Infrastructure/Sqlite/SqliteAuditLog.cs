using Microsoft.EntityFrameworkCore;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Sqlite.SqliteStoreMapping;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded adapter of <see cref="IAuditLog"/>: the audit rows of the SQLite file. The events of a change are
/// written by the doctor and designated-body stores in the change's own transaction; this appends the others
/// (idempotently, by event id) and reads the log.
/// </summary>
internal sealed class SqliteAuditLog(IDbContextFactory<RevalidationDbContext> contexts) : IAuditLog
{
    /// <summary>The most audit events one query returns.</summary>
    public const int MaxAuditPage = 1_000;

    public async Task AppendAuditAsync(DesignatedBodyCode body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        AuditEvent.EnsureAllBelongTo(body, audit);
        if (audit.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = audit.Select(ToAuditRow).DistinctBy(r => r.Id).ToList();
        var ids = rows.ConvertAll(r => r.Id);
        var existing = await db.AuditEvents.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        db.AuditEvents.AddRange(rows.Where(r => !existing.Contains(r.Id)));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(db, body, query);
        var page = await rows
            .OrderByDescending(a => a.OccurredAt)
            .ThenByDescending(a => a.Seq)
            .Skip(Math.Max(query.Skip, 0))
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

    public async Task<int> CountAuditAsync(DesignatedBodyCode body, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Filtered(db, body, query).CountAsync(cancellationToken);
    }

    private static IQueryable<AuditEventRow> Filtered(RevalidationDbContext db, DesignatedBodyCode body, AuditQuery query)
    {
        var code = body.Value;
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

        if (query.Action is { } action)
        {
            rows = rows.Where(a => a.Action == action);
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

        foreach (var match in query.Matches ?? [])
        {
            var actors = match.ActorIds.Distinct(StringComparer.Ordinal).ToList();
            var doctors = match.DoctorIds.Distinct().Select(KeyOf).ToList();
            rows = rows.Where(a => actors.Contains(a.ActorId) || (a.DoctorId != null && doctors.Contains(a.DoctorId)));
        }

        return rows;
    }
}
