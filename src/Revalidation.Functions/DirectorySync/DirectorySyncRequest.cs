using System.Text.Json;
using System.Text.Json.Serialization;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Functions.DirectorySync;

[JsonConverter(typeof(JsonStringEnumConverter<DirectorySyncAction>))]
public enum DirectorySyncAction
{
    /// <summary>Run a round of every Graph source (incremental, or full after missed notifications).</summary>
    Sync,
    /// <summary>Graph asked for the subscription to be reauthorised (lifecycle event reauthorizationRequired).</summary>
    Reauthorize,
    /// <summary>Make sure a subscription exists and is not about to expire (after subscriptionRemoved).</summary>
    EnsureSubscription,
}

/// <summary>
/// A queue message from the Graph webhook: what to do, and when it was asked for (the handler skips a sync when a
/// round of the same or a stronger mode started after that moment: it already saw the change). No personal data.
/// </summary>
public sealed record DirectorySyncRequest(DirectorySyncAction Action, SyncMode Mode, DateTimeOffset RequestedAt, string Reason, string? SubscriptionId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    /// <summary>The request in a queue message, or null when the message is not one (it is then dropped with a warning).</summary>
    public static DirectorySyncRequest? Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        try
        {
            var request = JsonSerializer.Deserialize<DirectorySyncRequest>(message, Json);
            return request is not null && Enum.IsDefined(request.Action) && Enum.IsDefined(request.Mode) && request.Reason is not null ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
