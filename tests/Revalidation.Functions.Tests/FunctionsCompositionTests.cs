using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Api;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Functions.Api;
using Revalidation.Functions.DirectorySync;
using Revalidation.Functions.Evidence;
using Revalidation.Functions.Hosting;
using Revalidation.Functions.Tests.Support;

namespace Revalidation.Functions.Tests;

/// <summary>How the Functions app is composed: provider selection, start-up checks, the trigger and host.json.</summary>
public sealed class FunctionsCompositionTests : IDisposable
{
    private readonly TempData data = new("composition");

    public void Dispose() => data.Dispose();

    [Theory]
    [InlineData("Store:Provider", "Mongo")]
    [InlineData("Evidence:Provider", "S3")]
    [InlineData("Store:Provider", "1")]
    public void AddRevalidationFunctions_WhenProviderUnknown_FailsNamingTheSetting(string setting, string value)
    {
        var settings = TestSettings.For(data);
        settings[setting] = value;

        var thrown = Assert.Throws<InvalidOperationException>(() => FunctionsHost.Build(settings));

        Assert.StartsWith($"{setting} is '{value}'", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Store:Provider", "Sqlite, Cosmos")]
    [InlineData("Evidence:Provider", "Folder, Blob")]
    public void AddRevalidationFunctions_WhenProviderMissing_FailsNamingTheSettingAndItsValues(string setting, string supported)
    {
        var settings = TestSettings.For(data);
        settings.Remove(setting);

        var thrown = Assert.Throws<InvalidOperationException>(() => FunctionsHost.Build(settings));

        Assert.Equal($"{setting} is not set. Set {setting} to one of: {supported}.", thrown.Message);
    }

    [Fact]
    public void AddRevalidationFunctions_WhenEmbeddedProvidersChosen_RegistersSqliteStoreAndFolderEvidence()
    {
        var settings = TestSettings.For(data);
        settings["Store:Provider"] = "sqlite";

        using var host = FunctionsHost.Build(settings);

        Assert.Equal(["SqliteDoctorStore", "SqliteDesignatedBodyStore", "SqliteAuditLog", "SqliteAlertOutbox", "SqliteLeaseStore"], PortAdapters(host.Services));
        Assert.Equal("FolderEvidenceStore", host.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
        Assert.NotNull(host.Services.GetRequiredService<ApiPipeline>());
    }

    [Fact]
    public void AddRevalidationFunctions_WhenAzureProvidersChosen_RegistersCosmosStoreAndBlobEvidence()
    {
        var settings = TestSettings.For(data);
        settings["Store:Provider"] = "Cosmos";
        settings["Store:Cosmos:AccountEndpoint"] = "https://revalidation-tests.documents.azure.com:443/";
        settings["Evidence:Provider"] = "Blob";
        settings["Evidence:Blob:ServiceUri"] = "https://revalidationtests.blob.core.windows.net/";

        using var host = FunctionsHost.Build(settings);

        // Built, not started: nothing connects to Azure.
        Assert.Equal(["CosmosDoctorStore", "CosmosDesignatedBodyStore", "CosmosAuditLog", "CosmosAlertOutbox", "CosmosLeaseStore"], PortAdapters(host.Services));
        Assert.Equal("BlobEvidenceStore", host.Services.GetRequiredService<IEvidenceFileStore>().GetType().Name);
    }

    [Theory]
    [InlineData("Store:Provider", "Cosmos", "Store:Cosmos:AccountEndpoint is required when Store:Provider is Cosmos.")]
    [InlineData("Evidence:Provider", "Blob", "Evidence:Blob:ServiceUri is required when Evidence:Provider is Blob (or Evidence:Blob:ConnectionString for the local emulator).")]
    public async Task StartAsync_WhenAnAzureProviderHasNoEndpoint_FailsNamingTheSetting(string setting, string value, string message)
    {
        var settings = TestSettings.For(data);
        settings[setting] = value;
        using var host = FunctionsHost.Build(settings);

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenDemoSignInOutsideDevelopment_FailsBeforeServing()
    {
        using var host = FunctionsHost.Build(TestSettings.For(data), b => b.Environment.EnvironmentName = Environments.Production);

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Auth:Mode Demo is allowed only in the Development environment.", thrown.Failures);
    }

    [Fact]
    public async Task CreateBuilder_WhenBuiltAsTheWorker_RunsTheApiPipelineFromTheWorkersContainer()
    {
        // The Functions Program's own composition (ASP.NET Core integration, worker middleware, services), built
        // but not started: starting would connect to a Functions host. Its environment is Production here, so
        // sign-in is Entra ID (no token is sent, so no metadata is fetched).
        var settings = TestSettings.For(data);
        settings["Auth:Mode"] = "EntraId";
        settings["Auth:TenantId"] = Guid.Empty.ToString();
        settings["Auth:Audience"] = "api://revalidation-tests";
        using var host = FunctionsApp.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}")]).Build();
        var pipeline = host.Services.GetRequiredService<ApiPipeline>();

        var unauthenticated = await RunAsync(pipeline, host.Services, "/api/caseload");
        var unknown = await RunAsync(pipeline, host.Services, "/api/no-such-thing");

        Assert.Equal((401, "application/problem+json"), unauthenticated);
        Assert.Equal((404, "application/problem+json"), unknown);

        // The shared telemetry, with the Functions worker's defaults (README "Observability").
        Assert.NotNull(host.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>());
        Assert.NotNull(host.Services.GetRequiredService<Revalidation.Infrastructure.Observability.RevalidationMetrics>());
    }

    [Fact]
    public async Task ApiPipeline_SendsTheApisSecurityHeaders_AndAnswers429PastTheRateLimit()
    {
        // Issue 14: the Functions host hardens the API as the Server does (headers; the same rate limits, per instance).
        var settings = TestSettings.For(data);
        settings["Auth:Mode"] = "EntraId";
        settings["Auth:TenantId"] = Guid.Empty.ToString();
        settings["Auth:Audience"] = "api://revalidation-tests";
        settings["RateLimits:Api:PermitLimit"] = "2";
        settings["RateLimits:Api:Window"] = "00:10:00";
        using var host = FunctionsApp.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}")]).Build();
        var pipeline = host.Services.GetRequiredService<ApiPipeline>();

        var answers = new List<(int Status, IHeaderDictionary Headers)>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            var starting = new StartingFeature();
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(starting);
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/api/caseload";
            context.Response.Body = new MemoryStream();
            await pipeline.InvokeAsync(context);
            await starting.StartAsync();
            answers.Add((context.Response.StatusCode, context.Response.Headers));
        }

        Assert.Equal([401, 401, 429], answers.Select(a => a.Status));
        Assert.All(answers, a =>
        {
            Assert.Equal(Revalidation.Api.Http.ApiSecurityHeaders.ContentSecurityPolicy, a.Headers.ContentSecurityPolicy.ToString());
            Assert.Equal(("nosniff", "DENY", "no-referrer"), (a.Headers.XContentTypeOptions.ToString(), a.Headers.XFrameOptions.ToString(), a.Headers["Referrer-Policy"].ToString()));
            Assert.StartsWith("max-age=", a.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
        });
        Assert.False(string.IsNullOrEmpty(answers[2].Headers.RetryAfter));
    }

    /// <summary>A response feature that runs its OnStarting callbacks when told (DefaultHttpContext's never does).</summary>
    private sealed class StartingFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> callbacks = [];

        public override void OnStarting(Func<object, Task> callback, object state) => callbacks.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = callbacks.Count - 1; i >= 0; i--)
            {
                await callbacks[i].Callback(callbacks[i].State);
            }
        }
    }

    [Fact]
    public void RunAsync_Trigger_IsOneAnonymousCatchAllForEveryMethod()
    {
        var method = typeof(ApiFunction).GetMethod(nameof(ApiFunction.RunAsync))!;
        var trigger = method.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal("api", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
        Assert.Equal("{*path}", trigger.Route);
        Assert.Null(trigger.Methods); // no list: every method reaches the API, which answers 405 or 404 itself

        // Beside it only the event handlers (ADR 0012); the one other HTTP function has a literal route, which wins by precedence.
        var functions = typeof(ApiFunction).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, m => m);
        Assert.Equal(
            new[] { "api", DirectorySyncFunctions.QueueTriggerName, DirectorySyncFunctions.RenewalName, DirectorySyncFunctions.WebhookName, EvidenceUploadFunction.Name }.Order(StringComparer.Ordinal),
            functions.Keys.Order(StringComparer.Ordinal));
        var http = functions.Values.Select(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault()).OfType<HttpTriggerAttribute>().ToList();
        Assert.Equal(["webhooks/graph", "{*path}"], http.Select(h => h.Route!).OrderBy(r => r.StartsWith('{')));
    }

    [Fact]
    public async Task Api_AtTheWebhookRoute_HasNoEndpointForTheWebhookToShadow()
    {
        var settings = TestSettings.For(data);
        settings["Auth:Mode"] = "EntraId";
        settings["Auth:TenantId"] = Guid.Empty.ToString();
        settings["Auth:Audience"] = "api://revalidation-tests";
        using var host = FunctionsApp.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}")]).Build();

        Assert.Equal((404, "application/problem+json"), await RunAsync(host.Services.GetRequiredService<ApiPipeline>(), host.Services, "/api/" + DirectorySyncFunctions.WebhookRoute));
    }

    [Fact]
    public void HostJson_RoutePrefix_IsTheApiBasePathSoPathsMatchTheServer()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

        Assert.Equal(RevalidationApi.BasePath, "/" + (string?)hostJson["extensions"]!["http"]!["routePrefix"]);
    }

    private static async Task<(int Status, string? ContentType)> RunAsync(ApiPipeline pipeline, IServiceProvider services, string path)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await pipeline.InvokeAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType);
    }

    /// <summary>The adapter class behind each store port.</summary>
    private static string[] PortAdapters(IServiceProvider services) =>
    [
        services.GetRequiredService<IDoctorStore>().GetType().Name,
        services.GetRequiredService<IDesignatedBodyStore>().GetType().Name,
        services.GetRequiredService<IAuditLog>().GetType().Name,
        services.GetRequiredService<IAlertOutbox>().GetType().Name,
        services.GetRequiredService<ILeaseStore>().GetType().Name,
    ];
}
