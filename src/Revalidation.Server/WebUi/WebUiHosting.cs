namespace Revalidation.Server.WebUi;

/// <summary>
/// Serves the Blazor WebAssembly UI (src/Revalidation.Web) at "/" beside the API (ADR 0014): its framework files and
/// static assets (precompressed Brotli/gzip copies are chosen by Accept-Encoding), and index.html for every other
/// path that is not a file and not under /api, so an unknown /api path stays a 404 problem, never the SPA page.
/// </summary>
public static class WebUiHosting
{
    /// <summary>A path the SPA answers: not a file, not under api/, openapi/ or health.</summary>
    public const string FallbackPattern = "{*path:nonfile:regex(^(?!(api|openapi|health)(/|$)).*$)}";

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            app.MapStaticAssets(manifest);
        }
        else
        {
            app.UseBlazorFrameworkFiles();
            app.UseStaticFiles();
        }

        app.MapFallbackToFile("/", "index.html");
        app.MapFallbackToFile(FallbackPattern, "index.html");
        return app;
    }
}
