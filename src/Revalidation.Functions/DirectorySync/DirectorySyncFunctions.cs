using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Revalidation.Functions.DirectorySync;

/// <summary>The webhook's two outputs: the HTTP answer, and the queue messages for the sync trigger.</summary>
public sealed class GraphNotificationOutput
{
    [HttpResult]
    public required IActionResult Response { get; init; }

    [QueueOutput(GraphWebhookOptions.QueueName)]
    public string[]? Messages { get; init; }
}

/// <summary>
/// The Functions adapters of directory sync events (ADR 0012). Thin: the handlers do the work and are tested in-process.
/// Anonymous at the Functions level: Graph cannot send a function key; the handler checks every item's clientState.
/// The literal route wins over the API's catch-all by route precedence.
/// </summary>
public sealed class DirectorySyncFunctions(GraphNotificationHandler notifications, DirectorySyncRequestHandler requests, GraphSubscriptionService? subscriptions = null)
{
    public const string WebhookName = "GraphNotifications";
    public const string WebhookRoute = "webhooks/graph";
    public const string QueueTriggerName = "DirectorySyncRequests";
    public const string RenewalName = "GraphSubscriptionRenewal";

    /// <summary>Every 12 hours (minute 20): well inside the renewal margin, so one failed run is harmless.</summary>
    public const string RenewalSchedule = "0 20 */12 * * *";

    [Function(WebhookName)]
    public async Task<GraphNotificationOutput> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WebhookRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await notifications.HandleAsync(request, cancellationToken);
        return new GraphNotificationOutput { Response = outcome.Response, Messages = outcome.Messages.Count == 0 ? null : [.. outcome.Messages] };
    }

    [Function(QueueTriggerName)]
    public Task RunQueuedAsync([QueueTrigger(GraphWebhookOptions.QueueName)] string message, CancellationToken cancellationToken) =>
        requests.HandleAsync(message, cancellationToken);

    [Function(RenewalName)]
    public async Task RenewSubscriptionAsync([TimerTrigger(RenewalSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (subscriptions is not null)
        {
            await subscriptions.EnsureAsync(cancellationToken);
        }
    }
}
