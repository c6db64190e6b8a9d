using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Infrastructure.Jobs;

namespace Revalidation.Infrastructure.Gmc;

/// <summary>GMC Connect (docs/decisions/0013): the route per designated body, the SOAP client, the feature services and their jobs.</summary>
public static class GmcServiceCollectionExtensions
{
    public const string HttpClientName = "gmc-connect";

    /// <summary>
    /// "Gmc" (validated at start-up: a WebService body without its URL, user name or password stops the host with the setting's
    /// name; a password in an appsettings file is refused), <see cref="IGmcConnect"/> (the manual adapter when no body uses the
    /// web service, else the web-service adapter), and the dispatch, polling, reconciliation and connection services. Needs the
    /// store and the directory sync store (the data-quality queue), which it adds when missing.
    /// </summary>
    public static IServiceCollection AddRevalidationGmc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(GmcSubmissionService)))
        {
            return services;
        }

        services.AddRevalidationDirectorySync(configuration);
        services.TryAddSingleton(TimeProvider.System);
        var passwordsInAppSettings = PasswordsInAppSettings(configuration);
        services.AddOptions<GmcOptions>()
            .Bind(configuration.GetSection(GmcOptions.Section))
            .ValidateDataAnnotations()
            .Validate(_ => passwordsInAppSettings.Count == 0,
                $"{string.Join(", ", passwordsInAppSettings)} must not be in appsettings*.json: set it as an environment variable (Gmc__Bodies__<code>__Password), in user secrets or in Key Vault.")
            .ValidateOnStart();

        var options = configuration.GetSection(GmcOptions.Section).Get<GmcOptions>() ?? new GmcOptions();
        services.RemoveAll<IGmcConnect>();
        if (options.Bodies.Values.Any(b => b?.Mode == GmcMode.WebService))
        {
            services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
            services.AddSingleton<IGmcConnect, WebServiceGmcConnect>();
        }
        else
        {
            services.AddSingleton<IGmcConnect>(ManualGmcConnect.Instance);
        }

        services.TryAddSingleton<GmcSubmissionService>();
        services.TryAddSingleton<GmcOutcomeService>();
        services.TryAddSingleton<GmcReconciliationService>();
        services.TryAddSingleton<GmcConnectionService>();
        return services;
    }

    /// <summary>
    /// The GMC jobs, for <c>AddRevalidationJobs(configuration, GmcJobs.Add)</c>: scheduled only when a body uses the web service
    /// (dispatch every minute, outcome polling hourly, the connected-doctors reconciliation nightly).
    /// </summary>
    public static void AddGmcJobs(RevalidationJobsBuilder jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var options = jobs.Configuration.GetSection(GmcOptions.Section).Get<GmcOptions>() ?? new GmcOptions();
        if (!options.Bodies.Values.Any(b => b?.Mode == GmcMode.WebService))
        {
            return;
        }

        var zone = jobs.Options.Zone;
        jobs.Add<GmcDispatchJob>(GmcDispatchJob.Name, "sends recommendations queued for the GMC web service (TryRecommendationV2)", new JobSchedule.Every(options.DispatchInterval));
        jobs.Add<GmcPollJob>(GmcPollJob.Name, "polls the GMC for the outcome of submitted recommendations (CheckRecommendationStatus)", new JobSchedule.Cron(options.PollCron, zone));
        jobs.Add<GmcReconcileJob>(GmcReconcileJob.Name, "reconciles each web-service body's doctors with the GMC's list (GetDoctorsForDB)", new JobSchedule.Cron(options.ReconcileCron, zone));
    }

    private static List<string> PasswordsInAppSettings(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
            ? [.. root.Providers.OfType<JsonConfigurationProvider>()
                .Where(p => p.Source.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true)
                .SelectMany(p => p.GetChildKeys([], $"{GmcOptions.Section}:Bodies").Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(code => p.TryGet($"{GmcOptions.Section}:Bodies:{code}:Password", out var value) && !string.IsNullOrEmpty(value))
                    .Select(code => $"Gmc:Bodies:{code}:Password"))]
            : [];
}

/// <summary>Sends what the GMC outbox holds.</summary>
[DisallowConcurrentExecution]
public sealed class GmcDispatchJob(GmcSubmissionService dispatch) : IJob
{
    public const string Name = "gmc-dispatch";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Result = await dispatch.RunAsync(cancellationToken);
    }
}

/// <summary>Polls the GMC for outcomes (R11).</summary>
[DisallowConcurrentExecution]
public sealed class GmcPollJob(GmcOutcomeService poll) : IJob
{
    public const string Name = "gmc-poll";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Result = await poll.RunAsync(cancellationToken);
        if (await context.Scheduler.Exists(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken))
        {
            await context.Scheduler.TriggerJob(new JobKey(MailDispatchJob.Name, RevalidationJobsBuilder.Group), cancellationToken: cancellationToken);
        }
    }
}

/// <summary>The nightly connected-doctors reconciliation of every web-service body.</summary>
[DisallowConcurrentExecution]
public sealed class GmcReconcileJob(GmcReconciliationService reconciliation) : IJob
{
    public const string Name = "gmc-reconcile";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reports = await reconciliation.RunAllAsync(cancellationToken);
        context.Result = string.Join("; ", reports);
    }
}
