using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Revalidation.Api;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.Gmc;
using Revalidation.Infrastructure.Observability;
using Revalidation.Server;
using Revalidation.Server.Demo;
using Revalidation.Server.Http;
using Revalidation.Server.Testing;
using Revalidation.Server.WebUi;
using Scalar.AspNetCore;

// The local all-in-one host: the API on the embedded store by default (SQLite file, evidence folder; Cosmos DB and
// Blob Storage when Store:Provider / Evidence:Provider say so), directory sync
// (a file export by default), the scheduled jobs in-process (deadline scan, mail dispatch to .eml files in data/mail, weekly digests; "Jobs:Enabled"
// false turns them off), the OpenAPI document with an interactive reference, a health endpoint, security headers and rate
// limits (README "Security"), and in Development a demo sign-in (loopback callers only) and the demo directory.
// `dotnet run` gives the demo (the launch profile names Development only as a default), but an environment the user sets
// (ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT or --environment) always wins: a launch profile's ASPNETCORE_ENVIRONMENT
// would override the user's (README "Security").
LaunchDefaults.ApplyDefaultEnvironment();
var builder = WebApplication.CreateBuilder(args);
if (await Revalidation.Server.BackupCommand.TryRunAsync(args, builder.Configuration, builder.Environment.ContentRootPath) is { } exitCode)
{
    return exitCode;
}

builder.Services.AddRevalidationApi(builder.Configuration, builder.Environment);
// Store:Provider (Sqlite | Cosmos) and Evidence:Provider (Folder | Blob); with neither set, the embedded defaults.
builder.Services.AddRevalidationStorage(builder.Configuration, StoreProvider.Sqlite, EvidenceProvider.Folder);
builder.Services.AddRevalidationDirectorySync(builder.Configuration);
builder.Services.AddRevalidationGmc(builder.Configuration).AddRevalidationJobs(builder.Configuration, GmcServiceCollectionExtensions.AddGmcJobs);
// Traces, metrics and logs, redacted of personal data; exported to Azure Monitor or OTLP when configured (README "Observability").
builder.Services.AddRevalidationTelemetry(builder.Configuration, "revalidation-server");
builder.Services.AddRevalidationHealthChecks();
builder.Services.AddRevalidationRateLimits();
builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
builder.Services.AddSingleton(sp => new DemoSeeder(
    sp.GetRequiredService<IDesignatedBodyStore>(),
    sp.GetRequiredService<Revalidation.Core.DesignatedBodies.DesignatedBodyService>(),
    sp.GetRequiredService<IDoctorStore>(),
    sp.GetRequiredService<Revalidation.Core.Doctors.DoctorRecordService>(),
    sp.GetRequiredService<DirectorySyncService>(),
    sp.GetRequiredService<IDirectorySyncStore>(),
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<IOptions<RevalidationOptions>>().Value));
builder.Services.AddHostedService<DemoSeedService>();
// The browser tests' advanceable clock (Development only; the host refuses it elsewhere).
builder.Services.AddAdvanceableClock(builder.Configuration, builder.Environment);

var app = builder.Build();
app.UseProxyHeaders();
app.UseSecurityHeaders();
app.UseRevalidationApi(api => api.UseRateLimiter());
// The OpenAPI document and the interactive reference are open in Development; elsewhere the document needs a signed-in
// user and the reference (a browser page that cannot send a bearer token) is not mapped.
var openApi = app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference("/api/reference", o => o.WithTitle("Revalidation API"));
}
else
{
    openApi.RequireAuthorization();
}

app.MapHealthChecks("/health", HealthResponse.Options).AllowAnonymous();
app.MapRevalidationApi();
// The demo sign-in exists only in Development with Auth:Mode Demo, and answers only loopback callers (DemoSignIn).
var demo = app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.Demo;
if (demo)
{
    app.MapDemoSignIn();
}

app.MapAdvanceableClock();
app.MapWebUi();

app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, demo));
await app.RunAsync();
return 0;

static void PrintWelcome(WebApplication app, bool demo)
{
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
    Console.WriteLine();
    Console.WriteLine($"Revalidation is running at {url}   (open it in a browser)");
    Console.WriteLine(app.Environment.IsDevelopment()
        ? $"  API reference: {url}/api/reference   OpenAPI: {url}/openapi/v1.json   Health: {url}/health"
        : $"  OpenAPI (signed in): {url}/openapi/v1.json   Health: {url}/health");
    if (demo)
    {
        Console.WriteLine("  Demo personas (POST /api/demo/token with {\"persona\":\"<key>\"}):");
        foreach (var p in DemoSignIn.Personas)
        {
            Console.WriteLine($"    {p.Key,-10} {p.Role,-19} {p.Name}");
        }
    }

    Console.WriteLine();
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
