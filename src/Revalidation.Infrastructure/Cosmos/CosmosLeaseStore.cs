using Microsoft.Azure.Cosmos;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Cosmos.CosmosItems;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="ILeaseStore"/> (docs/decisions/0011): one <c>lease:{name}</c> item per lease in the
/// <c>_system</c> partition, read, then created or replaced with <c>IfMatchEtag</c>; a lost race is "not granted".
/// </summary>
internal sealed class CosmosLeaseStore(CosmosItems cosmos) : ILeaseStore
{
    private readonly Container container = cosmos.Container;

    public async Task<LeaseGrant?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((now + duration).ToUnixTimeMilliseconds());
        var lease = new LeaseDocument
        {
            Id = ItemTypes.LeaseId(name),
            DesignatedBodyId = ItemTypes.SystemPartition,
            Type = ItemTypes.Lease,
            Name = name,
            Holder = holder,
            ExpiresAt = expires.ToUnixTimeMilliseconds(),
        };
        var partition = new PartitionKey(ItemTypes.SystemPartition);
        var current = await cosmos.ReadAsync<LeaseDocument>(lease.Id, ItemTypes.SystemPartition, cancellationToken);
        try
        {
            if (current is null)
            {
                await container.CreateItemAsync(lease, partition, NoContent, cancellationToken);
            }
            else if (current.Holder == holder || current.ExpiresAt <= now.ToUnixTimeMilliseconds())
            {
                await container.ReplaceItemAsync(lease, lease.Id, partition, IfMatch(current.ETag!), cancellationToken);
            }
            else
            {
                return null;
            }
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            // Another holder got there between the read and the write.
            return null;
        }

        return new LeaseGrant(name, holder, expires);
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        var current = await cosmos.ReadAsync<LeaseDocument>(ItemTypes.LeaseId(name), ItemTypes.SystemPartition, cancellationToken);
        if (current is null || current.Holder != holder)
        {
            return;
        }

        var etag = current.ETag!;
        current.ETag = null;
        current.ExpiresAt = 0;
        try
        {
            await container.ReplaceItemAsync(current, current.Id, new PartitionKey(ItemTypes.SystemPartition), IfMatch(etag), cancellationToken);
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            // Renewed or taken over meanwhile: then it is no longer ours to release.
        }
    }
}
