using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Revalidation.Core.DirectorySync;
using Revalidation.Functions.DirectorySync;

namespace Revalidation.Functions.Tests.DirectorySync;

/// <summary>The queue-triggered side (ADR 0012): one incremental round per burst, full rounds after missed notifications, subscription upkeep.</summary>
public sealed class DirectorySyncRequestTests : IAsyncLifetime
{
    private GraphEventsHarness harness = null!;

    public async Task InitializeAsync() => harness = await GraphEventsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static string Sync(SyncMode mode, DateTimeOffset at) => new DirectorySyncRequest(DirectorySyncAction.Sync, mode, at, "change").ToMessage();

    [Fact]
    public async Task WebhookThenQueue_ChangeNotification_RunsAnIncrementalRoundThatAppliesTheChange()
    {
        var id = harness.AddDoctor(1);
        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(GraphEventsHarness.Batch((GraphEventsHarness.ClientState, null))), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(5)); // the queue delivers a moment later

        await harness.Functions.RunQueuedAsync(Assert.Single(output.Messages!), CancellationToken.None);

        var run = Assert.Single(await harness.RunsAsync());
        Assert.Equal((SyncRunStatus.Succeeded, SyncMode.Incremental, DirectorySyncRequestHandler.TriggeredBy), (run.Status, run.Mode, run.TriggeredBy));
        Assert.NotNull(await harness.Doctors.FindDoctorByDirectoryIdAsync(GraphEventsHarness.Body, id));
    }

    [Fact]
    public async Task Handle_BurstOfRequestsMadeBeforeARound_RunsOneRound()
    {
        harness.AddDoctor(1);
        var requestedAt = harness.Time.GetUtcNow();
        var burst = Enumerable.Range(0, 5).Select(_ => Sync(SyncMode.Incremental, requestedAt)).ToList();
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();

        var outcomes = new List<DirectorySyncRequestOutcome>();
        foreach (var message in burst)
        {
            outcomes.Add(await handler.HandleAsync(message));
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([DirectorySyncRequestOutcome.Ran, .. Enumerable.Repeat(DirectorySyncRequestOutcome.Coalesced, 4)], outcomes);
        Assert.Single(await harness.RunsAsync());
    }

    [Fact]
    public async Task Handle_RequestMadeAfterTheLastRoundStarted_RunsAgain()
    {
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();
        Assert.Equal(DirectorySyncRequestOutcome.Ran, await handler.HandleAsync(Sync(SyncMode.Incremental, harness.Time.GetUtcNow())));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var id = harness.AddDoctor(2);

        Assert.Equal(DirectorySyncRequestOutcome.Ran, await handler.HandleAsync(Sync(SyncMode.Incremental, harness.Time.GetUtcNow())));

        Assert.Equal(2, (await harness.RunsAsync()).Count);
        Assert.NotNull(await harness.Doctors.FindDoctorByDirectoryIdAsync(GraphEventsHarness.Body, id));
    }

    [Fact]
    public async Task Handle_FullRequestAfterAnIncrementalRound_IsNotCoveredByIt()
    {
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();
        var requestedAt = harness.Time.GetUtcNow();
        await handler.HandleAsync(Sync(SyncMode.Incremental, requestedAt));
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(DirectorySyncRequestOutcome.Ran, await handler.HandleAsync(Sync(SyncMode.Full, requestedAt)));
        Assert.Equal(DirectorySyncRequestOutcome.Coalesced, await handler.HandleAsync(Sync(SyncMode.Incremental, requestedAt)));

        Assert.Equal([SyncMode.Full, SyncMode.Incremental], (await harness.RunsAsync()).Select(r => r.Mode));
    }

    [Fact]
    public async Task Handle_AfterAFailedRound_RunsAgain()
    {
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();
        harness.Graph.Fail("/users/delta", 500, times: 1);
        var requestedAt = harness.Time.GetUtcNow();
        await handler.HandleAsync(Sync(SyncMode.Incremental, requestedAt));
        Assert.Equal(SyncRunStatus.Failed, Assert.Single(await harness.RunsAsync()).Status);
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(DirectorySyncRequestOutcome.Ran, await handler.HandleAsync(Sync(SyncMode.Incremental, requestedAt)));

        Assert.Equal(SyncRunStatus.Succeeded, (await harness.RunsAsync())[0].Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"action\":\"Explode\",\"mode\":\"Incremental\",\"requestedAt\":\"2026-11-25T09:00:00Z\",\"reason\":\"x\"}")]
    public async Task Handle_UnreadableMessage_IsDroppedWithoutARound(string message)
    {
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();

        Assert.Equal(DirectorySyncRequestOutcome.Unreadable, await handler.HandleAsync(message));
        Assert.Empty(await harness.RunsAsync());
    }

    [Fact]
    public async Task Handle_InAHostWithoutDirectorySync_IsDroppedAsNotConfigured()
    {
        var handler = new DirectorySyncRequestHandler(NullLogger<DirectorySyncRequestHandler>.Instance);

        Assert.Equal(DirectorySyncRequestOutcome.NotConfigured, await handler.HandleAsync(Sync(SyncMode.Incremental, harness.Time.GetUtcNow())));
    }
}

