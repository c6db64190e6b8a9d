using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.Store;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>
/// The store contract again, with the summary cache on (as the local Server runs it): every store instance
/// keeps summaries between reads, and must still see every write, its own and other instances'.
/// </summary>
public sealed class SqliteCachedStoreContractTests(SqliteDatabaseFixture database) : StoreContractTests, IClassFixture<SqliteDatabaseFixture>
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Store:Sqlite:ConnectionString"] = SqliteDatabaseFixture.ConnectionString,
        ["Store:Sqlite:SummaryCacheDoctors"] = "100000",
    };

    private readonly List<IHost> hosts = [];

    protected override async Task<IRevalidationStore> CreateStoreAsync()
    {
        var host = await database.StartHostAsync(Settings);
        hosts.Add(host);
        return host.Services.GetRequiredService<IRevalidationStore>();
    }

    protected override async Task<IRevalidationStore> ReopenStoreAsync()
    {
        await CloseStoresAsync();
        SqliteConnection.ClearAllPools();
        return await CreateStoreAsync();
    }

    protected override async Task CloseStoresAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        hosts.Clear();
    }
}
