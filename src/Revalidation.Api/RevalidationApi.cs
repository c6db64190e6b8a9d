using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Revalidation.Api.Admin;
using Revalidation.Api.Alerts;
using Revalidation.Api.Appraisals;
using Revalidation.Api.Caseload;
using Revalidation.Api.Compliance;
using Revalidation.Api.DirectorySync;
using Revalidation.Api.Doctors;
using Revalidation.Api.Evidence;
using Revalidation.Api.Http;
using Revalidation.Api.Recommendations;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;
using Revalidation.Core.Recommendations;

namespace Revalidation.Api;

/// <summary>
/// The HTTP API, written once (ADR 0006). A host adds the services with <see cref="AddRevalidationApi"/>,
/// runs <see cref="UseRevalidationApi"/> and maps <see cref="MapRevalidationApi"/>: the local Server does
/// it on a WebApplication, the Functions host on a pipeline it invokes from one HTTP trigger.
/// </summary>
public static class RevalidationApi
{
    public const string BasePath = "/api";

    public static IServiceCollection AddRevalidationApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<RevalidationOptions>()
            .Bind(configuration.GetSection(RevalidationOptions.Section))
            .PostConfigure(o => o.UseConfiguredLists(
                configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.DoctorAppraisalReminderDays)).Get<int[]>(),
                configuration.GetSection(RevalidationOptions.Section).GetSection(nameof(RevalidationOptions.ResponsibleOfficerReminderDays)).Get<int[]>()))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Mode != AuthMode.Demo || environment.IsDevelopment(), "Auth:Mode Demo is allowed only in the Development environment.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.TryAddSingleton<DoctorRecordService>();
        services.TryAddSingleton<DesignatedBodyService>();
        services.AddOptions<RecommendationHoldOptions>()
            .Bind(configuration.GetSection(RecommendationHoldOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<RecommendationService>();
        services.TryAddSingleton<HoldReleaseService>();
        services.TryAddSingleton<Core.Alerts.DeadLetterService>();
        // Without GMC web-service settings every body uses the manual route (docs/decisions/0013).
        services.TryAddSingleton<IGmcConnect>(ManualGmcConnect.Instance);
        services.TryAddSingleton<GmcConnectionService>();
        services.TryAddSingleton<GmcReconciliationService>();
        services.TryAddSingleton<Core.Imports.ToolkitImportService>();
        services.AddScoped<ApiServices>();
        services.AddSingleton<DemoTokenIssuer>();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.RespectNullableAnnotations = true;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((jwt, auth, provider) => ConfigureJwt(jwt, auth.Value, provider));
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                o.AddPolicy(policy, p => p
                    .RequireAuthenticatedUser()
                    .RequireRole(roles)
                    .RequireAssertion(ctx => CurrentUser.From(ctx.User, ctx.Resource is HttpContext http
                        ? http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value
                        : new AuthOptions()) is not null));
            }
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddEvidenceApi(configuration);
        return services;
    }

    /// <summary>
    /// The request pipeline in front of the endpoints: problem details, then authentication and authorisation.
    /// <paramref name="afterAuthentication"/> adds the host's middleware that needs the caller but runs before any
    /// 401/403 (the local Server's rate limiter).
    /// </summary>
    public static IApplicationBuilder UseRevalidationApi(this IApplicationBuilder app, Action<IApplicationBuilder>? afterAuthentication = null)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        afterAuthentication?.Invoke(app);
        app.UseAuthorization();
        return app;
    }

    public static RouteGroupBuilder MapRevalidationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath).WithTags("Revalidation");
        DoctorEndpoints.Map(api);
        DoctorSafetyEndpoints.Map(api);
        EvidenceEndpoints.Map(api);
        AppraisalEndpoints.Map(api);
        AppraisalRequestEndpoints.Map(api);
        AllocationEndpoints.Map(api);
        RecommendationEndpoints.Map(api);
        BatchEndpoints.Map(api);
        NoteEndpoints.Map(api);
        NonEngagement.NonEngagementEndpoints.Map(api);
        CaseloadEndpoints.Map(api);
        ComplianceEndpoints.Map(api);
        AdminEndpoints.Map(api);
        DirectorySyncEndpoints.Map(api);
        DeadLetterEndpoints.Map(api);
        Gmc.GmcEndpoints.Map(api);
        Imports.ToolkitImportEndpoints.Map(api);
        return api;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider provider)
    {
        jwt.MapInboundClaims = false;

        // A refused token gets a bare "Bearer" challenge: why it was refused is logged, never told to the caller.
        jwt.IncludeErrorDetails = false;
        jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);

        // Token lifetimes are checked against the product's clock (TimeProvider), like every other date. A token that
        // was issued to last longer than Auth:MaxTokenLifetime (from nbf, or iat without nbf) is refused, valid or not.
        var time = provider.GetRequiredService<TimeProvider>();
        var maxLifetime = auth.MaxTokenLifetime;
        jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, token, parameters) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var start = notBefore ?? (token is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { IssuedAt: var issuedAt } && issuedAt != DateTime.MinValue ? issuedAt : null);
            return start is not null && expires is not null
                && expires.Value - start.Value <= maxLifetime
                && start.Value <= now + parameters.ClockSkew
                && expires.Value >= now - parameters.ClockSkew;
        };
        jwt.TokenValidationParameters.NameClaimType = CurrentUser.NameClaim;
        jwt.TokenValidationParameters.RoleClaimType = CurrentUser.RoleClaim;
        if (auth.Mode == AuthMode.Demo)
        {
            var issuer = provider.GetRequiredService<DemoTokenIssuer>();
            jwt.TokenValidationParameters.ValidIssuer = issuer.Issuer;
            jwt.TokenValidationParameters.ValidAudience = issuer.Audience;
            jwt.TokenValidationParameters.IssuerSigningKey = issuer.SigningKey;
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            jwt.RequireHttpsMetadata = false;
            return;
        }

        jwt.Authority = auth.Authority ?? $"https://login.microsoftonline.com/{auth.TenantId}/v2.0";
        jwt.Audience = auth.Audience;
        jwt.TokenValidationParameters.ValidAudiences = [auth.Audience!, $"api://{auth.Audience}"];
    }
}
