using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Revalidation.Core.Scheduling;

namespace Revalidation.Infrastructure.Jobs;

/// <summary>
/// Runs the jobs on one replica at a time. Once the host has started, it logs the schedule, then every
/// <see cref="LeaseOptions.RenewEvery"/> takes or renews the scheduler lease: while this replica holds it, the Quartz
/// scheduler runs (the first start also runs the start-up jobs; cron firings missed while standing by fire once
/// on take-over); when it loses it, the scheduler stands by. On shutdown, after Quartz has finished its running
/// jobs, the lease is released so that another replica takes over at once.
/// </summary>
internal sealed partial class SchedulerLeaderService(
    ISchedulerFactory schedulers,
    SchedulerLease lease,
    RevalidationJobCatalog catalog,
    IOptions<JobsOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SchedulerLeaderService> logger) : BackgroundService
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private bool? leading;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs start once every hosted service has (the store is migrated, demo data seeded).
        await WhenStartedAsync(stoppingToken);
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        await LogScheduleAsync(scheduler, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await TickAsync(scheduler, stoppingToken);
            try
            {
                await Task.Delay(options.Value.Lease.RenewEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Released even when the host's shutdown time has run out (waiting for a long job): one small write, on its
        // own short clock, so that the next replica (or this one, restarted) takes over at once rather than after a term.
        using var release = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await lease.ReleaseAsync(release.Token);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, e);
        }
    }

    /// <summary>One round of the election: hold → run, lost → stand by.</summary>
    internal async Task TickAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var held = await lease.RefreshAsync(cancellationToken);
        if (scheduler.Status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)
        {
            return;
        }

        var running = scheduler.Status == SchedulerStatus.Running;
        if (held && !running)
        {
            await scheduler.Start(cancellationToken);
            LogLeading(logger, lease.Name, lease.Duration);
        }
        else if (!held && running)
        {
            await scheduler.Standby(cancellationToken);
            LogStandingBy(logger, lease.Name);
        }
        else if (!held && leading is null)
        {
            LogWaiting(logger, lease.Name);
        }

        leading = held;
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    private async Task LogScheduleAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        LogHolder(logger, catalog.Jobs.Count, lease.Holder);
        foreach (var job in catalog.Jobs)
        {
            var trigger = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
            LogJob(logger, job.Name, job.Schedule.Describe(), trigger?.NextFireTimeUtc, job.RunAtStartup, job.Description);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobs: {Count} scheduled; this replica is {Holder} and runs them while it holds the scheduler lease")]
    private static partial void LogHolder(ILogger logger, int count, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: {Schedule}, next at {NextRunUtc:u}{AtStartup}; {Description}")]
    private static partial void LogJobCore(ILogger logger, string job, string schedule, DateTimeOffset? nextRunUtc, string atStartup, string description);

    private static void LogJob(ILogger logger, string job, string schedule, DateTimeOffset? next, bool runAtStartup, string description) =>
        LogJobCore(logger, job, schedule, next, runAtStartup ? ", and once when this replica starts running jobs" : string.Empty, description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler lease {Lease} held (term {Term}): this replica runs the jobs")]
    private static partial void LogLeading(ILogger logger, string lease, TimeSpan term);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler lease {Lease} lost: this replica stands by")]
    private static partial void LogStandingBy(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler lease {Lease} is held by another replica: standing by")]
    private static partial void LogWaiting(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the scheduler lease; another replica takes over when its term ends")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}

/// <summary>The jobs registered in this host (for logging and tests).</summary>
public sealed class RevalidationJobCatalog(IReadOnlyList<ScheduledJob> jobs)
{
    public IReadOnlyList<ScheduledJob> Jobs { get; } = jobs;
}
