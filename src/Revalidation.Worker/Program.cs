using Revalidation.Infrastructure;
using Revalidation.Infrastructure.Gmc;

// The worker service: the scheduled jobs (deadline scan, mail dispatch, weekly digests) on the same store and
// configuration sections as the local Server, run by one replica at a time (the scheduler lease). Its schedule
// is logged at start. In Azure it runs on Container Apps; locally it shares the Server's data folder.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddRevalidationSqliteStore(builder.Configuration);
builder.Services.AddRevalidationGmc(builder.Configuration).AddRevalidationJobs(builder.Configuration, GmcServiceCollectionExtensions.AddGmcJobs);

await builder.Build().RunAsync();
