using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Revalidation.Infrastructure.Observability;
using Revalidation.Functions.Hosting;

namespace Revalidation.Functions;

/// <summary>
/// The Azure Functions host (isolated worker, ASP.NET Core integration). It only composes: the API itself is
/// Revalidation.Api, run by one catch-all HTTP function (ADR 0006). An explicit entry class, not top-level
/// statements: ASP.NET Core makes a top-level <c>Program</c> public, which would clash with the local Server's
/// <c>Program</c> wherever both are referenced (the tests).
/// </summary>
public static class FunctionsApp
{
    public static async Task Main(string[] args) => await CreateBuilder(args).Build().RunAsync();

    /// <summary>The worker, composed: ASP.NET Core integration, the exception middleware, the Revalidation services, telemetry.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ProblemDetailsExceptionMiddleware>();
        builder.AddRevalidationFunctions();

        // The shared telemetry, plus the Functions worker's own (invocation spans, linked to the host's): README "Observability".
        builder.Services.AddRevalidationTelemetry(builder.Configuration, "revalidation-functions").UseFunctionsWorkerDefaults();
        return builder;
    }
}
