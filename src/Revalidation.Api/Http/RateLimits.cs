using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Api.Security;

namespace Revalidation.Api.Http;

/// <summary>"RateLimits" configuration: fixed windows per client (README "Security"), on the Server and the Functions host alike.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The sign-in (demo token) endpoints, per client IP address.</summary>
    public FixedWindow SignIn { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Everything under /api, per signed-in user (per client IP address when anonymous). Generous: a person never meets it.</summary>
    public FixedWindow Api { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }
}

/// <summary>
/// The framework's rate limiter: a policy for sign-in and a global limit on /api. A refused request answers 429 with a
/// problem (application/problem+json) and Retry-After in seconds.
/// </summary>
public static class RateLimits
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddRevalidationRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.SignIn.PermitLimit > 0 && o.SignIn.Window > TimeSpan.Zero && o.Api.PermitLimit > 0 && o.Api.Window > TimeSpan.Zero,
                "RateLimits: every PermitLimit and Window must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter($"ip:{ClientAddress(context)}", _ => Window(limits.SignIn)));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments(RevalidationApi.BasePath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => Window(limits.Api))
                    : RateLimitPartition.GetNoLimiter("not-api"));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(RateLimitOptions.FixedWindow window) => new()
    {
        PermitLimit = window.PermitLimit,
        Window = window.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The signed-in user (after authentication), else the client's address.</summary>
    private static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && (context.User.FindFirstValue(CurrentUser.ObjectIdClaim) ?? context.User.FindFirstValue("sub")) is { Length: > 0 } user
            ? $"user:{user}"
            : $"ip:{ClientAddress(context)}";

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"Too many requests from this client. Try again in {seconds} seconds.",
                type: "https://tools.ietf.org/html/rfc6585#section-4")
            .ExecuteAsync(http);
    }
}
