using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Revalidation.Api;
using Revalidation.Api.Http;

namespace Revalidation.Functions.Api;

/// <summary>
/// The shared API's ASP.NET Core pipeline — the API's security headers, routing, <see cref="RevalidationApi.UseRevalidationApi"/>
/// (problem details, JWT authentication, authorisation, the rate limits) and <see cref="RevalidationApi.MapRevalidationApi"/> — built once
/// over the worker's service provider, exactly as the local Server runs it on its WebApplication.
/// </summary>
public sealed class ApiPipeline
{
    private readonly RequestDelegate pipeline;

    public ApiPipeline(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseApiSecurityHeaders();
        app.UseRouting();
        app.UseRevalidationApi(api => api.UseRateLimiter());
        app.UseEndpoints(endpoints => endpoints.MapRevalidationApi());
        pipeline = app.Build();
    }

    /// <summary>
    /// Runs the API for one request. The worker's own routing has already matched the catch-all function and
    /// set that endpoint on the context; routing skips matching while an endpoint is set, so it is cleared here
    /// and the API's routes are matched against the full path (<c>/api/...</c>, as on the local Server).
    /// </summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        var request = context.Request;
        if (request.PathBase.HasValue)
        {
            request.Path = request.PathBase.Add(request.Path);
            request.PathBase = PathString.Empty;
        }

        return pipeline(context);
    }
}
