using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Infrastructure;
using Revalidation.Store.Tests.Standins;

namespace Revalidation.Store.Tests.Cosmos;

/// <summary>
/// One Cosmos-compatible server (@vercel/cosmosdb-server, in memory) per test class (or per collection: the store
/// contract suites share one), on a free loopback port, and a fresh database in it for each. Stores are opened the way a host opens them: a generic host with
/// <c>AddRevalidationStorage</c> and <c>Store:Provider = Cosmos</c>, started (options validated, database and
/// container created).
/// </summary>
public sealed class CosmosServerFixture : IDisposable
{
    /// <summary>The well-known key of the Cosmos emulator, which the local server accepts.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly LocalServerProcess server = LocalServerProcess.Start(
        "cosmos-server.js",
        port => ["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        "Ready to accept");

    public string Endpoint => $"https://127.0.0.1:{server.Port}/";

    /// <summary>A database no other test class uses.</summary>
    public string DatabaseName { get; } = $"store-tests-{Guid.NewGuid():N}";

    public Dictionary<string, string?> Settings(string? databaseName = null) => new()
    {
        ["Store:Provider"] = "Cosmos",
        ["Store:Cosmos:AccountEndpoint"] = Endpoint,
        ["Store:Cosmos:Key"] = EmulatorKey,
        ["Store:Cosmos:AcceptAnyServerCertificate"] = "true",
        ["Store:Cosmos:CreateIfMissing"] = "true",
        ["Store:Cosmos:DatabaseName"] = databaseName ?? DatabaseName,
        ["Evidence:Provider"] = "Folder",
        ["Evidence:Folder:Path"] = Path.Combine(Path.GetTempPath(), "revalidation-store-tests", "evidence"),
    };

    public async Task<IHost> StartHostAsync(IDictionary<string, string?>? settings = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? Settings());
        configure?.Invoke(builder);
        builder.Services.AddRevalidationStorage(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public void Dispose() => server.Dispose();
}
