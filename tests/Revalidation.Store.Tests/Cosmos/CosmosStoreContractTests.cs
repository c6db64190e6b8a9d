using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.Store;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Cosmos;

/// <summary>The store contract, unchanged, against the Cosmos adapter on the local Cosmos-compatible server.</summary>
public sealed class CosmosStoreContractTests(CosmosServerFixture server) : StoreContractTests, IClassFixture<CosmosServerFixture>
{
    private readonly List<IHost> hosts = [];

    protected override async Task<IRevalidationStore> CreateStoreAsync()
    {
        var host = await server.StartHostAsync();
        hosts.Add(host);
        return host.Services.GetRequiredService<IRevalidationStore>();
    }

    protected override async Task<IRevalidationStore> ReopenStoreAsync()
    {
        await CloseStoresAsync();
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
