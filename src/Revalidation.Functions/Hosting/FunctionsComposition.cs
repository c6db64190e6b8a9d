using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Revalidation.Api;
using Revalidation.Core.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Functions.Api;
using Revalidation.Functions.DirectorySync;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.DirectorySync;

namespace Revalidation.Functions.Hosting;

/// <summary>
/// What the Functions host runs, composed once: the shared API's services, the store and evidence adapters
/// chosen by configuration, and the ASP.NET Core pipeline that the catch-all function invokes. The Functions
/// Program calls it on its <c>FunctionsApplicationBuilder</c>; the tests call it on a plain host builder.
/// </summary>
public static class FunctionsComposition
{
    public const string StoreProviderSetting = "Store:Provider";
    public const string EvidenceProviderSetting = "Evidence:Provider";

    /// <summary>The store adapters this build has. The Azure adapters (Cosmos DB, Blob Storage) are added here when they exist.</summary>
    public static readonly IReadOnlyList<string> StoreProviders = ["Sqlite"];

    public static readonly IReadOnlyList<string> EvidenceProviders = ["Folder"];

    public static IHostApplicationBuilder AddRevalidationFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRevalidationApi(configuration, builder.Environment);
        switch (Provider(configuration, StoreProviderSetting, StoreProviders))
        {
            case "Sqlite":
                services.AddRevalidationSqliteStore(configuration);
                services.AddRevalidationDirectorySync(configuration); // its sync store lives in the same SQLite file
                break;
        }

        switch (Provider(configuration, EvidenceProviderSetting, EvidenceProviders))
        {
            case "Folder":
                services.AddRevalidationFolderEvidenceStore(configuration);
                break;
        }

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

    /// <summary>The configured provider, spelt as in <paramref name="supported"/>; a missing or unknown value stops start-up, naming the setting.</summary>
    private static string Provider(IConfiguration configuration, string setting, IReadOnlyList<string> supported)
    {
        var value = configuration[setting]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"{setting} is not set. Set {setting} to one of: {string.Join(", ", supported)}.");
        }

        return supported.FirstOrDefault(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{setting} is '{value}', which this build does not support. Set {setting} to one of: {string.Join(", ", supported)}.");
    }
}
