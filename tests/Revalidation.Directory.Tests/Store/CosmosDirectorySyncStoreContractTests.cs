using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.DirectorySync;
using Revalidation.Infrastructure;
using Revalidation.Store.Tests.Standins;

namespace Revalidation.Directory.Tests.Store;

/// <summary>The local Cosmos-compatible server, one per test class.</summary>
public sealed class CosmosSyncStoreServer : IDisposable
{
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly LocalServerProcess server = LocalServerProcess.Start(
        "cosmos-server.js", port => ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)], "Ready to accept");

    public string Endpoint => $"https://127.0.0.1:{server.Port}/";

    public void Dispose() => server.Dispose();
}

/// <summary>
/// The sync store contract on the Cosmos adapter (the store's container, partition <c>_directory</c>), opened as a host
/// opens it (<c>Store:Provider = Cosmos</c> and directory sync), each test in a database of its own.
/// </summary>
public sealed class CosmosDirectorySyncStoreContractTests(CosmosSyncStoreServer cosmos) : DirectorySyncStoreContractTests, IClassFixture<CosmosSyncStoreServer>
{
    private IHost host = null!;

    public override async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Cosmos",
            ["Store:Cosmos:AccountEndpoint"] = cosmos.Endpoint,
            ["Store:Cosmos:Key"] = CosmosSyncStoreServer.EmulatorKey,
            ["Store:Cosmos:AcceptAnyServerCertificate"] = "true",
            ["Store:Cosmos:CreateIfMissing"] = "true",
            ["Store:Cosmos:DatabaseName"] = $"sync-{Guid.NewGuid():N}",
        });
        builder.Services.AddRevalidationStorage(builder.Configuration, evidence: false);
        builder.Services.AddRevalidationDirectorySync(builder.Configuration);
        host = builder.Build();
        await host.StartAsync();
        Store = host.Services.GetRequiredService<IDirectorySyncStore>();
        Assert.Equal("CosmosDirectorySyncStore", Store.GetType().Name);
    }

    public override async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
