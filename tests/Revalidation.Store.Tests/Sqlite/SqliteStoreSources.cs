using Microsoft.Data.Sqlite;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>How the contract suites open the embedded SQLite adapter: on a real file, without or with the summary cache.</summary>
public static class SqliteStoreSources
{
    /// <summary>The summary cache on (as the local Server runs it).</summary>
    public static readonly Dictionary<string, string?> CachedSettings = new()
    {
        ["Store:Sqlite:ConnectionString"] = SqliteDatabaseFixture.ConnectionString,
        ["Store:Sqlite:SummaryCacheDoctors"] = "100000",
    };

    // Pooled connections would otherwise keep the file open across the "restart".
    public static IStoreSource Plain(SqliteDatabaseFixture database) =>
        new HostedStoreSource(configure => database.StartHostAsync(configure: configure), SqliteConnection.ClearAllPools);

    public static IStoreSource Cached(SqliteDatabaseFixture database) =>
        new HostedStoreSource(configure => database.StartHostAsync(CachedSettings, configure), SqliteConnection.ClearAllPools);
}
