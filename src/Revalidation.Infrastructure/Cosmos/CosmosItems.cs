using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The one container of the store ports (docs/decisions/0011) and the plumbing every Cosmos adapter of them shares:
/// point reads (404 → null), single-partition queries with optimistic direct execution, the write options, what
/// counts as a conflict, and the log of a refused save. One per process: <see cref="CosmosClient.GetContainer"/>
/// makes no round trip.
/// </summary>
internal sealed partial class CosmosItems(CosmosClient client, IOptions<CosmosStoreOptions> options)
{
    public static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    public Container Container { get; } = client.GetContainer(options.Value.DatabaseName, options.Value.ContainerName);

    public static ItemRequestOptions IfMatch(string etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    public static bool IsConflict(CosmosException e) =>
        e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound;

    /// <summary>A save refused because the item changed since it was read, or already exists: logged, nothing written.</summary>
    public static SaveOutcome Conflict(ILogger logger, string kind, string key)
    {
        LogConflict(logger, kind, key);
        return new SaveOutcome(SaveStatus.Conflict);
    }

    /// <summary>A point read: the item with its ETag, or null when it is missing.</summary>
    public async Task<T?> ReadAsync<T>(string id, string partition, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var response = await Container.ReadItemAsync<T>(id, new PartitionKey(partition), cancellationToken: cancellationToken);
            if (response.Resource is ItemDocument item)
            {
                item.ETag = response.ETag;
            }

            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A query of one partition: optimistic direct execution (no query plan), every result in one page where the server allows, pages followed while there are more.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string partition, QueryDefinition definition, CancellationToken cancellationToken)
    {
        var requestOptions = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(partition),
            EnableOptimisticDirectExecution = true,
            MaxItemCount = -1,
        };
        var results = new List<T>();
        using var iterator = Container.GetItemQueryIterator<T>(definition, requestOptions: requestOptions);
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            results.AddRange(page);
        }

        return results;
    }

    // Ids and designated-body codes only: never names, GMC numbers or emails.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Cosmos store: {Kind} {Key} not saved: it changed since it was read, or already exists")]
    private static partial void LogConflict(ILogger logger, string kind, string key);
}