/// <summary>Subscription upkeep with the real Graph SDK against the fake Graph server's /subscriptions.</summary>
public sealed class GraphSubscriptionTests : IAsyncLifetime
{
    private GraphEventsHarness harness = null!;

    public async Task InitializeAsync() => harness = await GraphEventsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private GraphSubscriptionService Service => harness.Services.GetRequiredService<GraphSubscriptionService>();

    [Fact]
    public async Task RenewalTimer_WithNoSubscription_CreatesOneWithTheClientStateForTheLongestLifetime()
    {
        await harness.Functions.RenewSubscriptionAsync(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        var created = Assert.Single(harness.Graph.Subscriptions.Values);
        Assert.Equal(("users", "updated,deleted", GraphEventsHarness.NotificationUrl, GraphEventsHarness.NotificationUrl, GraphEventsHarness.ClientState),
            (created.Resource, created.ChangeType, created.NotificationUrl, created.LifecycleNotificationUrl, created.ClientState));
        Assert.Equal(harness.Time.GetUtcNow().AddDays(28), created.ExpirationDateTime);
    }

    [Fact]
    public async Task Ensure_SubscriptionExpiringSoon_IsRenewed_AndACurrentOneIsLeftAlone()
    {
        Assert.Equal(SubscriptionOutcome.Created, await Service.EnsureAsync());
        harness.Time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(SubscriptionOutcome.Current, await Service.EnsureAsync());

        harness.Time.Advance(TimeSpan.FromDays(6)); // 2 days left, under RenewBefore (3 days)
        Assert.Equal(SubscriptionOutcome.Renewed, await Service.EnsureAsync());

        var renewed = Assert.Single(harness.Graph.Subscriptions.Values);
        Assert.Equal(harness.Time.GetUtcNow().AddDays(28), renewed.ExpirationDateTime);
    }

    [Fact]
    public async Task QueuedReauthorize_ReauthorizesThatSubscription_OrReplacesOneGraphNoLongerKnows()
    {
        await Service.EnsureAsync();
        var id = Assert.Single(harness.Graph.Subscriptions.Keys);
        var handler = harness.Services.GetRequiredService<DirectorySyncRequestHandler>();

        await handler.HandleAsync(new DirectorySyncRequest(DirectorySyncAction.Reauthorize, SyncMode.Incremental, harness.Time.GetUtcNow(), "reauthorizationRequired", id).ToMessage());
        Assert.Equal([id], harness.Graph.Reauthorized);

        harness.Graph.Subscriptions.Clear();
        Assert.Equal(SubscriptionOutcome.Created, await Service.ReauthorizeAsync(id));
        Assert.Single(harness.Graph.Subscriptions);
    }
}

/// <summary>How the host hands queue messages over: one at a time per instance, and a busy round retried minutes later, not at once.</summary>
public sealed class DirectorySyncQueueSettingsTests
{
    [Fact]
    public void HostJson_Queues_DeliverOneAtATimeAndRetryAfterAVisibilityTimeout()
    {
        var queues = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!["extensions"]!["queues"]!;

        Assert.Equal(1, (int)queues["batchSize"]!);
        Assert.Equal(0, (int)queues["newBatchThreshold"]!);
        Assert.True(TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromMinutes(1));
        Assert.True((int)queues["maxDequeueCount"]! >= 5);
    }
}

/// <summary>Subscription upkeep exists in the host exactly when a Graph source is configured (it uses that source's credential).</summary>
public sealed class GraphSubscriptionCompositionTests : IDisposable
{
    private readonly Support.TempData data = new("graph-composition");

    public void Dispose() => data.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddRevalidationFunctions_RegistersSubscriptionUpkeepOnlyWithAGraphSource(bool graphSource)
    {
        var settings = Support.TestSettings.For(data);
        if (graphSource)
        {
            settings["Directory:Sources:entra:Kind"] = "Graph";
            settings["Directory:Sources:entra:DesignatedBody"] = "1-DEMO01";
            settings["Directory:Sources:entra:Graph:Credential"] = "ManagedIdentity";
            settings["Directory:Sources:entra:Graph:DoctorGroupIds:0"] = GraphEventsHarness.DoctorsGroup;
        }

        using var host = Support.FunctionsHost.Build(settings);

        Assert.Equal(graphSource, host.Services.GetService<GraphSubscriptionService>() is not null);
        Assert.NotNull(ActivatorUtilities.CreateInstance<DirectorySyncFunctions>(host.Services)); // the worker can create the function class either way
    }
}
