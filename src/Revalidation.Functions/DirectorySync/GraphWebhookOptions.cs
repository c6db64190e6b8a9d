using System.ComponentModel.DataAnnotations;

namespace Revalidation.Functions.DirectorySync;

/// <summary>
/// "Directory:Webhook": Microsoft Graph change notifications for the directory (docs/architecture.md#directory-sync, ADR 0012). Optional: while
/// <see cref="ClientState"/> is unset (or an unresolved Key Vault reference) the webhook answers 503 to everything, so
/// no subscription can be created against it and the rest of the host (the API) is unaffected.
/// </summary>
public sealed class GraphWebhookOptions : IValidatableObject
{
    public const string Section = "Directory:Webhook";

    /// <summary>The queue the webhook hands notifications to (created by infra/; the trigger reads it).</summary>
    public const string QueueName = "directory-sync-requests";

    /// <summary>Graph's limit for clientState.</summary>
    public const int MaxClientStateLength = 128;

    /// <summary>The shortest clientState accepted: it is the only proof that a notification comes from our subscription.</summary>
    public const int MinClientStateLength = 32;

    /// <summary>The secret sent with every subscription and echoed by Graph in every notification (Key Vault secret graph-client-state).</summary>
    public string? ClientState { get; set; }

    /// <summary>The public https URL of the webhook (…/api/webhooks/graph), for creating and renewing subscriptions. Unset: subscriptions are managed by hand.</summary>
    public Uri? NotificationUrl { get; set; }

    /// <summary>The Graph resource watched.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Resource { get; set; } = "users";

    [Required(AllowEmptyStrings = false)]
    public string ChangeTypes { get; set; } = "updated,deleted";

    /// <summary>How long a new or renewed subscription lasts: Graph allows at most 41,760 minutes (29 days) for users and groups.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "28.23:00:00")]
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromDays(28);

    /// <summary>The renewal job extends a subscription that expires sooner than this.</summary>
    [Range(typeof(TimeSpan), "00:30:00", "14.00:00:00")]
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Largest notification body read (Graph batches notifications; a body larger than this is refused with 413).</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether the webhook can check notifications: a clientState of a usable length that is not an unresolved Key Vault reference.</summary>
    public bool IsConfigured =>
        ClientState is { Length: >= MinClientStateLength and <= MaxClientStateLength } state
        && !state.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ClientState) && ClientState.Length > MaxClientStateLength)
        {
            yield return new ValidationResult($"Directory:Webhook:ClientState is at most {MaxClientStateLength} characters (Graph's limit).", [nameof(ClientState)]);
        }

        if (NotificationUrl is not null && (!NotificationUrl.IsAbsoluteUri || NotificationUrl.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Directory:Webhook:NotificationUrl must be an absolute https URL (Graph calls only https).", [nameof(NotificationUrl)]);
        }

        if (RenewBefore >= SubscriptionLifetime)
        {
            yield return new ValidationResult("Directory:Webhook:RenewBefore must be shorter than SubscriptionLifetime.", [nameof(RenewBefore)]);
        }
    }
}
