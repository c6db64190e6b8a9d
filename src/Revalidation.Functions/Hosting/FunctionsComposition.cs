using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Revalidation.Api;
using Revalidation.Api.Http;
using Revalidation.Core.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Functions.Api;
using Revalidation.Functions.DirectorySync;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.DirectorySync;
using Revalidation.Infrastructure.Gmc;

namespace Revalidation.Functions.Hosting;

/// <summary>
/// What the Functions host runs, composed once: the shared API's services, the store and evidence adapters
/// chosen by configuration, and the ASP.NET Core pipeline that the catch-all function invokes. The Functions
/// Program calls it on its <c>FunctionsApplicationBuilder</c>; the tests call it on a plain host builder.
/// </summary>
public static class FunctionsComposition
{
    public const string StoreProviderSetting = StorageServiceCollectionExtensions.StoreProviderSetting;
    public const string EvidenceProviderSetting = StorageServiceCollectionExtensions.EvidenceProviderSetting;

    /// <summary>The store adapters this build has.</summary>
    public static readonly IReadOnlyList<string> StoreProviders = Enum.GetNames<StoreProvider>();

    public static readonly IReadOnlyList<string> EvidenceProviders = Enum.GetNames<EvidenceProvider>();

    public static IHostApplicationBuilder AddRevalidationFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRevalidationApi(configuration, builder.Environment);
        services.AddRevalidationRateLimits(); // README "Security": the same limits as the Server (per instance)

        // No defaults here: an Azure host names its providers, or start-up stops naming the missing setting.
        services.AddRevalidationStorage(configuration);

        // Directory sync, its store beside the chosen store (the SQLite file, or the Cosmos container).
        services.AddRevalidationDirectorySync(configuration);

        // GMC Connect (ADR 0013): the API queues submissions for web-service bodies; the worker's jobs send and poll them.
        services.AddRevalidationGmc(configuration);

        AddDirectorySyncEvents(services, configuration);
        services.TryAddScoped<EvidenceUploadService>(); // the evidence-upload blob trigger's checks (ADR 0012)

        // The pipeline's routing and exception handler. A web host registers the diagnostic listener itself
        // (the Functions worker does, through its ASP.NET Core integration); TryAdd keeps that one.
        services.AddRouting();
        services.TryAddSingleton(_ => new DiagnosticListener("Microsoft.AspNetCore"));
        services.TryAddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddSingleton<ApiPipeline>();
        return builder;
    }

    /// <summary>
    /// The Graph webhook, the queue-triggered sync and subscription upkeep (ADR 0012). The sync itself is the one
    /// <see cref="Core.DirectorySync.DirectorySyncService"/>, where the store provider registers it; subscriptions are
    /// managed with the first Graph source's credential, when there is one.
    /// </summary>
    public static IServiceCollection AddDirectorySyncEvents(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphWebhookOptions>()
            .Bind(configuration.GetSection(GraphWebhookOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GraphNotificationHandler>();
        services.TryAddSingleton<DirectorySyncRequestHandler>();
        var graph = configuration.GetSection(DirectorySourcesOptions.Section).Get<DirectorySourcesOptions>()?.Sources
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Value)
            .FirstOrDefault(s => s.Kind == DirectorySourceKind.Graph && s.Graph is not null)?.Graph;
        if (graph is not null)
        {
            services.TryAddSingleton(sp => new GraphSubscriptionService(
                graph.CreateClient(),
                sp.GetRequiredService<IOptionsMonitor<GraphWebhookOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<GraphSubscriptionService>>()));
        }

        return services;
    }
}
