using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Server.Demo;

// The local all-in-one host. Until the HTTP API lands it opens the embedded store, seeds the demo
// designated body when the store is empty, and prints the caseload and compliance summary computed
// by the core rules for today.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<RevalidationOptions>()
    .BindConfiguration(RevalidationOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRevalidationSqliteStore(builder.Configuration);
builder.Services.AddSingleton(sp => new DemoSeeder(
    sp.GetRequiredService<IRevalidationStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<RevalidationOptions>>().Value));

using var host = builder.Build();
await host.StartAsync();

var options = host.Services.GetRequiredService<IOptions<RevalidationOptions>>().Value;
var store = host.Services.GetRequiredService<IRevalidationStore>();
var time = host.Services.GetRequiredService<TimeProvider>();
var seeded = await host.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
if (seeded > 0)
{
    Console.WriteLine($"Seeded the demo designated body with {seeded} doctors.");
}

await DemoReport.WriteAsync(Console.Out, store, DemoSeeder.DemoBody, UkCalendar.Today(time), options);
await host.StopAsync();
