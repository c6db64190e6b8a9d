using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Scheduling;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Jobs;

namespace Revalidation.Alerts.Tests.Jobs;

/// <summary>
/// One active scheduler among replicas: two worker processes over one SQLite file, each with its own Quartz
/// scheduler, elect through the store's lease on a fake clock. The holder runs; the other stands by; when the
/// holder dies (stops renewing) the other takes over within one lease term; a returning replica stands by.
/// </summary>
public sealed class SchedulerLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Term = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);

    private AlertsWorld world = null!;

    public async Task InitializeAsync() => world = await AlertsWorld.CreateAsync(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Lease_WhenTheHolderStopsRenewing_AnotherReplicaTakesOverWithinOneTerm()
    {
        var a = Lease(world.Leases, "replica-a");
        var b = Lease((await world.StartProcessAsync()).Services.GetRequiredService<ILeaseStore>(), "replica-b");

        Assert.True(await a.RefreshAsync());
        Assert.False(await b.RefreshAsync());

        // A renews every 15 s; B keeps asking and is refused.
        for (var i = 0; i < 8; i++)
        {
            world.Time.Advance(RenewEvery);
            Assert.True(await a.RefreshAsync());
            Assert.False(await b.RefreshAsync());
        }

        // A dies right after a renewal. B asks every 15 s and holds the lease once A's term ends, not before.
        var diedAt = world.Time.GetUtcNow();
        var takenOverAfter = TimeSpan.Zero;
        while (!await b.RefreshAsync())
        {
            Assert.True(a.IsHeld || world.Time.GetUtcNow() - diedAt >= Term);
            world.Time.Advance(RenewEvery);
            takenOverAfter += RenewEvery;
        }

        Assert.Equal(Term, takenOverAfter);
        Assert.False(a.IsHeld);
        Assert.True(b.IsHeld);

        // A comes back: it is refused, and stands by.
        Assert.False(await a.RefreshAsync());
    }

    [Fact]
    public async Task Tick_WhenTwoReplicasElect_OnlyTheHolderRunsItsScheduler_AndTheOtherTakesOverWhenItDies()
    {
        var otherLeases = (await world.StartProcessAsync()).Services.GetRequiredService<ILeaseStore>();
        await using var schedulerA = new DisposableScheduler(await QuartzSchedulerBuilder.Create(q => q.UseTimeProvider(world.Time)).BuildScheduler());
        await using var schedulerB = new DisposableScheduler(await QuartzSchedulerBuilder.Create(q => q.UseTimeProvider(world.Time)).BuildScheduler());
        var a = Leader(Lease(world.Leases, "replica-a"));
        var b = Leader(Lease(otherLeases, "replica-b"));

        await a.TickAsync(schedulerA.Scheduler, default);
        await b.TickAsync(schedulerB.Scheduler, default);
        Assert.Equal(SchedulerStatus.Running, schedulerA.Scheduler.Status);
        Assert.NotEqual(SchedulerStatus.Running, schedulerB.Scheduler.Status);

        // A stops ticking (it died); B ticks on and starts its scheduler once A's term has run out.
        for (var elapsed = TimeSpan.Zero; elapsed < Term; elapsed += RenewEvery)
        {
            world.Time.Advance(RenewEvery);
            await b.TickAsync(schedulerB.Scheduler, default);
            Assert.Equal(elapsed + RenewEvery >= Term, schedulerB.Scheduler.Status == SchedulerStatus.Running);
        }

        // A wakes up (a long pause, not a death): it finds its lease gone and stands its scheduler down.
        await a.TickAsync(schedulerA.Scheduler, default);
        Assert.Equal(SchedulerStatus.Standby, schedulerA.Scheduler.Status);
        Assert.Equal(SchedulerStatus.Running, schedulerB.Scheduler.Status);
    }

    [Fact]
    public async Task Release_WhenTheHolderShutsDownCleanly_AnotherReplicaTakesOverAtOnce()
    {
        var a = Lease(world.Leases, "replica-a");
        var b = Lease((await world.StartProcessAsync()).Services.GetRequiredService<ILeaseStore>(), "replica-b");
        Assert.True(await a.RefreshAsync());

        await a.ReleaseAsync();

        Assert.True(await b.RefreshAsync());
        Assert.False(a.IsHeld);
    }

    private SchedulerLease Lease(ILeaseStore leases, string holder) =>
        new(leases, world.Time, "scheduler", holder, Term, NullLogger<SchedulerLease>.Instance);

    private SchedulerLeaderService Leader(SchedulerLease lease) =>
        new(null!, lease, new RevalidationJobCatalog([]), Options.Create(new JobsOptions()), null!, world.Time, NullLogger<SchedulerLeaderService>.Instance);

    private sealed class DisposableScheduler(IScheduler scheduler) : IAsyncDisposable
    {
        public IScheduler Scheduler { get; } = scheduler;

        public async ValueTask DisposeAsync() => await Scheduler.Shutdown(waitForJobsToComplete: false);
    }
}
