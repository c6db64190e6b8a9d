using Quartz;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Jobs;

// The jobs are thin: each calls one feature service of Core, as an HTTP endpoint would, and reports what it did.

/// <summary>docs/domain.md#alerts: records the alerts due today, then has the dispatcher send them at once.</summary>
[DisallowConcurrentExecution]
public sealed class DeadlineScanJob(DeadlineScanService scan) : IJob
{
    public const string Name = "deadline-scan";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await scan.RunAsync(cancellationToken);
        context.Result = report;
        if (report.Pending > 0 && await context.Scheduler.Exists(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken))
        {
            await context.Scheduler.TriggerJob(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken: cancellationToken);
        }
    }
}

/// <summary>Sends what the outbox holds.</summary>
[DisallowConcurrentExecution]
public sealed class MailDispatchJob(MailDispatchService dispatch) : IJob
{
    public const string Name = "mail-dispatch";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Result = await dispatch.RunAsync(cancellationToken);
    }
}

/// <summary>Records the weekly digests for ROs and medical directors, then has the dispatcher send them.</summary>
[DisallowConcurrentExecution]
public sealed class WeeklyDigestJob(DigestService digests) : IJob
{
    public const string Name = "weekly-digest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recorded = await digests.RunAsync(cancellationToken);
        context.Result = recorded;
        if (recorded > 0 && await context.Scheduler.Exists(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken))
        {
            await context.Scheduler.TriggerJob(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken: cancellationToken);
        }
    }
}

/// <summary>docs/decisions/0018: releases recommendations whose cooling-off hold has ended (every minute and at start-up).</summary>
[DisallowConcurrentExecution]
public sealed class RecommendationHoldReleaseJob(Core.Recommendations.HoldReleaseService release) : IJob
{
    public const string Name = "recommendation-hold-release";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Result = await release.RunAsync(cancellationToken);
    }
}
