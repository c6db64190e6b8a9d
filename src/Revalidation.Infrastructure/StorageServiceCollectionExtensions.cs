using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Blob;
using Revalidation.Infrastructure.Cosmos;

namespace Revalidation.Infrastructure;

/// <summary>Which store adapter a host uses ("Store:Provider").</summary>
public enum StoreProvider
{
    Sqlite,
    Cosmos,
}

/// <summary>Which evidence file adapter a host uses ("Evidence:Provider").</summary>
public enum EvidenceProvider
{
    Folder,
    Blob,
}

/// <summary>
/// The one place every host (Server, Worker, Functions) chooses its storage: "Store:Provider" = Sqlite | Cosmos and
/// "Evidence:Provider" = Folder | Blob, each adapter's options validated at start-up with messages naming the setting.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    public const string StoreProviderSetting = "Store:Provider";
    public const string EvidenceProviderSetting = "Evidence:Provider";

    /// <summary>
    /// Registers the store and the evidence store chosen by configuration. A host that has embedded defaults passes
    /// them (the Server: Sqlite and Folder); without a default, a missing setting stops start-up with a message naming it.
    /// An unknown value always does.
    /// </summary>
    public static IServiceCollection AddRevalidationStorage(
        this IServiceCollection services,
        IConfiguration configuration,
        StoreProvider? defaultStore = null,
        EvidenceProvider? defaultEvidence = null,
        bool evidence = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        switch (ReadProvider(configuration, StoreProviderSetting, defaultStore))
        {
            case StoreProvider.Sqlite:
                services.AddRevalidationSqliteStore(configuration);
                break;
            case StoreProvider.Cosmos:
                services.AddRevalidationCosmosStore(configuration);
                break;
        }

        if (evidence)
        {
            switch (ReadProvider(configuration, EvidenceProviderSetting, defaultEvidence))
            {
                case EvidenceProvider.Folder:
                    services.AddRevalidationFolderEvidenceStore(configuration);
                    break;
                case EvidenceProvider.Blob:
                    services.AddRevalidationBlobEvidenceStore(configuration);
                    break;
            }
        }

        return services;
    }

    /// <summary>The configured provider; a missing value takes the default, or stops start-up naming the setting; an unknown one always does.</summary>
    public static TProvider ReadProvider<TProvider>(IConfiguration configuration, string setting, TProvider? defaultValue = null)
        where TProvider : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var supported = string.Join(", ", Enum.GetNames<TProvider>());
        var value = configuration[setting]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue ?? throw new InvalidOperationException($"{setting} is not set. Set {setting} to one of: {supported}.");
        }

        return Enum.TryParse<TProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !value.Any(char.IsDigit)
            ? provider
            : throw new InvalidOperationException($"{setting} is '{value}', which is not supported. Set {setting} to one of: {supported}.");
    }

    /// <summary>
    /// The Azure store: the store ports (<see cref="IDoctorStore"/>, <see cref="IDesignatedBodyStore"/>,
    /// <see cref="IAuditLog"/>, <see cref="IAlertOutbox"/>, <see cref="ILeaseStore"/>) and the directory sync's <see cref="IDirectorySyncStore"/> on
    /// Cosmos DB ("Store:Cosmos", validated at start-up), one
    /// <see cref="CosmosClient"/> for the process, and the initialiser that creates database and container when
    /// "Store:Cosmos:CreateIfMissing" says so. <see cref="RequestHandler"/>s registered in the container (request
    /// counting, fault injection in tests) join the client's pipeline in registration order.
    /// </summary>
    public static IServiceCollection AddRevalidationCosmosStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(CosmosStoreInitialiser)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CosmosStoreOptions>().Bind(configuration.GetSection(CosmosStoreOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CosmosStoreOptions>, CosmosStoreOptionsValidator>());
        services.TryAddSingleton(sp => CosmosClientFactory.Create(
            sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value,
            configuration,
            sp.GetServices<RequestHandler>()));
        services.AddSingleton<CosmosStoreInitialiser>();
        services.AddHostedService(sp => sp.GetRequiredService<CosmosStoreInitialiser>());
        services.TryAddSingleton<IDirectorySyncStore>(sp => new CosmosDirectorySyncStore(
            sp.GetRequiredService<CosmosClient>(),
            sp.GetRequiredService<IOptions<CosmosStoreOptions>>()));

        // The store ports, in the same container; the doctor store, the body store and the audit log share one
        // flush of the audit a save leaves inside its item (ADR 0011).
        services.TryAddSingleton(sp => new CosmosItems(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<CosmosStoreOptions>>()));
        services.TryAddSingleton(sp => new CosmosPendingAudit(sp.GetRequiredService<CosmosItems>(), sp.GetRequiredService<ILogger<CosmosPendingAudit>>()));
        services.TryAddSingleton<IDoctorStore>(sp => new CosmosDoctorStore(
            sp.GetRequiredService<CosmosItems>(),
            sp.GetRequiredService<CosmosPendingAudit>(),
            sp.GetRequiredService<DocumentSchemas>(),
            sp.GetRequiredService<IOptions<CosmosStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CosmosDoctorStore>>()));
        services.TryAddSingleton<IDesignatedBodyStore>(sp => new CosmosDesignatedBodyStore(
            sp.GetRequiredService<CosmosItems>(),
            sp.GetRequiredService<CosmosPendingAudit>(),
            sp.GetRequiredService<DocumentSchemas>(),
            sp.GetRequiredService<ILogger<CosmosDesignatedBodyStore>>()));
        services.TryAddSingleton<IAuditLog>(sp => new CosmosAuditLog(sp.GetRequiredService<CosmosItems>(), sp.GetRequiredService<CosmosPendingAudit>()));
        services.TryAddSingleton<IAlertOutbox>(sp => new CosmosAlertOutbox(sp.GetRequiredService<CosmosItems>(), sp.GetRequiredService<ILogger<CosmosAlertOutbox>>(), sp.GetRequiredService<DocumentSchemas>()));
        services.TryAddSingleton<ILeaseStore>(sp => new CosmosLeaseStore(sp.GetRequiredService<CosmosItems>()));
        services.AddRevalidationWritePaths();
        return services;
    }

    /// <summary>
    /// Evidence files in Azure Blob Storage ("Evidence:Blob", validated at start-up): the service URL with a managed
    /// identity in Azure, a connection string only for the local emulator. The container is private.
    /// </summary>
    public static IServiceCollection AddRevalidationBlobEvidenceStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BlobEvidenceOptions>().Bind(configuration.GetSection(BlobEvidenceOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobEvidenceOptions>, BlobEvidenceOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobEvidenceOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.ServiceUri, CosmosClientFactory.Credential(configuration))
                : new BlobServiceClient(options.ConnectionString);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(sp.GetRequiredService<IOptions<BlobEvidenceOptions>>().Value.ContainerName));
        services.AddHostedService<BlobContainerInitialiser>();
        services.TryAddSingleton<IEvidenceFileStore, BlobEvidenceStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEvidenceUploadLinks, BlobEvidenceUploadLinks>(); // direct uploads (ADR 0012): only with Blob
        return services;
    }

    /// <summary>Creates the evidence and uploads containers, private (no public access), when missing and allowed.</summary>
    private sealed class BlobContainerInitialiser(BlobServiceClient service, BlobContainerClient container, IOptions<BlobEvidenceOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.CreateIfMissing)
            {
                await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
                await service.GetBlobContainerClient(options.Value.UploadContainerName).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>What every store adapter shares: the document schemas (docs/decisions/0016), and the one write path of doctor records and of designated bodies (docs/decisions/0015).</summary>
    internal static IServiceCollection AddRevalidationWritePaths(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DocumentSchemas.Current);
        services.TryAddSingleton<Core.Doctors.DoctorRecordService>();
        services.TryAddSingleton<Core.DesignatedBodies.DesignatedBodyService>();
        return services;
    }
}
