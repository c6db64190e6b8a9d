using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Applies one context's pending migrations once, at start-up and before any other hosted service starts.
/// Safe to run from several processes at once (EF Core takes a migration lock). Stores never migrate lazily.
/// </summary>
public abstract partial class SqliteMigrationInitialiser : IHostedLifecycleService
{
    private readonly Func<CancellationToken, Task<DbContext>> open;
    private readonly ILogger logger;
    private readonly string storeName;

    private protected SqliteMigrationInitialiser(Func<CancellationToken, Task<DbContext>> open, ILogger logger, string storeName)
    {
        this.open = open;
        this.logger = logger;
        this.storeName = storeName;
    }

    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await open(cancellationToken);
        await PrepareAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(logger, storeName);
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, storeName, pending.Count, pending[^1]);
    }

    /// <summary>Anything the file needs before migrating (the main store turns on WAL).</summary>
    private protected virtual Task PrepareAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => InitialiseAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Store}: applied {Count} migration(s), now at {Migration}")]
    private static partial void LogMigrated(ILogger logger, string store, int count, string migration);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Store}: schema is up to date")]
    private static partial void LogUpToDate(ILogger logger, string store);
}
