using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// With "Store:Cosmos:CreateIfMissing" (local and development only), creates the database and the container
/// (partition key <c>/designatedBodyId</c>) before other hosted services start. In Azure, Bicep creates them and
/// the data-plane role could not, so the option stays off and this does nothing.
/// </summary>
internal sealed partial class CosmosStoreInitialiser(CosmosClient client, IOptions<CosmosStoreOptions> options, ILogger<CosmosStoreInitialiser> logger) : IHostedService
{
    public const string PartitionKeyPath = "/designatedBodyId";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.CreateIfMissing)
        {
            return;
        }

        var database = await client.CreateDatabaseIfNotExistsAsync(o.DatabaseName, cancellationToken: cancellationToken);
        await database.Database.CreateContainerIfNotExistsAsync(new ContainerProperties(o.ContainerName, PartitionKeyPath), cancellationToken: cancellationToken);
        LogReady(logger, o.DatabaseName, o.ContainerName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos store: database {Database} and container {Container} are ready")]
    private static partial void LogReady(ILogger logger, string database, string container);
}
