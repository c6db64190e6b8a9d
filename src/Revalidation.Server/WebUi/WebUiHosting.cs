using Microsoft.Net.Http.Headers;

namespace Revalidation.Server.WebUi;

/// <summary>
/// Serves the Blazor WebAssembly UI (src/Revalidation.Web) at "/" beside the API (ADR 0014): its framework files and
/// static assets, and
/// index.html for any other GET that no endpoint matched and that is not a file and not under /api, so an unknown
/// /api path stays a 404 problem and a wrong method on an API route stays a 405: the SPA fallback is not a route.
/// </summary>
public static class WebUiHosting
{
    private static readonly PathString[] NotTheSpa = ["/api", "/openapi", "/health", "/_framework", "/_content"];

    public static WebApplication MapWebUi(this WebApplication app)
    {
        // Middleware, not endpoints: the UI's files never take part in API routing (no 405 for an unknown /api path, no entries
        // for the authorisation matrix). _framework files are served precompressed (Brotli, gzip) by Accept-Encoding.
        app.UseBlazorFrameworkFiles();
        app.UseStaticFiles();

        app.Use(async (context, next) =>
        {
            if (IsSpaNavigation(context))
            {
                var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
                if (index.Exists)
                {
                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.Headers.CacheControl = "no-cache";
                    context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    await context.Response.SendFileAsync(index, context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    /// <summary>A browser navigation to a page of the UI: GET or HEAD, no endpoint, no file extension, not an API path.</summary>
    public static bool IsSpaNavigation(HttpContext context) =>
        context.GetEndpoint() is null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !Path.HasExtension(context.Request.Path.Value)
        && !NotTheSpa.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
