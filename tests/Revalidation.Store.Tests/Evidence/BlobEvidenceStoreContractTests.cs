using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.Blob;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Evidence;

/// <summary>
/// The evidence store contract against the Blob adapter on Azurite, opened the way a host opens it
/// (<c>Evidence:Provider = Blob</c>), with a fresh container per test and small blocks so that uploads span several.
/// </summary>
public sealed class BlobEvidenceStoreContractTests(AzuriteFixture azurite) : EvidenceStoreContractTests, IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string containerName = $"evidence-{Guid.NewGuid():N}";
    private IHost host = null!;

    protected override IEvidenceFileStore Store => host.Services.GetRequiredService<IEvidenceFileStore>();

    private BlobContainerClient Container => host.Services.GetRequiredService<BlobContainerClient>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"blob-tests-{Guid.NewGuid():N}.db")}",
            ["Evidence:Provider"] = "Blob",
            ["Evidence:Blob:ConnectionString"] = azurite.ConnectionString,
            ["Evidence:Blob:ContainerName"] = containerName,
            ["Evidence:Blob:BlockBytes"] = "65536",
        });
        builder.Services.AddRevalidationStorage(builder.Configuration);
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    protected override async Task<int> CountStoredAsync(DesignatedBodyCode body)
    {
        // Committed blobs and blobs with only uncommitted blocks (an upload that never finished) alike.
        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, $"{body.Value}/", CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task WriteAsync_StoresHashTypeAndBodyAsMetadata_InAPrivateContainer()
    {
        var body = NewBodyCode();
        var pdf = "%PDF-1.7\n"u8.ToArray().Concat(RandomBytes(150_000)).ToArray();

        var write = await Store.WriteAsync(body, new MemoryStream(pdf), 1_000_000);

        var properties = (await Container.GetBlobClient($"{body.Value}/{write.StorageKey}").GetPropertiesAsync()).Value;
        Assert.Equal(write.Sha256, properties.Metadata["sha256"]);
        Assert.Equal(body.Value, properties.Metadata["designatedbody"]);
        Assert.Equal("application/pdf", properties.ContentType);
        Assert.Equal(pdf.Length, properties.ContentLength);
        Assert.Equal(PublicAccessType.None, (await Container.GetPropertiesAsync()).Value.PublicAccess);
    }

    [Fact]
    public async Task WriteAsync_WhenTooLarge_LeavesNoCommittedBlob()
    {
        var body = NewBodyCode();

        var write = await Store.WriteAsync(body, new MemoryStream(RandomBytes(200_000)), maxBytes: 100_000);

        Assert.True(write.TooLarge);
        Assert.Equal(0, await CountCommittedAsync(body));
    }

    private async Task<int> CountCommittedAsync(DesignatedBodyCode body)
    {
        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{body.Value}/", CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
