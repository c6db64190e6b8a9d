using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Store.Tests.Contract;
using Revalidation.Worker;

namespace Revalidation.Store.Tests.Selection;

/// <summary>
/// Storage chosen by configuration in one place (<c>AddRevalidationStorage</c>), used by every host: defaults, the
/// adapters each choice resolves to, and the start-up messages that name a missing or invalid setting.
/// </summary>
public sealed class StorageSelectionTests : IDisposable
{
    private const string CosmosEndpoint = "https://revalidation-tests.documents.azure.com:443/";
    private const string BlobEndpoint = "https://revalidationtests.blob.core.windows.net/";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "revalidation-selection-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
            // Nor is one the OS still holds.
        }
    }

    [Fact]
    public void AddRevalidationStorage_WhenNothingIsSetAndTheHostHasDefaults_UsesThem()
    {
        using var host = Build([], s => s.AddRevalidationStorage(Configuration([]), StoreProvider.Sqlite, EvidenceProvider.Folder));

        Assert.Equal(SqlitePorts, StorePorts.From(host.Services).AdapterNames());
        Assert.Equal("FolderEvidenceStore", host.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
        Assert.Null(host.Services.GetService<IEvidenceUploadLinks>()); // no direct upload without Blob
    }

    [Fact]
    public void AddRevalidationStorage_WhenAzureProvidersAreChosen_ResolvesCosmosAndBlobWithoutConnecting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "cosmos",
            ["Store:Cosmos:AccountEndpoint"] = CosmosEndpoint,
            ["Evidence:Provider"] = "BLOB",
            ["Evidence:Blob:ServiceUri"] = BlobEndpoint,
        };

        using var host = Build(settings, s => s.AddRevalidationStorage(Configuration(settings), StoreProvider.Sqlite, EvidenceProvider.Folder));

        Assert.Equal(CosmosPorts, StorePorts.From(host.Services).AdapterNames());
        Assert.Equal("BlobEvidenceStore", host.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
        Assert.Equal("BlobEvidenceUploadLinks", host.Services.GetRequiredService<IEvidenceUploadLinks>().GetType().Name);
    }

    [Theory]
    [InlineData("Store:Provider", "Mongo", "Store:Provider is 'Mongo', which is not supported. Set Store:Provider to one of: Sqlite, Cosmos.")]
    [InlineData("Store:Provider", "0", "Store:Provider is '0', which is not supported. Set Store:Provider to one of: Sqlite, Cosmos.")]
    [InlineData("Evidence:Provider", "S3", "Evidence:Provider is 'S3', which is not supported. Set Evidence:Provider to one of: Folder, Blob.")]
    public void AddRevalidationStorage_WhenAProviderIsUnknown_FailsNamingTheSettingAndItsValues(string setting, string value, string message)
    {
        var configuration = Configuration(new() { [setting] = value });

        var thrown = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRevalidationStorage(configuration, StoreProvider.Sqlite, EvidenceProvider.Folder));

        Assert.Equal(message, thrown.Message);
    }

    [Fact]
    public void AddRevalidationStorage_WhenAProviderIsMissingAndTheHostHasNoDefault_FailsNamingTheSetting()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRevalidationStorage(Configuration([])));

        Assert.Equal("Store:Provider is not set. Set Store:Provider to one of: Sqlite, Cosmos.", thrown.Message);
    }

    [Theory]
    [InlineData(null, null, "Store:Cosmos:AccountEndpoint is required when Store:Provider is Cosmos.")]
    [InlineData("http://revalidation-tests.documents.azure.com/", null, "Store:Cosmos:AccountEndpoint must be an absolute https URL.")]
    [InlineData(CosmosEndpoint, "true", "Store:Cosmos:AcceptAnyServerCertificate is allowed only for a loopback AccountEndpoint (the local test server).")]
    public async Task StartAsync_WhenCosmosSettingsAreMissingOrUnsafe_FailsNamingTheSetting(string? endpoint, string? acceptAny, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Cosmos",
            ["Store:Cosmos:AccountEndpoint"] = endpoint,
            ["Store:Cosmos:AcceptAnyServerCertificate"] = acceptAny,
            ["Evidence:Provider"] = "Folder",
        };
        using var host = Build(settings, s => s.AddRevalidationStorage(Configuration(settings)));

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Failures);
    }

    [Theory]
    [InlineData(null, null, "Evidence:Blob:ServiceUri is required when Evidence:Provider is Blob (or Evidence:Blob:ConnectionString for the local emulator).")]
    [InlineData(BlobEndpoint, "UseDevelopmentStorage=true", "Set either Evidence:Blob:ServiceUri or Evidence:Blob:ConnectionString, not both.")]
    [InlineData("http://revalidationtests.blob.core.windows.net/", null, "Evidence:Blob:ServiceUri must be an absolute https URL.")]
    public async Task StartAsync_WhenBlobSettingsAreMissingOrConflicting_FailsNamingTheSetting(string? serviceUri, string? connectionString, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Evidence:Provider"] = "Blob",
            ["Evidence:Blob:ServiceUri"] = serviceUri,
            ["Evidence:Blob:ConnectionString"] = connectionString,
        };
        using var host = Build(settings, s => s.AddRevalidationStorage(Configuration(settings)));

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Failures);
    }

    [Theory]
    [InlineData("UploadLinkLifetime", "00:00:30", "Evidence:Blob:UploadLinkLifetime must be between 00:01:00 and 01:00:00.")]
    [InlineData("UploadLinkLifetime", "02:00:00", "Evidence:Blob:UploadLinkLifetime must be between 00:01:00 and 01:00:00.")]
    [InlineData("UploadContainerName", "evidence", "Evidence:Blob:UploadContainerName must be set and differ from Evidence:Blob:ContainerName.")]
    public async Task StartAsync_WhenDirectUploadSettingsAreOutOfRange_FailsNamingTheSetting(string setting, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Evidence:Provider"] = "Blob",
            ["Evidence:Blob:ServiceUri"] = BlobEndpoint,
            [$"Evidence:Blob:{setting}"] = value,
        };
        using var host = Build(settings, s => s.AddRevalidationStorage(Configuration(settings)));

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Failures);
    }

    [Fact]
    public void AddRevalidationWorker_WhenNothingIsSet_UsesTheEmbeddedStoreAndNoEvidenceStore()
    {
        var builder = WorkerBuilder([]);

        using var host = builder.AddRevalidationWorker().Services.BuildServiceProvider();

        Assert.Equal(SqlitePorts, StorePorts.From(host).AdapterNames());
        Assert.Null(host.GetService<IEvidenceFileStore>());
    }

    [Fact]
    public void AddRevalidationWorker_WhenCosmosIsChosen_UsesTheCosmosStore()
    {
        var builder = WorkerBuilder(new() { ["Store:Provider"] = "Cosmos", ["Store:Cosmos:AccountEndpoint"] = CosmosEndpoint });

        using var host = builder.AddRevalidationWorker().Services.BuildServiceProvider();

        Assert.Equal(CosmosPorts, StorePorts.From(host).AdapterNames());
    }

    /// <summary>The adapter of each store port, in <see cref="StorePorts"/> order.</summary>
    private static readonly string[] SqlitePorts = ["SqliteDoctorStore", "SqliteDesignatedBodyStore", "SqliteAuditLog", "SqliteAlertOutbox", "SqliteLeaseStore"];

    private static readonly string[] CosmosPorts = ["CosmosDoctorStore", "CosmosDesignatedBodyStore", "CosmosAuditLog", "CosmosAlertOutbox", "CosmosLeaseStore"];

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection> configure)
    {
        Directory.CreateDirectory(folder);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(settings);
        configure(builder.Services);
        return builder.Build();
    }

    private HostApplicationBuilder WorkerBuilder(Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(folder);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        settings["Jobs:Enabled"] = "false";
        settings["Store:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "worker.db")}";
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
