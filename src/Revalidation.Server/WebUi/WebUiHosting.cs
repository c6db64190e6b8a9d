using Microsoft.AspNetCore.StaticFiles;
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
        app.Use((context, next) =>
        {
            ServePrecompressed(context, app.Environment);
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = ContentTypes });

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

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>
    /// Outside _framework (which UseBlazorFrameworkFiles already negotiates), a published file with a Brotli copy
    /// (file.css.br, written by the publish) is sent as that copy to a browser that accepts br, with the original type.
    /// </summary>
    public static void ServePrecompressed(HttpContext context, IWebHostEnvironment environment)
    {
        var path = context.Request.Path;
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.GetEndpoint() is not null
            || !path.HasValue
            || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || !context.Request.Headers.AcceptEncoding.ToString().Contains("br", StringComparison.OrdinalIgnoreCase)
            || !ContentTypes.TryGetContentType(path.Value!, out var contentType)
            || !environment.WebRootFileProvider.GetFileInfo(path.Value + ".br").Exists)
        {
            return;
        }

        context.Request.Path = path.Value + ".br";
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.ContentEncoding = "br";
            context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
            context.Response.ContentType = contentType;
            return Task.CompletedTask;
        });
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".br"] = "application/octet-stream";
        return types;
    }

    /// <summary>A browser navigation to a page of the UI: GET or HEAD, no endpoint, no file extension, not an API path.</summary>
    public static bool IsSpaNavigation(HttpContext context) =>
        context.GetEndpoint() is null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !Path.HasExtension(context.Request.Path.Value)
        && !NotTheSpa.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
