using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Functions.DirectorySync;

/// <summary>What the webhook answers, and the queue messages it hands on (none when nothing valid arrived).</summary>
public sealed record GraphNotificationOutcome(IActionResult Response, IReadOnlyList<string> Messages);

/// <summary>
/// Microsoft Graph change and lifecycle notifications for the directory (docs/architecture.md#directory-sync, ADR 0012). Does no sync itself:
/// <list type="bullet">
/// <item>a subscription handshake (<c>?validationToken=</c>) is answered with the token as <c>text/plain</c>, 200, at once;</item>
/// <item>a notification batch is checked item by item: an item whose <c>clientState</c> differs from the configured
/// secret (compared in constant time) is dropped and counted in a warning (subscription id and count only: no personal
/// data); the valid ones become at most one queue message per kind, and the answer is 202 whatever the items held
/// (Graph retries anything else, and a forged batch is not worth a retry);</item>
/// <item>a body that is not a notification batch is 400; larger than the limit, 413; while the webhook has no usable
/// clientState, everything is 503.</item>
/// </list>
/// </summary>
public sealed partial class GraphNotificationHandler(IOptionsMonitor<GraphWebhookOptions> options, TimeProvider time, ILogger<GraphNotificationHandler> logger)
{
    /// <summary>Graph's validation tokens are short opaque strings; anything much longer is not one.</summary>
    public const int MaxValidationTokenLength = 1_024;

    public async Task<GraphNotificationOutcome> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
        {
            LogNotConfigured(logger);
            return new(new StatusCodeResult(StatusCodes.Status503ServiceUnavailable), []);
        }

        if (request.Query.TryGetValue("validationToken", out var token))
        {
            var value = token.ToString();
            if (value.Length is 0 or > MaxValidationTokenLength)
            {
                return new(Problem(StatusCodes.Status400BadRequest, "validationToken", "The validation token is empty or too long."), []);
            }

            // The query value is already URL-decoded; Graph expects it back verbatim. text/plain + nosniff: never rendered.
            request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return new(new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/plain; charset=utf-8", Content = value }, []);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return new(new StatusCodeResult(StatusCodes.Status405MethodNotAllowed), []);
        }

        if (request.ContentLength > settings.MaxBodyBytes)
        {
            return new(Problem(StatusCodes.Status413PayloadTooLarge, "body", $"A notification body is at most {settings.MaxBodyBytes} bytes."), []);
        }

        NotificationBatch? batch;
        try
        {
            var body = await ReadLimitedAsync(request.Body, settings.MaxBodyBytes, cancellationToken);
            if (body is null)
            {
                return new(Problem(StatusCodes.Status413PayloadTooLarge, "body", $"A notification body is at most {settings.MaxBodyBytes} bytes."), []);
            }

            batch = JsonSerializer.Deserialize<NotificationBatch>(body, JsonOptions);
        }
        catch (JsonException)
        {
            batch = null;
        }

        if (batch?.Value is not { } items)
        {
            return new(Problem(StatusCodes.Status400BadRequest, "value", "The body is not a Microsoft Graph notification batch ({\"value\": [...]})."), []);
        }

        var expected = Digest(settings.ClientState!);
        var now = time.GetUtcNow();
        var requests = new List<DirectorySyncRequest>();
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null || item.ClientState is null || !CryptographicOperations.FixedTimeEquals(Digest(item.ClientState), expected))
            {
                var subscription = Truncate(item?.SubscriptionId) ?? "(none)";
                rejected[subscription] = rejected.GetValueOrDefault(subscription) + 1;
                continue;
            }

            requests.AddRange(RequestsFor(item, now));
        }

        foreach (var (subscription, count) in rejected)
        {
            LogRejected(logger, count, subscription);
        }

        var messages = requests
            .DistinctBy(r => (r.Action, r.Mode, r.SubscriptionId))
            .Select(r => r.ToMessage())
            .ToList();
        var accepted = items.Count - rejected.Values.Sum();
        LogAccepted(logger, accepted, messages.Count);
        return new(new StatusCodeResult(StatusCodes.Status202Accepted), messages);
    }

    private static IEnumerable<DirectorySyncRequest> RequestsFor(Notification item, DateTimeOffset now)
    {
        var subscription = Truncate(item.SubscriptionId);
        switch (item.LifecycleEvent)
        {
            case null or "":
                // A change: the delta round picks it up (we never read the notification's resource data).
                yield return new(DirectorySyncAction.Sync, SyncMode.Incremental, now, "change");
                break;
            case "reauthorizationRequired":
                yield return new(DirectorySyncAction.Reauthorize, SyncMode.Incremental, now, "reauthorizationRequired", subscription);
                break;
            case "missed":
                yield return new(DirectorySyncAction.Sync, SyncMode.Full, now, "missed");
                break;
            case "subscriptionRemoved":
                yield return new(DirectorySyncAction.Sync, SyncMode.Full, now, "subscriptionRemoved");
                yield return new(DirectorySyncAction.EnsureSubscription, SyncMode.Incremental, now, "subscriptionRemoved", subscription);
                break;
            default:
                // An event this code does not know: a full round is the safe reading of "something happened".
                yield return new(DirectorySyncAction.Sync, SyncMode.Full, now, "lifecycle");
                break;
        }
    }

    /// <summary>Equal-length digests, so the comparison takes the same time whatever the candidate's length.</summary>
    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static string? Truncate(string? value) => value is null ? null : value.Length <= 64 ? value : value[..64];

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ObjectResult Problem(int status, string field, string detail) =>
        new(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] }) { Status = status, Detail = detail })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record NotificationBatch(List<Notification?>? Value);

    private sealed record Notification(string? SubscriptionId, string? ClientState, string? ChangeType, string? LifecycleEvent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph webhook: Directory:Webhook:ClientState is not set (or its Key Vault reference is unresolved); answering 503")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph webhook: dropped {Count} notification(s) of subscription {SubscriptionId} whose clientState did not match")]
    private static partial void LogRejected(ILogger logger, int count, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph webhook: {Accepted} notification(s) accepted, {Messages} request(s) queued")]
    private static partial void LogAccepted(ILogger logger, int accepted, int messages);
}
