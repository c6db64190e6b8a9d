using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Store;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Functions.DirectorySync;
using Revalidation.Functions.Hosting;
using Revalidation.Functions.Tests.Support;
using Revalidation.Infrastructure.DirectorySync;

namespace Revalidation.Functions.Tests.DirectorySync;

/// <summary>
/// The Functions host composed as in production (<c>AddRevalidationFunctions</c>) on a real SQLite file, with one Graph
/// directory source and subscription upkeep pointed at the fake Graph server on loopback (the real Graph SDK), a fake
/// clock, and captured logs. The function class is created by the host's container, as the worker creates it.
/// </summary>
public sealed class GraphEventsHarness : IAsyncDisposable
{
    public const string ClientState = "client-state-of-the-test-subscription-0123456789";
    public const string DoctorsGroup = "6a1c1f0e-0000-4000-8000-000000000001";
    public const string NotificationUrl = "https://revalidation.example/api/webhooks/graph";
    public static readonly DesignatedBodyCode Body = DesignatedBodyCode.Parse("1-TRUST01");

    private readonly TempData data;
    private readonly IHost host;

    private GraphEventsHarness(TempData data, IHost host, FakeGraphServer graph, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        this.data = data;
        this.host = host;
        Graph = graph;
        Time = time;
        Logs = logs;
        Functions = ActivatorUtilities.CreateInstance<DirectorySyncFunctions>(host.Services);
    }

    public FakeGraphServer Graph { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public DirectorySyncFunctions Functions { get; }

    public IServiceProvider Services => host.Services;

    public IDirectorySyncStore SyncStore => host.Services.GetRequiredService<IDirectorySyncStore>();

    public IDoctorStore Doctors => host.Services.GetRequiredService<IDoctorStore>();

    public static async Task<GraphEventsHarness> StartAsync(string? clientState = ClientState)
    {
        var graph = await FakeGraphServer.StartAsync();
        var data = new TempData("graph-events");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        var settings = TestSettings.For(data);
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Directory:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        settings["Directory:Webhook:ClientState"] = clientState;
        settings["Directory:Webhook:NotificationUrl"] = NotificationUrl;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = TestSettings.Environment,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        // Registered before the hosts' own (TryAdd) registrations, so these win: a Graph source and upkeep on the fake server.
        builder.Services.AddSingleton(sp => new DirectorySyncService(
            [new GraphDirectorySource(new DirectorySourceInfo("entra", "Graph", Body, "test tenant"), new GraphDirectorySourceOptions { DoctorGroupIds = [DoctorsGroup] }, graph.CreateClient())],
            sp.GetRequiredService<IDirectorySyncStore>(),
            sp.GetRequiredService<IDoctorStore>(),
            sp.GetRequiredService<Revalidation.Core.Doctors.DoctorRecordService>(),
            sp.GetRequiredService<IDesignatedBodyStore>(),
            sp.GetRequiredService<IAlertOutbox>(),
            time,
            sp.GetRequiredService<IOptions<RevalidationOptions>>(),
            sp.GetRequiredService<IOptions<DirectorySyncOptions>>(),
            sp.GetRequiredService<ILogger<DirectorySyncService>>()));
        builder.Services.AddSingleton(sp => new GraphSubscriptionService(
            graph.CreateClient(),
            sp.GetRequiredService<IOptionsMonitor<GraphWebhookOptions>>(),
            time,
            sp.GetRequiredService<ILogger<GraphSubscriptionService>>()));

        builder.AddRevalidationFunctions();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)); // after the hosts' own TimeProvider.System
        var host = builder.Build();
        await host.StartAsync();
        var bodies = host.Services.GetRequiredService<IDesignatedBodyStore>();
        var body = DesignatedBody.Create(Body, "Trust one", new StaffMember("ro-1", "Dr Responsible Officer")).Value!;
        Assert.True((await bodies.SaveDesignatedBodyAsync(body, [])).Saved);
        return new GraphEventsHarness(data, host, graph, time, logs);
    }

    /// <summary>A doctor in the fake tenant and in the doctors' group.</summary>
    public string AddDoctor(int n)
    {
        var id = $"00000000-0000-4000-8000-{n:000000000000}";
        Graph.Tenant.Put(new FakeUser(id, $"Given{n}", $"Family{n}", (7_000_000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), true, $"doctor{n}@trust.example", "Cardiology", "Consultant"));
        Graph.Tenant.AddMember(DoctorsGroup, id);
        return id;
    }

    /// <summary>A request to the webhook as the worker's ASP.NET Core integration hands it over.</summary>
    public static HttpRequest Request(string? json, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/" + DirectorySyncFunctions.WebhookRoute;
        context.Request.QueryString = new QueryString(query);
        var bytes = Encoding.UTF8.GetBytes(json ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        return context.Request;
    }

    /// <summary>A notification batch; each item is (clientState, lifecycleEvent or null).</summary>
    public static string Batch(params (string? ClientState, string? LifecycleEvent)[] items) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            value = items.Select((item, i) => new
            {
                subscriptionId = $"sub-{i % 2}",
                clientState = item.ClientState,
                changeType = item.LifecycleEvent is null ? "updated" : null,
                lifecycleEvent = item.LifecycleEvent,
                resource = $"Users/00000000-0000-4000-8000-00000000000{i}",
                tenantId = "11111111-1111-1111-1111-111111111111",
            }),
        });

    public Task<IReadOnlyList<SyncRun>> RunsAsync() => SyncStore.ListRunsAsync(Body, "entra", 100);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await Graph.DisposeAsync();
        data.Dispose();
    }
}
