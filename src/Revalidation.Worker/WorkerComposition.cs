using Microsoft.Extensions.Hosting;
using Revalidation.Infrastructure;

namespace Revalidation.Worker;

/// <summary>What the worker runs, composed once (the Program calls it; the tests call it on a plain host builder).</summary>
public static class WorkerComposition
{
    /// <summary>
    /// The store chosen by "Store:Provider" (Sqlite by default, sharing the local Server's file; Cosmos in Azure) and the
    /// scheduled jobs. The worker handles no evidence files, so "Evidence:Provider" is not read here.
    /// </summary>
    public static IHostApplicationBuilder AddRevalidationWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRevalidationStorage(builder.Configuration, StoreProvider.Sqlite, evidence: false);
        builder.Services.AddRevalidationJobs(builder.Configuration);
        return builder;
    }
}
