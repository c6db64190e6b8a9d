using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Revalidation.Core.DirectorySync;
using Revalidation.Functions.DirectorySync;

namespace Revalidation.Functions.Tests.DirectorySync;

/// <summary>The Graph change-notification webhook (docs/architecture.md#directory-sync, ADR 0012): handshake, clientState, 202 and a queue message, never a sync inline.</summary>
public sealed class GraphWebhookTests : IAsyncLifetime
{
    private GraphEventsHarness harness = null!;

    public async Task InitializeAsync() => harness = await GraphEventsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Receive_WithValidationToken_EchoesItAsPlainText200()
    {
        var request = GraphEventsHarness.Request(null, "?validationToken=Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+1");

        var output = await harness.Functions.ReceiveAsync(request, CancellationToken.None);

        var content = Assert.IsType<ContentResult>(output.Response);
        Assert.Equal(StatusCodes.Status200OK, content.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", content.ContentType);
        Assert.Equal("Validation: Testing client application reachability for subscription Request-Id: 1", content.Content);
        Assert.Equal("nosniff", request.HttpContext.Response.Headers.XContentTypeOptions);
        Assert.Null(output.Messages);
    }

    [Fact]
    public async Task Receive_ChangeNotifications_Answers202AndQueuesOneIncrementalSyncWithoutSyncing()
    {
        harness.AddDoctor(1);
        var json = GraphEventsHarness.Batch((GraphEventsHarness.ClientState, null), (GraphEventsHarness.ClientState, null), (GraphEventsHarness.ClientState, null));

        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(json), CancellationToken.None);

        Assert.Equal(StatusCodes.Status202Accepted, Assert.IsType<StatusCodeResult>(output.Response).StatusCode);
        var request = DirectorySyncRequest.Parse(Assert.Single(output.Messages!));
        Assert.Equal(new DirectorySyncRequest(DirectorySyncAction.Sync, SyncMode.Incremental, harness.Time.GetUtcNow(), "change"), request);
        Assert.Empty(await harness.RunsAsync()); // nothing ran inline
        Assert.DoesNotContain(harness.Graph.Requests, r => r.Contains("delta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receive_WrongClientState_DropsThoseItemsAndWarnsWithoutPersonalData()
    {
        var json = GraphEventsHarness.Batch(("forged-state", null), (null, null));

        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(json), CancellationToken.None);

        Assert.Equal(StatusCodes.Status202Accepted, Assert.IsType<StatusCodeResult>(output.Response).StatusCode);
        Assert.Null(output.Messages);
        var warnings = harness.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(GraphNotificationHandler), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count); // one per subscription id
        Assert.All(warnings, w =>
        {
            Assert.Contains("did not match", w.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("forged-state", w.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Users/", w.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Receive_MixedBatch_QueuesOnlyForTheValidItems()
    {
        var json = GraphEventsHarness.Batch(("forged-state", "missed"), (GraphEventsHarness.ClientState, null));

        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(json), CancellationToken.None);

        var request = DirectorySyncRequest.Parse(Assert.Single(output.Messages!))!;
        Assert.Equal((DirectorySyncAction.Sync, SyncMode.Incremental), (request.Action, request.Mode)); // the forged "missed" asked for a full round
    }

    [Theory]
    [InlineData("reauthorizationRequired", DirectorySyncAction.Reauthorize, SyncMode.Incremental)]
    [InlineData("missed", DirectorySyncAction.Sync, SyncMode.Full)]
    public async Task Receive_LifecycleNotification_QueuesItsAction(string lifecycleEvent, DirectorySyncAction action, SyncMode mode)
    {
        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(GraphEventsHarness.Batch((GraphEventsHarness.ClientState, lifecycleEvent))), CancellationToken.None);

        Assert.Equal(StatusCodes.Status202Accepted, Assert.IsType<StatusCodeResult>(output.Response).StatusCode);
        var request = DirectorySyncRequest.Parse(Assert.Single(output.Messages!))!;
        Assert.Equal((action, mode), (request.Action, request.Mode));
        Assert.Equal(action == DirectorySyncAction.Reauthorize ? "sub-0" : null, request.SubscriptionId);
    }

    [Fact]
    public async Task Receive_SubscriptionRemoved_QueuesAFullRoundAndANewSubscription()
    {
        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(GraphEventsHarness.Batch((GraphEventsHarness.ClientState, "subscriptionRemoved"))), CancellationToken.None);

        var requests = output.Messages!.Select(m => DirectorySyncRequest.Parse(m)!).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Contains(requests, r => r.Action == DirectorySyncAction.Sync && r.Mode == SyncMode.Full);
        Assert.Contains(requests, r => r.Action == DirectorySyncAction.EnsureSubscription);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"items\": []}")]
    [InlineData("[1, 2]")]
    public async Task Receive_BodyThatIsNotABatch_Is400NamingTheField(string json)
    {
        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(json), CancellationToken.None);

        var problem = Assert.IsType<ObjectResult>(output.Response);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Contains("value", Assert.IsType<ValidationProblemDetails>(problem.Value).Errors.Keys);
        Assert.Null(output.Messages);
    }

    [Fact]
    public async Task Receive_BodyOverTheLimit_Is413()
    {
        var json = GraphEventsHarness.Batch(Enumerable.Repeat<(string?, string?)>((GraphEventsHarness.ClientState, null), 6_000).ToArray());

        var output = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(json), CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<ObjectResult>(output.Response).StatusCode);
        Assert.Null(output.Messages);
    }
}

/// <summary>Without a usable clientState the webhook accepts nothing, so no subscription can be made against it.</summary>
public sealed class GraphWebhookNotConfiguredTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("too-short")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/graph-client-state)")]
    public async Task Receive_WithoutUsableClientState_Is503ForHandshakeAndNotifications(string? clientState)
    {
        await using var harness = await GraphEventsHarness.StartAsync(clientState);

        var handshake = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(null, "?validationToken=abc"), CancellationToken.None);
        var notification = await harness.Functions.ReceiveAsync(GraphEventsHarness.Request(GraphEventsHarness.Batch((clientState, null))), CancellationToken.None);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<StatusCodeResult>(handshake.Response).StatusCode);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<StatusCodeResult>(notification.Response).StatusCode);
        Assert.Null(notification.Messages);
    }
}
