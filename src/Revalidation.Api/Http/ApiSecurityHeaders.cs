using Microsoft.AspNetCore.Builder;

namespace Revalidation.Api.Http;

/// <summary>
/// Security headers on every API response where no host adds its own (the Functions host; the Server sets the UI's
/// fuller set, README "Security"): JSON is never sniffed as HTML, never framed, sends no referrer, and the policy
/// forbids it running anything if a browser opens it directly. HSTS always: the Functions host is HTTPS only.
/// </summary>
public static class ApiSecurityHeaders
{
    /// <summary>An API answer is data, never a page.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseApiSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.StrictTransportSecurity = StrictTransportSecurity;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
