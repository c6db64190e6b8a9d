using Quartz;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Infrastructure.Jobs;

/// <summary>"Jobs:DirectorySync": how often each directory source is synchronised (docs/architecture.md#directory-sync).</summary>
public sealed class DirectorySyncJobOptions
{
    /// <summary>Incremental rounds, every 30 minutes at :15 and :45 (delta tokens expire after 7 days: run at least hourly).
    /// A clock schedule rather than "every N" so that no round starts with the host, beside its start-up work.</summary>
    public string IncrementalCron { get; set; } = "0 15/30 * * * ?";

    /// <summary>The weekly full reconcile (Sunday 03:00 in the jobs' time zone).</summary>
    public string FullCron { get; set; } = "0 0 3 ? * SUN";
}

/// <summary>Runs every configured directory source: incremental, or a full reconcile. Thin: the sync service does the work.</summary>
[DisallowConcurrentExecution]
public sealed class DirectorySyncJob(DirectorySyncService sync) : IJob
{
    public const string IncrementalName = "directory-sync";
    public const string FullName = "directory-full-reconcile";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mode = context.JobDetail.Key.Name == FullName ? SyncMode.Full : SyncMode.Incremental;
        var failed = 0;
        foreach (var source in sync.Sources)
        {
            var result = await sync.RunAsync(source.Id, mode, "schedule", cancellationToken);
            if (!result.IsOk || result.Value!.Status == SyncRunStatus.Failed)
            {
                failed++;
            }
        }

        context.Result = failed;
    }
}
