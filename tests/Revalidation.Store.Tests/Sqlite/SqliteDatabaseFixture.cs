using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Infrastructure;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>
/// One real SQLite file per test class, in a fresh temporary content root. Stores are opened the way a host
/// opens them: a generic host with <c>AddRevalidationSqliteStore</c>, started (options validated, migrations applied).
/// </summary>
public sealed class SqliteDatabaseFixture : IDisposable
{
    /// <summary>Relative, so that resolution against the content root (and folder creation) is exercised too.</summary>
    public const string ConnectionString = "Data Source=data/store-tests.db";

    public SqliteDatabaseFixture()
    {
        ContentRoot = Path.Combine(Path.GetTempPath(), "revalidation-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ContentRoot);
    }

    public string ContentRoot { get; }

    public string DatabasePath => Path.Combine(ContentRoot, "data", "store-tests.db");

    public async Task<IHost> StartHostAsync(IDictionary<string, string?>? settings = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = ContentRoot });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>
        {
            ["Store:Sqlite:ConnectionString"] = ConnectionString,
        });
        builder.Services.AddRevalidationSqliteStore(builder.Configuration);
        configure?.Invoke(builder);
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }
}
