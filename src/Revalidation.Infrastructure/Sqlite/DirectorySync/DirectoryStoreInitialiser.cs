using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Revalidation.Infrastructure.Sqlite.DirectorySync;

/// <summary>
/// Applies the directory sync store's pending migrations at start-up, before other hosted services start, as
/// <see cref="SqliteStoreInitialiser"/> does for the main store (same file, its own history table).
/// </summary>
public sealed class DirectoryStoreInitialiser : SqliteMigrationInitialiser
{
    internal DirectoryStoreInitialiser(IDbContextFactory<DirectoryDbContext> contexts, ILogger<DirectoryStoreInitialiser> logger)
        : base(async ct => await contexts.CreateDbContextAsync(ct), logger, "Directory sync store")
    {
    }
}
