using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Where the database file is and how every connection to it is set up: a relative <c>Data Source</c> is
/// resolved against the content root (its folder is created), and each connection gets a busy timeout, so
/// that writers from other connections or processes wait for the lock instead of failing, and foreign keys.
/// WAL journal mode is a property of the file and is set once by <see cref="SqliteStoreInitialiser"/>.
/// </summary>
internal sealed class SqliteDatabase
{
    public SqliteDatabase(IOptions<SqliteStoreOptions> options, IHostEnvironment? environment = null)
    {
        var value = options.Value;
        ConnectionString = Resolve(value.ConnectionString, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        Pragmas = new ConnectionPragmas(value.BusyTimeout);
    }

    public string ConnectionString { get; }

    public IInterceptor Pragmas { get; }

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseSqlite(ConnectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(Pragmas);

    /// <summary>Makes a relative file path absolute under <paramref name="contentRoot"/> and creates its folder.</summary>
    internal static string Resolve(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = builder.Mode == SqliteOpenMode.Memory
            || string.Equals(source, ":memory:", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (inMemory || string.IsNullOrWhiteSpace(source))
        {
            return builder.ToString();
        }

        var path = Path.GetFullPath(Path.IsPathRooted(source) ? source : Path.Combine(contentRoot, source));
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        builder.DataSource = path;
        return builder.ToString();
    }

    private sealed class ConnectionPragmas(TimeSpan busyTimeout) : DbConnectionInterceptor
    {
        private readonly string pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;");

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
