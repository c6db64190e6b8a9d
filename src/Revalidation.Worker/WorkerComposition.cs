using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.DirectorySync;
using Revalidation.Infrastructure.Gmc;
using Revalidation.Infrastructure.Observability;

namespace Revalidation.Worker;

/// <summary>What the worker runs, composed once (the Program calls it; the tests call it on a plain host builder).</summary>
public static class WorkerComposition
{
    /// <summary>
    /// The store chosen by "Store:Provider" (Sqlite by default, sharing the local Server's file; Cosmos in Azure), directory
    /// sync when "Directory:Sources" names a source, GMC Connect, the scheduled jobs, and telemetry. The worker handles no evidence files, so
    /// "Evidence:Provider" is not read here.
    /// </summary>
    public static IHostApplicationBuilder AddRevalidationWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddRevalidationStorage(configuration, StoreProvider.Sqlite, evidence: false);
        if (HasDirectorySources(configuration))
        {
            // Registered before the jobs, so that the job registration schedules the directory sync rounds too;
            // its store sits beside the chosen store (the SQLite file, or the Cosmos container).
            builder.Services.AddRevalidationDirectorySync(configuration);
        }

        // GMC Connect: submissions, outcome polling and reconciliation for web-service bodies (ADR 0013).
        builder.Services.AddRevalidationGmc(configuration);
        builder.Services.AddRevalidationJobs(configuration, GmcServiceCollectionExtensions.AddGmcJobs);

        // Traces (a span per job run), the operator's metrics and logs, redacted; exported when configured (README "Observability").
        builder.Services.AddRevalidationTelemetry(configuration, "revalidation-worker");
        return builder;
    }

    /// <summary>Whether "Directory:Sources" names at least one source.</summary>
    public static bool HasDirectorySources(IConfiguration configuration) =>
        configuration.GetSection($"{DirectorySourcesOptions.Section}:{nameof(DirectorySourcesOptions.Sources)}").GetChildren().Any();
}
