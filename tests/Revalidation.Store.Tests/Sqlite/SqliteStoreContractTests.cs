using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.Store;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>The store contract against the embedded SQLite adapter, on a real file.</summary>
public sealed class SqliteStoreContractTests(SqliteDatabaseFixture database) : StoreContractTests, IClassFixture<SqliteDatabaseFixture>
{
    private readonly List<IHost> hosts = [];

    protected override async Task<IRevalidationStore> CreateStoreAsync()
    {
        var host = await database.StartHostAsync();
        hosts.Add(host);
        return host.Services.GetRequiredService<IRevalidationStore>();
    }

    protected override async Task<IRevalidationStore> ReopenStoreAsync()
    {
        await CloseStoresAsync();

        // Pooled connections would otherwise keep the file open across the "restart".
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
