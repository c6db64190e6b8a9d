using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Revalidation.Infrastructure.Sqlite.DirectorySync;

/// <summary>
/// Applies the directory sync store's pending migrations at start-up, before other hosted services start, as
/// <see cref="SqliteStoreInitialiser"/> does for the main store (same file, its own history table).
/// </summary>
public sealed partial class DirectoryStoreInitialiser : IHostedLifecycleService
{
    private readonly IDbContextFactory<DirectoryDbContext> contexts;
    private readonly ILogger<DirectoryStoreInitialiser> logger;

    internal DirectoryStoreInitialiser(IDbContextFactory<DirectoryDbContext> contexts, ILogger<DirectoryStoreInitialiser> logger)
    {
        this.contexts = contexts;
        this.logger = logger;
    }

    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory sync store: applied {Count} migration(s), now at {Migration}")]
    private static partial void LogMigrated(ILogger logger, int count, string migration);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Directory sync store: schema is up to date")]
    private static partial void LogUpToDate(ILogger logger);
}
