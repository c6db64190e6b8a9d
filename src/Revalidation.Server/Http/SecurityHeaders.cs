using Microsoft.Extensions.Options;
using Revalidation.Api.Security;

namespace Revalidation.Server.Http;

/// <summary>
/// Security headers on every response the Server sends: the UI's index.html and static files, the API, problem
/// responses and errors (README "Security"). Set when the response starts, so an exception handler that clears the
/// headers does not drop them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The UI's policy. Blazor WebAssembly needs 'wasm-unsafe-eval' (and nothing inline: index.html has no inline script or
    /// style, and the UI sets no style attributes); the NHS design system's fonts come from assets.nhs.uk.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>The interactive API reference (Development only) is a page of inline script and style.</summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>Sent in Production only; browsers ignore it over plain HTTP, so it is also right behind a TLS-terminating proxy.</summary>
    public const string StrictTransportSecurity = Revalidation.Api.Http.ApiSecurityHeaders.StrictTransportSecurity;

    /// <summary>
    /// The policy for this sign-in mode: with Entra ID the UI also talks to (and silently renews in a frame from) the
    /// identity provider's origin.
    /// </summary>
    public static string PolicyFor(AuthOptions auth)
    {
        if (auth.Mode != AuthMode.EntraId)
        {
            return ContentSecurityPolicy;
        }

        var identity = Uri.TryCreate(auth.Authority, UriKind.Absolute, out var authority) ? authority.GetLeftPart(UriPartial.Authority) : "https://login.microsoftonline.com";
        return $"{ContentSecurityPolicy}; connect-src 'self' {identity}; frame-src {identity}";
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var policy = PolicyFor(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
        var production = app.Environment.IsProduction();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/reference", StringComparison.OrdinalIgnoreCase) ? ApiReferencePolicy : policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                if (production)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
