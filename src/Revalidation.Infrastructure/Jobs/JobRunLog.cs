using System.Diagnostics;
using Quartz;
using Revalidation.Core.Alerts;
using Revalidation.Core.Scheduling;
using Revalidation.Infrastructure.Observability;

namespace Revalidation.Infrastructure.Jobs;

/// <summary>
/// One finished run of a job: what it reported (counts only), or that it failed. Starts and finishes are numbered
/// from one sequence, so "this run started after that one finished" is <c>StartSequence &gt; other.Sequence</c>.
/// </summary>
public sealed record JobRun(long Sequence, long StartSequence, string Job, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string? Result);

/// <summary>
/// The last runs of every job in this process, newest last: for health and diagnostics, and for tests to wait
/// on a run instead of sleeping.
/// </summary>
public sealed class JobRunLog
{
    private const int Keep = 200;

    private readonly Lock gate = new();
    private readonly List<JobRun> runs = [];
    private readonly List<(Func<JobRun, bool> Match, TaskCompletionSource<JobRun> Done)> waiters = [];
    private long sequence;

    public IReadOnlyList<JobRun> Runs
    {
        get
        {
            lock (gate)
            {
                return [.. runs];
            }
        }
    }

    /// <summary>Numbers the start of a run.</summary>
    public long NextSequence() => Interlocked.Increment(ref sequence);

    public void Record(string job, long startSequence, DateTimeOffset startedAt, DateTimeOffset finishedAt, bool succeeded, string? result)
    {
        List<TaskCompletionSource<JobRun>> done = [];
        JobRun run;
        lock (gate)
        {
            run = new JobRun(Interlocked.Increment(ref sequence), startSequence, job, startedAt, finishedAt, succeeded, result);
            runs.Add(run);
            if (runs.Count > Keep)
            {
                runs.RemoveAt(0);
            }

            foreach (var waiter in waiters.Where(w => w.Match(run)).ToList())
            {
                waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        done.ForEach(d => d.TrySetResult(run));
    }

    /// <summary>The first run, already recorded or still to come, that <paramref name="match"/> accepts.</summary>
    public Task<JobRun> WaitForAsync(Func<JobRun, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (gate)
        {
            if (runs.FirstOrDefault(match) is { } run)
            {
                return Task.FromResult(run);
            }

            var done = new TaskCompletionSource<JobRun>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, done));
            cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return done.Task;
        }
    }
}

/// <summary>
/// Records every job run in the <see cref="JobRunLog"/>, as a span of the product's activity source (named by the job,
/// tagged with its outcome), and in the counters of <see cref="RevalidationMetrics"/> (README "Observability").
/// </summary>
internal sealed class JobRunRecorder(JobRunLog log, TimeProvider time, RevalidationMetrics? metrics = null) : IJobListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> started = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Activity> spans = new(StringComparer.Ordinal);

    public string Name => "revalidation-job-runs";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        started[context.FireInstanceId] = log.NextSequence();
        if (RevalidationTelemetry.Source.StartActivity($"job {context.JobDetail.Key.Name}") is { } span)
        {
            span.SetTag("revalidation.job", context.JobDetail.Key.Name);
            spans[context.FireInstanceId] = span;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var finished = time.GetUtcNow();
        started.TryRemove(context.FireInstanceId, out var startSequence);
        log.Record(context.JobDetail.Key.Name, startSequence, finished - context.JobRunTime, finished, jobException is null, context.Result?.ToString());
        switch (context.Result)
        {
            case MailDispatchReport dispatch:
                metrics?.RecordDispatch(dispatch);
                break;
            case int failedRuns when context.JobDetail.Key.Name is DirectorySyncJob.IncrementalName or DirectorySyncJob.FullName:
                metrics?.RecordDirectoryRunsFailed(failedRuns);
                break;
        }

        if (spans.TryRemove(context.FireInstanceId, out var span))
        {
            // The outcome in words the code chose (counts), or the exception's type: never its message, which may quote data.
            span.SetTag("revalidation.job.succeeded", jobException is null);
            span.SetStatus(jobException is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, jobException?.InnerException?.GetType().Name ?? jobException?.GetType().Name);
            span.Stop();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Belt and braces for the lease: a trigger that fires on a replica whose term has lapsed does not run its job.</summary>
internal sealed class LeaseGateListener(SchedulerLease lease) : ITriggerListener
{
    public string Name => "revalidation-lease-gate";

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(!lease.IsHeld);

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerSkipped(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerRetriesExhausted(ITrigger trigger, IJobExecutionContext context, JobExecutionException exception, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
