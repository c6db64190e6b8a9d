using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Prepares the database file once, at start-up and before any other hosted service starts: WAL journal mode
/// (readers never block the writer) and every pending migration of the main store.
/// </summary>
public sealed class SqliteStoreInitialiser : SqliteMigrationInitialiser
{
    internal SqliteStoreInitialiser(IDbContextFactory<RevalidationDbContext> contexts, ILogger<SqliteStoreInitialiser> logger)
        : base(async ct => await contexts.CreateDbContextAsync(ct), logger, "SQLite store")
    {
    }

    private protected override async Task PrepareAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
}
