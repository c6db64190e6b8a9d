using Microsoft.Extensions.Logging;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Functions.DirectorySync;

public enum DirectorySyncRequestOutcome
{
    /// <summary>At least one round ran.</summary>
    Ran,
    /// <summary>Every Graph source already had a round that started after the request: nothing to do (a burst coalesced).</summary>
    Coalesced,
    /// <summary>The subscription was reauthorised, renewed or created (or found current).</summary>
    SubscriptionMaintained,
    /// <summary>This host has no directory sync, no Graph source or no subscription management: logged and dropped.</summary>
    NotConfigured,
    /// <summary>The message was not a request: logged and dropped.</summary>
    Unreadable,
}

/// <summary>
/// Runs what the Graph webhook queued (ADR 0012): a round of every Graph source through the one
/// <see cref="DirectorySyncService"/>, skipping a source whose latest round of the same or a stronger mode started
/// after the request was made (that round already read the change: a burst of notifications costs one round), or
/// subscription upkeep. A round already running in this process makes the message fail, so the queue delivers it
/// again later (a round that started before the notification may have missed the change).
/// </summary>
public sealed partial class DirectorySyncRequestHandler(
    ILogger<DirectorySyncRequestHandler> logger,
    DirectorySyncService? sync = null,
    IDirectorySyncStore? syncStore = null,
    GraphSubscriptionService? subscriptions = null,
    Infrastructure.Observability.RevalidationMetrics? metrics = null)
{
    public const string TriggeredBy = "graph-notification";

    public async Task<DirectorySyncRequestOutcome> HandleAsync(string? message, CancellationToken cancellationToken = default)
    {
        var request = DirectorySyncRequest.Parse(message);
        if (request is null)
        {
            LogUnreadable(logger);
            return DirectorySyncRequestOutcome.Unreadable;
        }

        return request.Action switch
        {
            DirectorySyncAction.Reauthorize when subscriptions is not null && !string.IsNullOrWhiteSpace(request.SubscriptionId) =>
                await Maintained(subscriptions.ReauthorizeAsync(request.SubscriptionId, cancellationToken)),
            DirectorySyncAction.Reauthorize or DirectorySyncAction.EnsureSubscription when subscriptions is not null =>
                await Maintained(subscriptions.EnsureAsync(cancellationToken)),
            DirectorySyncAction.Sync => await SyncAsync(request, cancellationToken),
            _ => NotConfigured(request),
        };
    }

    private async Task<DirectorySyncRequestOutcome> SyncAsync(DirectorySyncRequest request, CancellationToken cancellationToken)
    {
        var sources = sync?.Sources.Where(s => string.Equals(s.Kind, "Graph", StringComparison.Ordinal)).ToList() ?? [];
        if (sync is null || syncStore is null || sources.Count == 0)
        {
            return NotConfigured(request);
        }

        var ran = false;
        var busy = new List<string>();
        foreach (var source in sources)
        {
            var runs = await syncStore.ListRunsAsync(source.DesignatedBody, source.Id, limit: 10, cancellationToken: cancellationToken);
            var covering = runs.FirstOrDefault(r => r.StartedAt >= request.RequestedAt
                && r.Status != SyncRunStatus.Failed
                && (request.Mode == SyncMode.Incremental || r.Mode == SyncMode.Full));
            if (covering is not null)
            {
                LogCoalesced(logger, source.Id, request.Mode, covering.Id);
                continue;
            }

            var result = await sync.RunAsync(source.Id, request.Mode, TriggeredBy, cancellationToken);
            if (result.Status == Core.Common.ServiceStatus.Conflict)
            {
                busy.Add(source.Id);
                continue;
            }

            if (!result.IsOk || result.Value!.Status == SyncRunStatus.Failed)
            {
                metrics?.RecordDirectoryRunsFailed(1);
            }

            ran = true;
        }

        if (busy.Count > 0)
        {
            // Delivered again after the queue's visibility timeout; by then the running round has finished.
            throw new DirectorySyncBusyException($"A round of directory source(s) {string.Join(", ", busy)} is running; the request is retried later.");
        }

        return ran ? DirectorySyncRequestOutcome.Ran : DirectorySyncRequestOutcome.Coalesced;
    }

    private static async Task<DirectorySyncRequestOutcome> Maintained(Task<SubscriptionOutcome> upkeep)
    {
        await upkeep;
        return DirectorySyncRequestOutcome.SubscriptionMaintained;
    }

    private DirectorySyncRequestOutcome NotConfigured(DirectorySyncRequest request)
    {
        LogNotConfigured(logger, request.Action, request.Reason);
        return DirectorySyncRequestOutcome.NotConfigured;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync request: the queue message is not a request; dropped")]
    private static partial void LogUnreadable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory sync request: source {SourceId} already had a {Mode}-covering round after the request (run {RunId}); skipped")]
    private static partial void LogCoalesced(ILogger logger, string sourceId, SyncMode mode, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync request {Action} ({Reason}): this host has no Graph directory source or subscription management configured; dropped")]
    private static partial void LogNotConfigured(ILogger logger, DirectorySyncAction action, string reason);
}

/// <summary>A round of the source is already running in this process: the queue message is to be delivered again later.</summary>
public sealed class DirectorySyncBusyException(string message) : Exception(message);
