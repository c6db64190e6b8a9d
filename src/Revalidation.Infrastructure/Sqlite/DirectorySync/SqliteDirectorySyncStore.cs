using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Sqlite.DirectorySync;

/// <summary>
/// The embedded adapter of <see cref="IDirectorySyncStore"/>, in the main store's SQLite file. Writes run in one
/// transaction each (Microsoft.Data.Sqlite begins them IMMEDIATE: the file's write lock is taken up front).
/// </summary>
internal sealed class SqliteDirectorySyncStore(IDbContextFactory<DirectoryDbContext> contexts) : IDirectorySyncStore
{
    private const int MaxListLimit = 1_000;

    private static readonly string Open = DataQualityIssueStatus.Open.ToString();

    public async Task<string?> GetCursorAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Cursors.Where(c => c.SourceId == sourceId).Select(c => c.Cursor).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task SaveCursorAsync(string sourceId, string? cursor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var updatedAt = at.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO directory_cursors (source_id, cursor, updated_at) VALUES ({sourceId}, {cursor}, {updatedAt})
            ON CONFLICT(source_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """,
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DirectoryLink>> GetLinksAsync(string sourceId, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        if (externalIds.Count == 0)
        {
            return new Dictionary<string, DirectoryLink>(StringComparer.Ordinal);
        }

        var ids = externalIds.ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Links.Where(l => l.SourceId == sourceId && ids.Contains(l.ExternalId)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ExternalId, ToLink, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<DirectoryLink>> ListLinksAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Links.Where(l => l.SourceId == sourceId).ToListAsync(cancellationToken);
        return rows.ConvertAll(ToLink);
    }

    public async Task<IReadOnlyList<DirectoryLink>> ListActiveLinksAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Links.Where(l => l.SourceId == sourceId && l.Active).ToListAsync(cancellationToken);
        return rows.ConvertAll(ToLink);
    }

    public async Task SaveLinksAsync(IReadOnlyList<DirectoryLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var l in links)
        {
            var body = l.DesignatedBody.Value;
            var doctorId = KeyOf(l.DoctorId);
            var updatedAt = l.UpdatedAt.ToUnixTimeMilliseconds();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO directory_links (source_id, external_id, designated_body, doctor_id, gmc_number, active, fingerprint, updated_at)
                VALUES ({l.SourceId}, {l.ExternalId}, {body}, {doctorId}, {l.GmcNumber}, {l.Active}, {l.Fingerprint}, {updatedAt})
                ON CONFLICT(source_id, external_id) DO UPDATE SET designated_body = excluded.designated_body, doctor_id = excluded.doctor_id,
                  gmc_number = excluded.gmc_number, active = excluded.active, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
                """,
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SaveRunAsync(SyncRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var id = KeyOf(run.Id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Runs.AsTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
        {
            row = new SyncRunRow
            {
                Id = id,
                SourceId = run.SourceId,
                DesignatedBody = run.DesignatedBody.Value,
                Mode = run.Mode.ToString(),
                Status = run.Status.ToString(),
                TriggeredBy = run.TriggeredBy,
            };
            db.Runs.Add(row);
        }

        var c = run.Totals;
        row.Mode = run.Mode.ToString();
        row.Status = run.Status.ToString();
        row.FullResync = run.FullResync;
        row.StartedAt = run.StartedAt.ToUnixTimeMilliseconds();
        row.EndedAt = run.EndedAt?.ToUnixTimeMilliseconds();
        (row.Seen, row.Created, row.Updated, row.Left, row.Reactivated, row.Rejected, row.Unchanged, row.Skipped) =
            (c.Seen, c.Created, c.Updated, c.Left, c.Reactivated, c.Rejected, c.Unchanged, c.Skipped);
        row.Error = run.Error;
        row.PendingLeavers = run.PendingLeavers is { } leavers ? string.Join(',', leavers.Select(l => l.ToString("N"))) : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SyncRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var id = KeyOf(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : ToRun(row);
    }

    public async Task<IReadOnlyList<SyncRun>> ListRunsAsync(DesignatedBodyCode body, string? sourceId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Runs.Where(r => r.DesignatedBody == code);
        if (sourceId is not null)
        {
            rows = rows.Where(r => r.SourceId == sourceId);
        }

        var list = await rows.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxListLimit)).ToListAsync(cancellationToken);
        return list.ConvertAll(ToRun);
    }

    public async Task RaiseIssuesAsync(IReadOnlyList<DataQualityIssue> issues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One entry per key (the last wins), so that an insert never meets its own twin.
        foreach (var issue in issues.GroupBy(i => i.Key, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var lastSeen = issue.LastSeenAt.ToUnixTimeMilliseconds();
            var runId = issue.LastRunId is { } r ? KeyOf(r) : null;
            var doctorId = issue.DoctorId is { } d ? KeyOf(d) : null;
            var updated = await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE directory_issues SET last_seen_at = {lastSeen}, occurrences = occurrences + 1, detail = {issue.Detail}, origin = {issue.Origin},
                  last_run_id = {runId}, doctor_id = COALESCE({doctorId}, doctor_id)
                WHERE key = {issue.Key} AND status = 'Open'
                """,
                cancellationToken);
            if (updated == 0)
            {
                db.Issues.Add(ToRow(issue with { Status = DataQualityIssueStatus.Open }));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DataQualityIssue?> GetIssueAsync(DesignatedBodyCode body, Guid issueId, CancellationToken cancellationToken = default)
    {
        var id = KeyOf(issueId);
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Issues.SingleOrDefaultAsync(i => i.Id == id && i.DesignatedBody == code, cancellationToken);
        return row is null ? null : ToIssue(row);
    }

    public async Task<IReadOnlyList<DataQualityIssue>> ListIssuesAsync(DesignatedBodyCode body, DataQualityIssueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Issues.Where(i => i.DesignatedBody == code);
        if (query.Status is { } status)
        {
            var s = status.ToString();
            rows = rows.Where(i => i.Status == s);
        }

        if (query.SourceId is { } sourceId)
        {
            rows = rows.Where(i => i.SourceId == sourceId);
        }

        if (query.Owner == IssueOwnerFilter.Unassigned)
        {
            rows = rows.Where(i => i.OwnerId == null);
        }
        else if (query.Owner is { } owner)
        {
            rows = rows.Where(i => i.OwnerId == owner);
        }

        if (query is { Hidden: { } hidden, Now: { } now })
        {
            var at = now.ToUnixTimeMilliseconds();
            rows = hidden ? rows.Where(i => i.HiddenUntil != null && i.HiddenUntil > at) : rows.Where(i => i.HiddenUntil == null || i.HiddenUntil <= at);
        }

        var list = await rows.OrderByDescending(i => i.LastSeenAt).ThenBy(i => i.Key).Take(Math.Clamp(query.Limit, 1, MaxListLimit)).ToListAsync(cancellationToken);
        return list.ConvertAll(ToIssue);
    }

    public async Task<IReadOnlySet<string>> ListExternalIdsWithOpenIssuesAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Issues.Where(i => i.SourceId == sourceId && i.Status == Open && i.ExternalId != null)
            .Select(i => i.ExternalId!).Distinct().ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<ResolveOutcome> ResolveIssueAsync(DesignatedBodyCode body, Guid issueId, string resolvedBy, string? note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var id = KeyOf(issueId);
        var code = body.Value;
        var resolvedAt = at.ToUnixTimeMilliseconds();
        var resolved = DataQualityIssueStatus.Resolved.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Issues.Where(i => i.Id == id && i.DesignatedBody == code && i.Status == Open)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, resolved).SetProperty(i => i.ResolvedAt, resolvedAt)
                .SetProperty(i => i.ResolvedBy, resolvedBy).SetProperty(i => i.ResolutionNote, note), cancellationToken);
        var row = await db.Issues.SingleOrDefaultAsync(i => i.Id == id && i.DesignatedBody == code, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row is null
            ? new ResolveOutcome(ResolveStatus.NotFound)
            : new ResolveOutcome(changed == 1 ? ResolveStatus.Resolved : ResolveStatus.AlreadyResolved, ToIssue(row));
    }

    public async Task<IssueChangeOutcome> ChangeIssueAsync(
        DesignatedBodyCode body, Guid issueId, Func<DataQualityIssue, Result<DataQualityIssue>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var id = KeyOf(issueId);
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Issues.AsTracking().SingleOrDefaultAsync(i => i.Id == id && i.DesignatedBody == code, cancellationToken);
        if (row is null)
        {
            return new IssueChangeOutcome(IssueChangeStatus.NotFound);
        }

        var issue = ToIssue(row);
        if (issue.Status != DataQualityIssueStatus.Open)
        {
            return new IssueChangeOutcome(IssueChangeStatus.AlreadyResolved, issue);
        }

        var next = change(issue);
        if (!next.IsSuccess)
        {
            return new IssueChangeOutcome(IssueChangeStatus.Refused, issue, next.Outcome);
        }

        WriteWork(row, next.Value!);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssueChangeOutcome(IssueChangeStatus.Changed, ToIssue(row));
    }

    public async Task<int> UnhideIssuesOfDoctorAsync(DesignatedBodyCode body, Guid doctorId, string why, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var doctor = KeyOf(doctorId);
        var code = body.Value;
        var now = at.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.Issues.AsTracking()
            .Where(i => i.DoctorId == doctor && i.DesignatedBody == code && i.Status == Open && i.HiddenUntil != null && i.HiddenUntil > now)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            WriteWork(row, IssueWork.Unhidden(ToIssue(row), IssueWork.SystemUserId, string.Empty, why, at));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    public async Task<int> ResolveIssuesOfAsync(
        string sourceId, string externalId, IReadOnlyCollection<DataQualityIssueKind> kinds, string resolvedBy, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var names = kinds.Select(k => k.ToString()).ToArray();
        var resolvedAt = at.ToUnixTimeMilliseconds();
        var resolved = DataQualityIssueStatus.Resolved.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Issues.Where(i => i.SourceId == sourceId && i.ExternalId == externalId && i.Status == Open && names.Contains(i.Kind))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, resolved).SetProperty(i => i.ResolvedAt, resolvedAt)
                .SetProperty(i => i.ResolvedBy, resolvedBy).SetProperty(i => i.ResolutionNote, note), cancellationToken);
    }

    private static string KeyOf(Guid id) => id.ToString("D");

    /// <summary>Only the team's work columns: the sync's own fields are the sync's.</summary>
    private static void WriteWork(DataQualityIssueRow row, DataQualityIssue issue)
    {
        row.OwnerId = issue.Owner?.UserId;
        row.OwnerName = issue.Owner?.Name;
        row.HiddenUntil = issue.HiddenUntil?.ToUnixTimeMilliseconds();
        row.Work = issue.WorkHistory.Count == 0 ? null : JsonSerializer.Serialize(issue.WorkHistory, StoreJson.Options);
    }

    private static List<IssueEvent>? ReadWork(string? work) =>
        work is null ? null : JsonSerializer.Deserialize<List<IssueEvent>>(work, StoreJson.Options);

    private static DirectoryLink ToLink(DirectoryLinkRow r) => new(
        r.SourceId, r.ExternalId, DesignatedBodyCode.Parse(r.DesignatedBody), Guid.Parse(r.DoctorId), r.GmcNumber, r.Active, r.Fingerprint,
        DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt));

    private static SyncRun ToRun(SyncRunRow r) => new(
        Guid.Parse(r.Id),
        r.SourceId,
        DesignatedBodyCode.Parse(r.DesignatedBody),
        Enum.Parse<SyncMode>(r.Mode),
        r.TriggeredBy,
        DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
        Enum.Parse<SyncRunStatus>(r.Status),
        r.FullResync,
        r.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
        new SyncCounts(r.Seen, r.Created, r.Updated, r.Left, r.Reactivated, r.Rejected, r.Unchanged, r.Skipped),
        r.Error,
        r.PendingLeavers is null ? null : [.. r.PendingLeavers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)]);

    private static DataQualityIssue ToIssue(DataQualityIssueRow r) => new(
        Guid.Parse(r.Id),
        r.Key,
        r.SourceId,
        DesignatedBodyCode.Parse(r.DesignatedBody),
        Enum.Parse<DataQualityIssueKind>(r.Kind),
        r.ExternalId,
        r.DoctorId is { } d ? Guid.Parse(d) : null,
        r.Detail,
        r.Origin,
        DateTimeOffset.FromUnixTimeMilliseconds(r.FirstSeenAt),
        DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenAt),
        r.Occurrences,
        r.LastRunId is { } run ? Guid.Parse(run) : null,
        Enum.Parse<DataQualityIssueStatus>(r.Status),
        r.ResolvedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        r.ResolvedBy,
        r.ResolutionNote,
        r.OwnerId is { } owner ? new IssueOwner(owner, r.OwnerName ?? owner) : null,
        r.HiddenUntil is { } hidden ? DateTimeOffset.FromUnixTimeMilliseconds(hidden) : null,
        ReadWork(r.Work));

    private static DataQualityIssueRow ToRow(DataQualityIssue i) => new()
    {
        Id = KeyOf(i.Id),
        Key = i.Key,
        SourceId = i.SourceId,
        DesignatedBody = i.DesignatedBody.Value,
        Kind = i.Kind.ToString(),
        ExternalId = i.ExternalId,
        DoctorId = i.DoctorId is { } d ? KeyOf(d) : null,
        Detail = i.Detail,
        Origin = i.Origin,
        FirstSeenAt = i.FirstSeenAt.ToUnixTimeMilliseconds(),
        LastSeenAt = i.LastSeenAt.ToUnixTimeMilliseconds(),
        Occurrences = i.Occurrences,
        LastRunId = i.LastRunId is { } r ? KeyOf(r) : null,
        Status = i.Status.ToString(),
        ResolvedAt = i.ResolvedAt?.ToUnixTimeMilliseconds(),
        ResolvedBy = i.ResolvedBy,
        ResolutionNote = i.ResolutionNote,
        OwnerId = i.Owner?.UserId,
        OwnerName = i.Owner?.Name,
        HiddenUntil = i.HiddenUntil?.ToUnixTimeMilliseconds(),
        Work = i.WorkHistory.Count == 0 ? null : JsonSerializer.Serialize(i.WorkHistory, StoreJson.Options),
    };
}
