using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;

namespace Revalidation.Api.Tests;

/// <summary>The Server chooses its storage through the shared selection: embedded defaults with no setting, the Azure adapters when named.</summary>
public sealed class ServerStorageTests
{
    [Fact]
    public void Server_WhenNoProviderIsSet_RunsOnTheSqliteStoreAndTheEvidenceFolder()
    {
        using var factory = new ApiFactory();

        Assert.Equal(["SqliteDoctorStore", "SqliteDesignatedBodyStore", "SqliteAuditLog", "SqliteAlertOutbox", "SqliteLeaseStore"], PortAdapters(factory.Services));
        Assert.Equal("FolderEvidenceStore", factory.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
    }

    [Fact]
    public void Server_WhenCosmosAndBlobAreChosen_ResolvesTheAzureAdapters()
    {
        using var factory = new ApiFactory();
        factory.Settings["Demo:Seed"] = "false";
        factory.Settings["Store:Provider"] = "Cosmos";
        factory.Settings["Store:Cosmos:AccountEndpoint"] = "https://revalidation-tests.documents.azure.com:443/";
        factory.Settings["Evidence:Provider"] = "Blob";
        factory.Settings["Evidence:Blob:ServiceUri"] = "https://revalidationtests.blob.core.windows.net/";
        factory.Settings["Evidence:Blob:CreateIfMissing"] = "false";

        // Started (options valid) without connecting: nothing is created, seeded or scheduled.
        Assert.Equal(["CosmosDoctorStore", "CosmosDesignatedBodyStore", "CosmosAuditLog", "CosmosAlertOutbox", "CosmosLeaseStore"], PortAdapters(factory.Services));
        Assert.Equal("BlobEvidenceStore", factory.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
    }

    [Fact]
    public void Server_WhenCosmosIsChosenWithoutAnEndpoint_DoesNotStartAndNamesTheSetting()
    {
        using var factory = new ApiFactory();
        factory.Settings["Store:Provider"] = "Cosmos";

        var thrown = Assert.ThrowsAny<OptionsValidationException>(() => factory.Services);

        Assert.Contains("Store:Cosmos:AccountEndpoint is required when Store:Provider is Cosmos.", thrown.Failures);
    }

    /// <summary>The adapter class behind each store port.</summary>
    private static string[] PortAdapters(IServiceProvider services) =>
    [
        services.GetRequiredService<IDoctorStore>().GetType().Name,
        services.GetRequiredService<IDesignatedBodyStore>().GetType().Name,
        services.GetRequiredService<IAuditLog>().GetType().Name,
        services.GetRequiredService<IAlertOutbox>().GetType().Name,
        services.GetRequiredService<ILeaseStore>().GetType().Name,
    ];
}
