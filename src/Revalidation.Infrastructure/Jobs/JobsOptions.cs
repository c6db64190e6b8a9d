using System.ComponentModel.DataAnnotations;
using Quartz;

namespace Revalidation.Infrastructure.Jobs;

/// <summary>
/// The worker's schedules ("Jobs"), validated at start-up. Cron expressions are Quartz's (seconds first) and
/// are read in <see cref="TimeZone"/>, so "06:00" is six in the morning in London in winter and in summer.
/// </summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>Run the jobs in this host. The local Server does by default; a deployment with a separate worker turns it off there.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The IANA time zone of every cron schedule.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TimeZone { get; set; } = "Europe/London";

    public DeadlineScanJobOptions DeadlineScan { get; set; } = new();

    public MailDispatchJobOptions MailDispatch { get; set; } = new();

    public WeeklyDigestJobOptions WeeklyDigest { get; set; } = new();

    public DirectorySyncJobOptions DirectorySync { get; set; } = new();

    public LeaseOptions Lease { get; set; } = new();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? string.Empty, out _))
        {
            yield return new ValidationResult($"Jobs:TimeZone '{TimeZone}' is not a known time zone (use an IANA id such as Europe/London).", [nameof(TimeZone)]);
        }

        foreach (var (name, cron) in new[] { ("DeadlineScan:Cron", DeadlineScan.Cron), ("WeeklyDigest:Cron", WeeklyDigest.Cron) })
        {
            if (!CronExpression.TryParse(cron ?? string.Empty, out _))
            {
                yield return new ValidationResult($"Jobs:{name} '{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week).", [name]);
            }
        }

        if (MailDispatch.Interval < TimeSpan.FromSeconds(1) || MailDispatch.Interval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Jobs:MailDispatch:Interval must be from one second to one hour.", ["MailDispatch:Interval"]);
        }

        if (Lease.Duration < TimeSpan.FromSeconds(5) || Lease.RenewEvery <= TimeSpan.Zero || Lease.RenewEvery * 2 > Lease.Duration)
        {
            yield return new ValidationResult("Jobs:Lease:Duration must be at least 5 seconds, and RenewEvery at most half of it (a renewal may fail once without losing the lease).", ["Lease"]);
        }
    }
}

public sealed class DeadlineScanJobOptions
{
    /// <summary>Daily at 06:00.</summary>
    public string Cron { get; set; } = "0 0 6 * * ?";

    /// <summary>Also scan when this replica starts running the jobs (catches up a scan missed while no worker ran; idempotent).</summary>
    public bool RunAtStartup { get; set; } = true;
}

public sealed class MailDispatchJobOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class WeeklyDigestJobOptions
{
    /// <summary>Mondays at 07:00.</summary>
    public string Cron { get; set; } = "0 0 7 ? * MON";
}

/// <summary>The single-active-scheduler lease.</summary>
public sealed class LeaseOptions
{
    /// <summary>A replica that stops renewing is replaced within this long.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(15);
}
