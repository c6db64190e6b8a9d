using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Security;
using Revalidation.Core.Store;
using Revalidation.Server.Demo;

namespace Revalidation.Benchmarks;

/// <summary>
/// The real local Server (its own Program, configuration and pipeline) on a real Kestrel socket on 127.0.0.1
/// with an ephemeral port, over a SQLite file and an evidence folder in a fresh temp folder, nothing seeded.
/// Kestrel rather than TestServer so that request bodies travel as they do in production (streamed through a
/// socket, never buffered whole by the test host) and the latency includes the HTTP stack.
/// Callers present real JWTs from the demo issuer, validated by the same JWT bearer handler as production.
/// </summary>
internal sealed class BenchServer : WebApplicationFactory<Program>
{
    /// <summary>The evidence limit for the bench: the 25 MB upload plus room to spare.</summary>
    public const long MaxFileBytes = 26L * 1024 * 1024;

    private readonly string dataFolder;
    private readonly bool ownsData;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    /// <summary>A server over a fresh data folder, or over <paramref name="sharedData"/>'s (as a second process would be), with extra settings and services.</summary>
    public BenchServer(BenchServer? sharedData = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        this.configureServices = configureServices;
        dataFolder = sharedData?.dataFolder ?? Path.Combine(Path.GetTempPath(), "revalidation-bench", Guid.NewGuid().ToString("N"));
        ownsData = sharedData is null;
        this.settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public IDoctorStore Doctors => Services.GetRequiredService<IDoctorStore>();

    public string DatabasePath => Path.Combine(dataFolder, "revalidation.db");

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new Uri(address);
    }

    public string TokenFor(string userId, string role) =>
        Services.GetRequiredService<DemoTokenIssuer>().Issue(userId, userId, [role], DemoSeeder.DemoBody.Value);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        System.IO.Directory.CreateDirectory(dataFolder);
        builder.UseContentRoot(ServerContentRoot());
        builder.UseEnvironment("Development"); // demo sign-in is refused anywhere else
        builder.UseSetting("Store:Sqlite:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Evidence:Folder:Path", Path.Combine(dataFolder, "evidence"));
        builder.UseSetting("Evidence:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:Mode", "Demo");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>
    /// The Server project's folder, from the manifest the testing package writes beside the bench's binaries.
    /// (The factory looks for that manifest in the working directory, which under `dotnet run` is not the output folder.)
    /// </summary>
    private static string ServerContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest)) ?? [];
        var name = typeof(Program).Assembly.GetName().FullName;
        return roots.TryGetValue(name, out var root) ? root : throw new InvalidOperationException($"{name} is not in {manifest}.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder
            }
        }
    }
}
