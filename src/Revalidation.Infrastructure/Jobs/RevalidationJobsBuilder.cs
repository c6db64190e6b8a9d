using Microsoft.Extensions.Configuration;
using Quartz;

namespace Revalidation.Infrastructure.Jobs;

/// <summary>When a job runs: a cron expression in a time zone, or a fixed interval from start.</summary>
public abstract record JobSchedule
{
    public abstract string Describe();

    public sealed record Cron(string Expression, TimeZoneInfo TimeZone) : JobSchedule
    {
        public override string Describe() => $"cron '{Expression}' ({TimeZone.Id})";
    }

    public sealed record Every(TimeSpan Interval) : JobSchedule
    {
        public override string Describe() => $"every {Interval}";
    }
}

/// <summary>One scheduled job: its name (Quartz job key), what it does, its schedule.</summary>
public sealed record ScheduledJob(string Name, Type JobType, string Description, JobSchedule Schedule, bool RunAtStartup)
{
    public JobKey Key => new(Name, RevalidationJobsBuilder.Group);

    public TriggerKey TriggerKey => new($"{Name}-schedule", RevalidationJobsBuilder.Group);
}

/// <summary>
/// The jobs a host runs. <see cref="JobRegistration.AddRevalidationJobs"/> adds the alert jobs; a feature that brings
/// its own job (directory sync, Graph subscription renewal) adds it here through the same extension's callback,
/// scheduling it only when it is configured: there are no placeholder jobs.
/// </summary>
public sealed class RevalidationJobsBuilder(IConfiguration configuration, JobsOptions options)
{
    public const string Group = "revalidation";

    private readonly List<ScheduledJob> jobs = [];

    /// <summary>The host's configuration, for a job that is scheduled only when its feature is configured.</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>"Jobs" as configured (validated again at start-up).</summary>
    public JobsOptions Options { get; } = options;

    public IReadOnlyList<ScheduledJob> Jobs => jobs;

    public RevalidationJobsBuilder Add<TJob>(string name, string description, JobSchedule schedule, bool runAtStartup = false)
        where TJob : class, IJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schedule);
        if (jobs.Any(j => j.Name == name))
        {
            throw new InvalidOperationException($"A job named '{name}' is already registered.");
        }

        jobs.Add(new ScheduledJob(name, typeof(TJob), description, schedule, runAtStartup));
        return this;
    }
}
