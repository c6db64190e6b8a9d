using Revalidation.Worker;

// The worker service: the scheduled jobs (deadline scan, mail dispatch, weekly digests) on the same store and
// configuration sections as the local Server, run by one replica at a time (the scheduler lease). Its schedule
// is logged at start. In Azure it runs on Container Apps (Store:Provider Cosmos); locally it shares the Server's data folder.
var builder = Host.CreateApplicationBuilder(args);
builder.AddRevalidationWorker();

await builder.Build().RunAsync();
