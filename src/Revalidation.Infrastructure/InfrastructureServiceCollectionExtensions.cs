using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Evidence;
using Revalidation.Core.Scheduling;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.DirectorySync;
using Revalidation.Infrastructure.Evidence;
using Revalidation.Infrastructure.Jobs;
using Revalidation.Infrastructure.Mail;
using Revalidation.Infrastructure.Sqlite.DirectorySync;
using Revalidation.Infrastructure.Sqlite;
namespace Revalidation.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// The embedded store: the store ports (<see cref="IDoctorStore"/>, <see cref="IDesignatedBodyStore"/>,
    /// <see cref="IAuditLog"/>, <see cref="IAlertOutbox"/>, <see cref="ILeaseStore"/>) over one SQLite file
    /// ("Store:Sqlite", validated at start-up), and <see cref="SqliteStoreInitialiser"/>, which migrates the file before other hosted services start.
    /// </summary>
    public static IServiceCollection AddRevalidationSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(SqliteStoreInitialiser)))
        {
            return services;
        }

        services.AddLogging();
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<SqliteDatabase>();
        services.AddPooledDbContextFactory<RevalidationDbContext>((sp, options) => sp.GetRequiredService<SqliteDatabase>().Configure(options));
        services.TryAddSingleton<IDoctorStore>(sp => new SqliteDoctorStore(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteDoctorStore>>(),
            sp.GetRequiredService<DocumentSchemas>(),
            new DoctorSummaryCache(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.SummaryCacheDoctors)));
        services.TryAddSingleton<IDesignatedBodyStore>(sp => new SqliteDesignatedBodyStore(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteDesignatedBodyStore>>(),
            sp.GetRequiredService<DocumentSchemas>()));
        services.TryAddSingleton<IAuditLog>(sp => new SqliteAuditLog(sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>()));
        services.TryAddSingleton<IAlertOutbox>(sp => new SqliteAlertOutbox(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteAlertOutbox>>(),
            sp.GetRequiredService<DocumentSchemas>()));
        services.TryAddSingleton<ILeaseStore>(sp => new SqliteLeaseStore(sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>()));
        services.AddRevalidationWritePaths();
        services.AddSingleton(sp => new SqliteStoreInitialiser(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteStoreInitialiser>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SqliteStoreInitialiser>());
        return services;
    }

    /// <summary>The embedded evidence store: files in a local folder ("Evidence:Folder", validated at start-up).</summary>
    public static IServiceCollection AddRevalidationFolderEvidenceStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FolderEvidenceOptions>()
            .Bind(configuration.GetSection(FolderEvidenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IEvidenceFileStore, FolderEvidenceStore>();
        services.AddHostedService<Evidence.EvidenceStoreStartup>();
        return services;
    }

    /// <summary>
    /// The alert feature services (deadline scan, mail dispatch, weekly digests) and the mail adapter chosen by
    /// "Alerts:Mail:Transport": <c>Pickup</c> (the embedded default, .eml files) or <c>Smtp</c> (MailKit). Options
    /// ("Revalidation:Rules", "Alerts:*") are validated at start-up. Needs a store.
    /// </summary>
    public static IServiceCollection AddRevalidationAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(MailDispatchService)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RevalidationOptions>().Bind(configuration.GetSection(RevalidationOptions.Section))
            .PostConfigure(o => o.UseConfiguredLists(
                configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.DoctorAppraisalReminderDays)).Get<int[]>(),
                configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.ResponsibleOfficerReminderDays)).Get<int[]>()))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertMailOptions>().Bind(configuration.GetSection(AlertMailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeadlineScanOptions>().Bind(configuration.GetSection(DeadlineScanOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AlertMessageComposer>();
        services.TryAddSingleton<DeadlineScanService>();
        services.TryAddSingleton<MailDispatchService>();
        services.TryAddSingleton<DigestService>();

        var transport = configuration.GetValue<MailTransport?>("Alerts:Mail:Transport") ?? MailTransport.Pickup;
        if (transport == MailTransport.Smtp)
        {
            var passwordInAppSettings = PasswordInAppSettings(configuration);
            services.AddOptions<SmtpOptions>()
                .Bind(configuration.GetSection(SmtpOptions.Section))
                .ValidateDataAnnotations()
                .Validate(_ => !passwordInAppSettings, "Alerts:Smtp:Password must not be in appsettings*.json: set it as an environment variable (Alerts__Smtp__Password), in user secrets or in Key Vault.")
                .Validate<IOptions<OutboxOptions>>((smtp, outbox) => smtp.SendTimeout < outbox.Value.ClaimDuration, "Alerts:Smtp:SendTimeout must be shorter than Alerts:Outbox:ClaimDuration, or a slow send could be taken over and sent twice.")
                .ValidateOnStart();
            services.TryAddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            services.AddOptions<PickupFolderOptions>().Bind(configuration.GetSection(PickupFolderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<IMailSender, PickupFolderMailSender>();
        }

        return services;
    }

    /// <summary>
    /// The one job registration, used by the worker and by the local Server: the alert jobs (deadline scan daily,
    /// mail dispatch every minute, weekly digests) plus whatever <paramref name="addJobs"/> adds (for example the
    /// directory sync job, where that feature is present), on Quartz, run by one replica at a time (the scheduler
    /// lease). "Jobs" is validated at start-up; with "Jobs:Enabled" false, no job runs in this host.
    /// </summary>
    public static IServiceCollection AddRevalidationJobs(this IServiceCollection services, IConfiguration configuration, Action<RevalidationJobsBuilder>? addJobs = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRevalidationAlerts(configuration);
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Core.Recommendations.HoldReleaseService>();
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!options.Enabled || services.Any(s => s.ServiceType == typeof(RevalidationJobCatalog)))
        {
            return services;
        }

        var builder = new RevalidationJobsBuilder(configuration, options);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        builder.Add<DeadlineScanJob>(DeadlineScanJob.Name, "records the alerts due today (docs/domain.md#alerts) and sends them",
            new JobSchedule.Cron(options.DeadlineScan.Cron, zone), options.DeadlineScan.RunAtStartup);
        builder.Add<MailDispatchJob>(MailDispatchJob.Name, "sends pending alert emails from the outbox",
            new JobSchedule.Every(options.MailDispatch.Interval));
        builder.Add<RecommendationHoldReleaseJob>(RecommendationHoldReleaseJob.Name, "releases recommendations whose cooling-off hold has ended (docs/decisions/0018)",
            new JobSchedule.Every(TimeSpan.FromMinutes(1)), runAtStartup: true);
        builder.Add<WeeklyDigestJob>(WeeklyDigestJob.Name, "records and sends the weekly digests for ROs and medical directors",
            new JobSchedule.Cron(options.WeeklyDigest.Cron, zone));
        var hasSources = configuration.GetSection($"{DirectorySourcesOptions.Section}:{nameof(DirectorySourcesOptions.Sources)}").GetChildren().Any();
        if (hasSources && services.Any(s => s.ServiceType == typeof(DirectorySyncService)))
        {
            // Directory sync is scheduled only where a source is configured (the Server; the Worker with Directory:Sources).
            // GMC Connect registers the sync services for the data-quality queue alone, which needs no rounds.
            builder.Add<DirectorySyncJob>(DirectorySyncJob.IncrementalName, "synchronises every directory source (incremental)",
                new JobSchedule.Cron(options.DirectorySync.IncrementalCron, zone));
            builder.Add<DirectorySyncJob>(DirectorySyncJob.FullName, "full reconcile of every directory source",
                new JobSchedule.Cron(options.DirectorySync.FullCron, zone));
        }

        addJobs?.Invoke(builder);

        var catalog = new RevalidationJobCatalog(builder.Jobs);
        services.AddSingleton(catalog);
        services.TryAddSingleton<JobRunLog>();
        services.TryAddSingleton(sp => new SchedulerLease(
            sp.GetRequiredService<ILeaseStore>(),
            sp.GetRequiredService<TimeProvider>(),
            "scheduler",
            $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}",
            sp.GetRequiredService<IOptions<JobsOptions>>().Value.Lease.Duration,
            sp.GetRequiredService<ILogger<SchedulerLease>>()));

        services.AddQuartz(q =>
        {
            // Quartz keeps its schedulers in one process-wide repository keyed by instance name: two hosts in one process
            // (the Server beside a test's second server, or Functions beside a worker) with the default name share one
            // scheduler, and stopping one stops the other's jobs. Each host's scheduler gets its own name.
            q.ConfigureScheduler(o => o.InstanceName = $"revalidation-{Guid.NewGuid():N}");
            foreach (var job in catalog.Jobs)
            {
                q.AddJob(job.JobType, j => j.WithIdentity(job.Key).WithDescription(job.Description).StoreDurably().DisallowConcurrentExecution());
                q.AddTrigger(t =>
                {
                    t.ForJob(job.Key).WithIdentity(job.TriggerKey);
                    _ = job.Schedule switch
                    {
                        JobSchedule.Cron cron => t.WithCronSchedule(cron.Expression, c => c.InTimeZone(cron.TimeZone)),
                        JobSchedule.Every every => t.StartNow().WithSimpleSchedule(s => s.WithInterval(every.Interval).RepeatForever()),
                        _ => throw new InvalidOperationException($"Unknown schedule for job {job.Name}."),
                    };
                });
                if (job.RunAtStartup)
                {
                    q.RunAtStartup(job.Key);
                }
            }

            q.AddTriggerListener(sp => new LeaseGateListener(sp.GetRequiredService<SchedulerLease>()), [Matchers.AllTriggers()]);
            q.AddJobListener(sp => new JobRunRecorder(sp.GetRequiredService<JobRunLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<Observability.RevalidationMetrics>()), [Matchers.AllJobs()]);
        });

        // Registered before Quartz's hosted service so that it stops after it: Quartz finishes its running jobs, then the lease is released.
        services.AddHostedService<SchedulerLeaderService>();
        services.AddQuartzHostedService(o =>
        {
            o.AutoStart = false;
            o.WaitForJobsToComplete = true;
        });
        return services;
    }

    /// <summary>Whether the SMTP password comes from an appsettings file (it must come from the environment or a secret store).</summary>
    private static bool PasswordInAppSettings(IConfiguration configuration) =>
        configuration is IConfigurationRoot root && root.Providers.OfType<JsonConfigurationProvider>()
            .Any(p => p.Source.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true
                && p.TryGet($"{SmtpOptions.Section}:Password", out var value) && !string.IsNullOrEmpty(value));

    /// <summary>
    /// Directory sync: the sources of "Directory:Sources" (file exports, Microsoft Graph), the sync store registered with
    /// the chosen store (Cosmos), or else in the embedded SQLite file (its own migrations, applied at start-up by
    /// <see cref="DirectoryStoreInitialiser"/>), and the one
    /// <see cref="DirectorySyncService"/> that HTTP handlers and the scheduled job call. Every setting is validated at start-up.
    /// </summary>
    public static IServiceCollection AddRevalidationDirectorySync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(DirectoryStoreInitialiser)))
        {
            return services;
        }

        // A sync store registered with the chosen store (Cosmos: the same container) is used as it is; otherwise the SQLite file.
        var sqlite = !services.Any(s => s.ServiceType == typeof(IDirectorySyncStore));
        if (sqlite)
        {
            services.AddRevalidationSqliteStore(configuration);
        }

        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(s => s.ServiceType == typeof(IConfigureOptions<RevalidationOptions>)))
        {
            // The rules' options, unless the host (the API) bound them already: binding twice would repeat list items.
            services.AddOptions<RevalidationOptions>()
                .Bind(configuration.GetSection(RevalidationOptions.Section))
                .PostConfigure(o => o.UseConfiguredLists(
                    configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.DoctorAppraisalReminderDays)).Get<int[]>(),
                    configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.ResponsibleOfficerReminderDays)).Get<int[]>()))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        services.AddOptions<DirectorySyncOptions>()
            .Bind(configuration.GetSection(DirectorySyncOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DirectorySourcesOptions>()
            .Bind(configuration.GetSection(DirectorySourcesOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (sqlite)
        {
            services.AddPooledDbContextFactory<DirectoryDbContext>((sp, options) =>
            {
                sp.GetRequiredService<SqliteDatabase>().Configure(options);
                DirectoryDbContext.Configure(options);
            });
            services.TryAddSingleton<IDirectorySyncStore>(sp => new SqliteDirectorySyncStore(sp.GetRequiredService<IDbContextFactory<DirectoryDbContext>>()));
            services.AddSingleton(sp => new DirectoryStoreInitialiser(
                sp.GetRequiredService<IDbContextFactory<DirectoryDbContext>>(),
                sp.GetRequiredService<ILogger<DirectoryStoreInitialiser>>()));
            services.AddHostedService(sp => sp.GetRequiredService<DirectoryStoreInitialiser>());
        }

        services.TryAddSingleton(sp => new DirectorySyncService(
            CreateSources(sp.GetRequiredService<IOptions<DirectorySourcesOptions>>().Value, sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()),
            sp.GetRequiredService<IDirectorySyncStore>(),
            sp.GetRequiredService<IDoctorStore>(),
            sp.GetRequiredService<Revalidation.Core.Doctors.DoctorRecordService>(),
            sp.GetRequiredService<IDesignatedBodyStore>(),
            sp.GetRequiredService<IAlertOutbox>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RevalidationOptions>>(),
            sp.GetRequiredService<IOptions<DirectorySyncOptions>>(),
            sp.GetRequiredService<ILogger<DirectorySyncService>>()));
        return services;
    }

    private static List<IDirectorySource> CreateSources(DirectorySourcesOptions options, string contentRoot) =>
        [.. options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(pair =>
        {
            var (id, source) = pair;
            var info = new DirectorySourceInfo(id, source.Kind.ToString(), DesignatedBodyCode.Parse(source.DesignatedBody),
                source.Description ?? (source.Kind == DirectorySourceKind.File ? $"File {source.File!.Path}" : "Microsoft Entra ID (Microsoft Graph)"));
            return source.Kind == DirectorySourceKind.Graph
                ? (IDirectorySource)new GraphDirectorySource(info, source.Graph!, source.Graph!.CreateClient())
                : new FileDirectorySource(info, source.File!, contentRoot);
        })];
}
