using Microsoft.Extensions.Hosting;

namespace Revalidation.Worker;

/// <summary>
/// The worker service: the scheduled jobs (deadline scan, mail dispatch, weekly digests, and directory sync where
/// directory sources are configured) on the same store and configuration sections as the local Server, run by one
/// replica at a time (the scheduler lease). Its schedule is logged at start. In Azure it runs on Container Apps
/// (Store:Provider Cosmos); locally it shares the Server's data folder. An explicit entry class, so that tests can
/// compose it beside the Server's top-level <c>Program</c>.
/// </summary>
public static class WorkerApp
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddRevalidationWorker();
        await builder.Build().RunAsync();
    }
}
