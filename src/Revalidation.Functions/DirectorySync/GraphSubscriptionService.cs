using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Revalidation.Functions.DirectorySync;

public enum SubscriptionOutcome
{
    /// <summary>No NotificationUrl or clientState: subscriptions are managed by hand (infra/README.md).</summary>
    NotConfigured,
    Created,
    Renewed,
    /// <summary>A subscription exists and does not expire soon.</summary>
    Current,
    Reauthorized,
}

/// <summary>
/// Keeps one Graph change-notification subscription on the directory's users alive (docs/architecture.md#directory-sync): creates it when
/// missing, extends it before it expires (Graph allows at most 29 days for users), reauthorises it when Graph asks.
/// Uses the Graph source's credential (application permission User.Read.All is enough to subscribe to users).
/// </summary>
public sealed partial class GraphSubscriptionService(GraphServiceClient client, IOptionsMonitor<GraphWebhookOptions> options, TimeProvider time, ILogger<GraphSubscriptionService> logger)
{
    public async Task<SubscriptionOutcome> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (!settings.IsConfigured || settings.NotificationUrl is null)
        {
            LogNotConfigured(logger);
            return SubscriptionOutcome.NotConfigured;
        }

        var url = settings.NotificationUrl.AbsoluteUri;
        var existing = (await client.Subscriptions.GetAsync(cancellationToken: cancellationToken))?.Value ?? [];
        var ours = existing
            .Where(s => string.Equals(s.NotificationUrl, url, StringComparison.OrdinalIgnoreCase) && string.Equals(s.Resource, settings.Resource, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.ExpirationDateTime)
            .FirstOrDefault();
        var now = time.GetUtcNow();
        if (ours is null)
        {
            var created = await client.Subscriptions.PostAsync(new Subscription
            {
                ChangeType = settings.ChangeTypes,
                NotificationUrl = url,
                LifecycleNotificationUrl = url,
                Resource = settings.Resource,
                ExpirationDateTime = now + settings.SubscriptionLifetime,
                ClientState = settings.ClientState,
            }, cancellationToken: cancellationToken);
            LogCreated(logger, created?.Id ?? "(unknown)", now + settings.SubscriptionLifetime);
            return SubscriptionOutcome.Created;
        }

        if (ours.ExpirationDateTime is { } expires && expires - now > settings.RenewBefore)
        {
            return SubscriptionOutcome.Current;
        }

        await client.Subscriptions[ours.Id].PatchAsync(new Subscription { ExpirationDateTime = now + settings.SubscriptionLifetime }, cancellationToken: cancellationToken);
        LogRenewed(logger, ours.Id ?? "(unknown)", now + settings.SubscriptionLifetime);
        return SubscriptionOutcome.Renewed;
    }

    /// <summary>Answers Graph's reauthorizationRequired; a subscription Graph no longer knows is replaced.</summary>
    public async Task<SubscriptionOutcome> ReauthorizeAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        if (!options.CurrentValue.IsConfigured)
        {
            LogNotConfigured(logger);
            return SubscriptionOutcome.NotConfigured;
        }

        try
        {
            await client.Subscriptions[subscriptionId].Reauthorize.PostAsync(cancellationToken: cancellationToken);
            LogReauthorized(logger, subscriptionId);
            return SubscriptionOutcome.Reauthorized;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return await EnsureAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph subscriptions: Directory:Webhook:NotificationUrl or ClientState is not set; subscriptions are managed by hand")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph subscriptions: created {SubscriptionId}, expiring {Expires:O}")]
    private static partial void LogCreated(ILogger logger, string subscriptionId, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph subscriptions: renewed {SubscriptionId} until {Expires:O}")]
    private static partial void LogRenewed(ILogger logger, string subscriptionId, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph subscriptions: reauthorised {SubscriptionId}")]
    private static partial void LogReauthorized(ILogger logger, string subscriptionId);
}
