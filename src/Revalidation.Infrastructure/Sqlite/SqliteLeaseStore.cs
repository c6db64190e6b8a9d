using Microsoft.EntityFrameworkCore;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>The embedded adapter of <see cref="ILeaseStore"/>: the lease rows of the SQLite file, each take or renewal one atomic statement.</summary>
internal sealed class SqliteLeaseStore(IDbContextFactory<RevalidationDbContext> contexts) : ILeaseStore
{
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
}
