using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// The service defaults every host calls once (as the .NET Aspire / eShop "ServiceDefaults" do): OpenTelemetry traces,
/// metrics and logs, with personal data redacted before any exporter, and the operations health checks.
/// The exporter follows the environment: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set,
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, otherwise none (README "Observability").
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Telemetry for the host named <paramref name="serviceName"/>; the caller adds its exporter-specific extras, if any.</summary>
    public static OpenTelemetryBuilder AddRevalidationTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<OperationsReader>();
        services.TryAddSingleton<RevalidationMetrics>();

        var azureMonitor = configuration[AzureMonitorSetting] is { Length: > 0 };
        var otlp = configuration[OtlpSetting] is { Length: > 0 };
        // Whoever adds the ASP.NET Core instrumentation (this method, or Azure Monitor's distro), health probes are not traced.
        services.Configure<AspNetCoreTraceInstrumentationOptions>(o => o.Filter = IsTraced);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                // The redaction runs first, so that every exporter added after it sees only redacted spans.
                tracing.AddProcessor(new RedactingActivityProcessor()).AddSource(RevalidationTelemetry.Name);
                if (!azureMonitor)
                {
                    // Azure Monitor's distro adds these itself.
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }
            })
            .WithMetrics(metrics =>
            {
                // Resolving the instruments registers the gauges on this host's meter.
                metrics.AddMeter(RevalidationTelemetry.Name).AddInstrumentation(sp => sp.GetRequiredService<RevalidationMetrics>());
                if (!azureMonitor)
                {
                    metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }
            })
            .WithLogging(logging => logging.AddProcessor(new RedactingLogProcessor()));

        if (azureMonitor)
        {
            telemetry.UseAzureMonitor(o =>
            {
                o.ConnectionString = configuration[AzureMonitorSetting];
                if (AzureMonitorAuthentication.CredentialFrom(configuration[AzureMonitorAuthentication.Setting]) is { } credential)
                {
                    o.Credential = credential;
                }
            });
        }
        else if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }

    /// <summary>
    /// The operations health checks (README "Observability"): mail, directory sync and GMC Connect, each Healthy or
    /// Degraded; an unreadable store is Unhealthy.
    /// </summary>
    public static IHealthChecksBuilder AddRevalidationHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OperationsReader>();
        return services.AddHealthChecks()
            .Add(Check("mail", OperationsHealth.Mail))
            .Add(Check("directory-sync", OperationsHealth.Directory))
            .Add(Check("gmc", OperationsHealth.Gmc));
    }

    private static HealthCheckRegistration Check(string name, Func<OperationsSnapshot, HealthCheckResult> judge) =>
        new(name, sp => new OperationsHealthCheck(sp.GetRequiredService<OperationsReader>(), judge), HealthStatus.Unhealthy, ["operations"]);

    /// <summary>Health probes every few seconds are noise in a trace store.</summary>
    private static bool IsTraced(Microsoft.AspNetCore.Http.HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
