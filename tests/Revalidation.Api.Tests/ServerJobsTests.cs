using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Revalidation.Infrastructure.Jobs;

namespace Revalidation.Api.Tests;

/// <summary>The local Server schedules directory sync beside the alert jobs (docs/architecture.md#directory-sync: at least hourly, full weekly).</summary>
public sealed class ServerJobsTests
{
    [Fact]
    public async Task Server_WhenDirectorySyncIsConfigured_SchedulesIncrementalRoundsTwiceAnHourAndAWeeklyFullReconcile()
    {
        using var factory = new ApiFactory();
        factory.Settings["Jobs:Enabled"] = "true";
        using var client = factory.CreateClient();
        var catalog = factory.Services.GetRequiredService<RevalidationJobCatalog>();
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var incremental = catalog.Jobs.Single(j => j.Name == DirectorySyncJob.IncrementalName);
        var full = catalog.Jobs.Single(j => j.Name == DirectorySyncJob.FullName);
        var incrementalTrigger = await scheduler.GetTrigger(incremental.TriggerKey);
        var fullTrigger = await scheduler.GetTrigger(full.TriggerKey);

        // Wednesday 25 November 2026, 09:00 London (GMT): next rounds at 09:15 and 09:45; full reconcile Sunday 29th 03:00.
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var first = incrementalTrigger!.GetFireTimeAfter(at)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 15, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 45, 0, TimeSpan.Zero), incrementalTrigger.GetFireTimeAfter(first));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero), fullTrigger!.GetFireTimeAfter(at));
    }
}
