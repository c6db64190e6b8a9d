using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Revalidation.Api.Security;
using Revalidation.Core.Store;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// The real local Server in-process: a real SQLite file and evidence folder in a fresh temp folder, real
/// JWTs from the demo issuer (validated by the same JWT bearer handler as production), the demo body
/// seeded, and a fake clock fixed at <see cref="Now"/> so that every date in the tests is known.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>A fixed test signing key (base64 of 32 bytes). Test-only; demo mode never runs outside Development.</summary>
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS1mb3ItcmV2YWxpZGF0aW9uLWFwaQ==";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly bool keepData;

    /// <summary>A Server on a fresh temp folder (the one public constructor, as xunit fixtures need).</summary>
    public ApiFactory()
        : this(null, false)
    {
    }

    private ApiFactory(string? dataFolder, bool keepData)
    {
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "revalidation-tests", Guid.NewGuid().ToString("N"));
        this.keepData = keepData;
    }

    /// <summary>A Server over the given data folder, kept after disposal (to start the Server again over the same data).</summary>
    public static ApiFactory Over(string dataFolder, bool keepData) => new(dataFolder, keepData);

    /// <summary>A fresh temp folder, or the one given (to start the Server again over the same data).</summary>
    public string DataFolder { get; }

    public FakeTimeProvider Time { get; } = new(Now);

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The host environment (Development, where the demo sign-in exists, unless a test says otherwise).</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>A request header that sets the caller's remote address (TestServer gives none; without it, loopback).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    /// <summary>More services for one test (for example an in-memory telemetry exporter), added after the Server's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public IDoctorStore Doctors => Services.GetRequiredService<IDoctorStore>();

    public IDesignatedBodyStore Bodies => Services.GetRequiredService<IDesignatedBodyStore>();

    public IAuditLog AuditLog => Services.GetRequiredService<IAuditLog>();

    public IAlertOutbox Outbox => Services.GetRequiredService<IAlertOutbox>();

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Store:Sqlite:ConnectionString", $"Data Source={Path.Combine(DataFolder, "revalidation.db")}");
        builder.UseSetting("Evidence:Folder:Path", Path.Combine(DataFolder, "evidence"));
        builder.UseSetting("Auth:Mode", "Demo");
        builder.UseSetting("Auth:Demo:SigningKey", SigningKey);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Alerts:Pickup:Path", Path.Combine(DataFolder, "mail"));

        // Generous rate limits: the tests sign in and call the API far faster than a person; RateLimitTests proves the defaults.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Api:PermitLimit", "1000000");

        // The API tests drive the API alone; the alert tests turn the jobs on.
        builder.UseSetting("Jobs:Enabled", "false");

        // Most tests submit and look at the result at once: no cooling-off hold unless a test sets one (HoldTests).
        builder.UseSetting("Revalidation:Recommendations:Hold", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, RemoteAddressStartupFilter>();
            TestServices?.Invoke(services);
        });
    }

    public string TokenFor(string userId, string role, string designatedBody = "1-DEMO01", string? name = null) =>
        Services.GetRequiredService<DemoTokenIssuer>().Issue(userId, name ?? userId, [role], designatedBody);

    public HttpClient ClientAs(string? userId, string? role, string designatedBody = "1-DEMO01")
    {
        var client = CreateClient();
        if (userId is not null && role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, role, designatedBody));
        }

        return client;
    }

    public HttpClient Doctor() => ClientAs(DemoSeeder.DoctorPersonaId, Roles.Doctor);

    public HttpClient Appraiser() => ClientAs(DemoSeeder.Appraiser.UserId, Roles.Appraiser);

    public HttpClient ResponsibleOfficer() => ClientAs(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer);

    public HttpClient MedicalDirector() => ClientAs("demo-medical-director", Roles.MedicalDirector);

    public HttpClient Admin() => ClientAs("demo-admin", Roles.Admin);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keepData)
            {
                return;
            }

            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder
            }
        }
    }
}

/// <summary>Gives every TestServer request a remote address: loopback, or the one in <see cref="ApiFactory.RemoteAddressHeader"/>.</summary>
internal sealed class RemoteAddressStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(ApiFactory.RemoteAddressHeader, out var address)
                ? IPAddress.Parse(address.ToString())
                : IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
