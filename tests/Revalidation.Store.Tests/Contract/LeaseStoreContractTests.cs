using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="ILeaseStore"/> must do (docs/decisions/0010), written against the ports only: one
/// holder at a time, renewals, take-over after the term, release, and a race won by exactly one. An adapter's test class
/// subclasses this and says how to open its store (<see cref="IStoreSource"/>); nothing else changes.
/// </summary>
public abstract class LeaseStoreContractTests(IStoreSource source) : StoreContract(source)
{
    // ---- the scheduler lease ----

    [Fact]
    public async Task TryAcquireLeaseAsync_WhenFree_GrantsItAndRefusesAnotherHolderUntilItLapses()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var term = TimeSpan.FromSeconds(60);

        var first = await Leases.TryAcquireLeaseAsync(name, "a", Now, term);
        var other = await Leases.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(59), term);
        var renewed = await Leases.TryAcquireLeaseAsync(name, "a", Now.AddSeconds(30), term);
        var stillRefused = await Leases.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(89), term);
        var takenOver = await Leases.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(90), term);
        var formerHolder = await Leases.TryAcquireLeaseAsync(name, "a", Now.AddSeconds(91), term);

        Assert.Equal(new LeaseGrant(name, "a", Now.Add(term)), first);
        Assert.Null(other);
        Assert.Equal(Now.AddSeconds(90), renewed!.ExpiresAt);
        Assert.Null(stillRefused);
        Assert.Equal(new LeaseGrant(name, "b", Now.AddSeconds(150)), takenOver);
        Assert.Null(formerHolder);
    }

    [Fact]
    public async Task ReleaseLeaseAsync_WhenHolderReleases_AnotherTakesItAtOnce_AndOthersCannotRelease()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var term = TimeSpan.FromSeconds(60);
        await Leases.TryAcquireLeaseAsync(name, "a", Now, term);

        await Leases.ReleaseLeaseAsync(name, "b");
        Assert.Null(await Leases.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(1), term));

        await Leases.ReleaseLeaseAsync(name, "a");
        Assert.NotNull(await Leases.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(2), term));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_WhenTwoStoresRaceForAFreeLease_GrantsItToExactlyOne()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var otherStore = await CreateStoresAsync();

        var grants = await Task.WhenAll(
            Task.Run(() => Leases.TryAcquireLeaseAsync(name, "a", Now, TimeSpan.FromMinutes(1))),
            Task.Run(() => otherStore.Leases.TryAcquireLeaseAsync(name, "b", Now, TimeSpan.FromMinutes(1))));

        Assert.Single(grants, g => g is not null);
    }
}
