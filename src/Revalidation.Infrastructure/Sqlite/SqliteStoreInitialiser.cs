using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Prepares the database file once, at start-up and before any other hosted service starts: WAL journal mode
/// (readers never block the writer) and every pending migration. Safe to run from several processes at once
/// (EF Core takes a migration lock). The store itself never migrates lazily.
/// </summary>
public sealed partial class SqliteStoreInitialiser : IHostedLifecycleService
{
    private readonly IDbContextFactory<RevalidationDbContext> contexts;
    private readonly ILogger<SqliteStoreInitialiser> logger;

    internal SqliteStoreInitialiser(IDbContextFactory<RevalidationDbContext> contexts, ILogger<SqliteStoreInitialiser> logger)
    {
        this.contexts = contexts;
        this.logger = logger;
    }

    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(logger);
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count, pending[^1]);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => InitialiseAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite store: applied {Count} migration(s), now at {Migration}")]
    private static partial void LogMigrated(ILogger logger, int count, string migration);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite store: schema is up to date")]
    private static partial void LogUpToDate(ILogger logger);
}
