using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Infrastructure.Jobs;

namespace Revalidation.Alerts.Tests.Jobs;

/// <summary>
/// The one job registration the worker and the Server share: which jobs, on which schedules in which time zone,
/// validated options, the seam for jobs of other features, the switch, and a host that runs them. Schedules are
/// checked by computing fire times, never by waiting for them.
/// </summary>
public sealed class JobRegistrationTests : IAsyncLifetime
{
    /// <summary>Monday 12 January 2026, 07:00 in London.</summary>
    private static readonly DateTimeOffset Start = new(2026, 1, 12, 7, 0, 0, TimeSpan.Zero);

    private static readonly int[] Attempts = [1, 2, 3, 6, 7, 12];

    private AlertsWorld world = null!;

    public async Task InitializeAsync() => world = await AlertsWorld.CreateAsync(Start);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task AddRevalidationJobs_ByDefault_SchedulesTheScanDailyAt6AndTheDigestOnMondaysAt7LondonTime_AndDispatchEveryMinute()
    {
        var host = await world.StartProcessAsync(jobs: true);
        var catalog = host.Services.GetRequiredService<RevalidationJobCatalog>();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // The alert jobs, and the release of recommendations whose hold has ended (docs/decisions/0018).
        Assert.Equal([DeadlineScanJob.Name, MailDispatchJob.Name, "recommendation-hold-release", WeeklyDigestJob.Name], catalog.Jobs.Select(j => j.Name));
        var scan = await scheduler.GetTrigger(catalog.Jobs.Single(j => j.Name == DeadlineScanJob.Name).TriggerKey);
        var digest = await scheduler.GetTrigger(catalog.Jobs.Single(j => j.Name == WeeklyDigestJob.Name).TriggerKey);
        var dispatch = await scheduler.GetTrigger(catalog.Jobs.Single(j => j.Name == MailDispatchJob.Name).TriggerKey);

        // 06:00 in London is 06:00 UTC in winter and 05:00 UTC in summer (BST); the clocks change on 29 March 2026.
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 6, 0, 0, TimeSpan.Zero), scan!.GetFireTimeAfter(Start));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 5, 0, 0, TimeSpan.Zero), scan.GetFireTimeAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 5, 0, 0, TimeSpan.Zero), scan.GetFireTimeAfter(new DateTimeOffset(2026, 6, 30, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 19, 7, 0, 0, TimeSpan.Zero), digest!.GetFireTimeAfter(Start));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero), digest.GetFireTimeAfter(new DateTimeOffset(2026, 5, 26, 0, 0, 0, TimeSpan.Zero)));
        var next = dispatch!.GetFireTimeAfter(Start)!.Value;
        Assert.Equal(TimeSpan.FromMinutes(1), dispatch.GetFireTimeAfter(next) - next);
    }

    [Fact]
    public async Task AddRevalidationJobs_WhenAFeatureAddsItsJob_SchedulesItBesideTheAlertJobs()
    {
        var host = await world.StartProcessAsync(jobs: true, addJobs: jobs =>
        {
            // How directory sync (on its own branch) plugs in: only when its feature is configured.
            if (jobs.Configuration["Directory:Source"] is null)
            {
                jobs.Add<ProbeJob>("directory-sync", "synchronises the directory", new JobSchedule.Every(TimeSpan.FromMinutes(30)));
            }
        });
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Contains("directory-sync", host.Services.GetRequiredService<RevalidationJobCatalog>().Jobs.Select(j => j.Name));
        Assert.NotNull(await scheduler.GetJobDetail(new JobKey("directory-sync", RevalidationJobsBuilder.Group)));
    }

    [Fact]
    public async Task AddRevalidationJobs_WhenJobsAreDisabled_SchedulesNothingInThisHost()
    {
        world.Settings["Jobs:Enabled"] = "false";

        var host = await world.StartProcessAsync(jobs: true);

        Assert.Null(host.Services.GetService<RevalidationJobCatalog>());
        Assert.Null(host.Services.GetService<ISchedulerFactory>());
        Assert.NotNull(host.Services.GetService<MailDispatchService>());
    }

    [Fact]
    public async Task StartedHost_WhenItHoldsTheLease_RunsTheStartupScanThenDispatchesItsAlerts()
    {
        // Tuesday: the weekly digest (Mondays 07:00) is not due, so what is sent is the scan's alone.
        world.Time.Advance(TimeSpan.FromDays(1));
        var body = await world.AddBodyAsync();
        await world.AddDoctorAsync(body.Code, world.Today.AddDays(20), given: "Hana", family: "Hughes");

        var host = await world.StartProcessAsync(jobs: true);
        var runs = host.Services.GetRequiredService<JobRunLog>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // a ceiling for a loaded machine, not a timing assertion
        var scan = await runs.WaitForAsync(r => r.Job == DeadlineScanJob.Name, timeout.Token);
        var dispatch = await runs.WaitForAsync(r => r.Job == MailDispatchJob.Name && r.StartSequence > scan.Sequence, timeout.Token);

        Assert.True(scan.Succeeded && dispatch.Succeeded);
        var sent = (await world.AlertsAsync()).Count(a => a.State == AlertState.Sent);
        Assert.True(sent >= 3, $"the RO's reminder, the connection check, the gaps… ({sent})");
        Assert.Contains($"Pending = {sent},", scan.Result, StringComparison.Ordinal);
        Assert.Equal(sent, world.Smtp.Messages.Count);
        Assert.Contains("Dr Hana Hughes", Assert.Single(world.Smtp.To(AlertsWorld.RoEmail)).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHostsInOneProcess_EachRunTheirOwnScheduler_AndStoppingOneLeavesTheOtherRunning()
    {
        // Quartz keeps schedulers in a process-wide repository keyed by name: hosts that share a name share (and stop) one scheduler.
        var first = await world.StartProcessAsync(jobs: true);
        var second = await world.StartProcessAsync(jobs: true);
        var one = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var two = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.NotEqual(one.SchedulerName, two.SchedulerName);
        await first.StopAsync();

        Assert.Equal(SchedulerStatus.Shutdown, one.Status);
        Assert.NotEqual(SchedulerStatus.Shutdown, two.Status);
    }

    [Theory]
    [InlineData("TimeZone", "Mars/Olympus")]
    [InlineData("DeadlineScan:Cron", "every morning")]
    [InlineData("WeeklyDigest:Cron", "0 0 7 ? * FUNDAY")]
    [InlineData("Lease:RenewEvery", "00:00:45")]
    [InlineData("MailDispatch:Interval", "00:00:00")]
    public void JobsOptions_WhenASettingIsWrong_AreInvalidAndNameIt(string setting, string value)
    {
        var options = new JobsOptions();
        switch (setting)
        {
            case "TimeZone": options.TimeZone = value; break;
            case "DeadlineScan:Cron": options.DeadlineScan.Cron = value; break;
            case "WeeklyDigest:Cron": options.WeeklyDigest.Cron = value; break;
            case "Lease:RenewEvery": options.Lease.RenewEvery = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MailDispatch:Interval": options.MailDispatch.Interval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Any(m => setting.StartsWith(m, StringComparison.Ordinal)));
    }

    [Fact]
    public void OutboxOptions_WhenRetriesWouldGiveUpWithinAnHour_AreInvalid()
    {
        var options = new OutboxOptions { MaxAttempts = 3 };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.True(new OutboxOptions().RetryWindow >= TimeSpan.FromHours(1));
        Assert.Equal(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(32), TimeSpan.FromHours(1), TimeSpan.FromHours(1)],
            Attempts.Select(new OutboxOptions().RetryDelay));
    }

    [Fact]
    public async Task StartingWithAnSmtpPasswordInAppSettings_FailsAndSaysWhereItBelongs()
    {
        var folder = Path.Combine(world.Folder, "appsettings-host");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"),
            """{ "Alerts": { "Mail": { "Transport": "Smtp" }, "Smtp": { "Host": "smtp.northfield.example", "UserName": "relay", "Password": "hunter2" } } }""");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = false });
        builder.Services.AddSingleton(world.Doctors).AddSingleton(world.Bodies).AddSingleton(world.Outbox).AddSingleton(world.Leases);
        Revalidation.Infrastructure.InfrastructureServiceCollectionExtensions.AddRevalidationAlerts(builder.Services, builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Alerts:Smtp:Password must not be in appsettings", error.Message, StringComparison.Ordinal);
    }

    [DisallowConcurrentExecution]
    private sealed class ProbeJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
