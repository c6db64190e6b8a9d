using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Revalidation.Functions.Hosting;

// The Azure Functions host (isolated worker, ASP.NET Core integration). It only composes: the API itself is
// Revalidation.Api, run by one catch-all HTTP function (ADR 0006).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemDetailsExceptionMiddleware>();
builder.AddRevalidationFunctions();
await builder.Build().RunAsync();
