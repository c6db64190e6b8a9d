using System.Text.Json.Serialization;

namespace Revalidation.Core.Gmc;

/// <summary>Where a recommendation's submission through the GMC web service stands (docs/decisions/0013).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GmcSubmissionState>))]
public enum GmcSubmissionState
{
    /// <summary>Queued for the GMC (now, or at <see cref="GmcSubmission.NextAttemptAt"/> after a transport failure or code 98).</summary>
    Queued,
    /// <summary>Claimed by a dispatcher until <see cref="GmcSubmission.ClaimedUntil"/>; another may take it over after that.</summary>
    Sending,
    /// <summary>The GMC has it (code 0, or code 91 on a retry of a request that may have reached it): its outcome is polled.</summary>
    Submitted,
    /// <summary>The GMC refused it with a rule code (or an unknown code): shown to the RO, never retried; the recommendation is closed.</summary>
    RejectedByGmc,
    /// <summary>A configuration problem (credentials, IP address, access to the body): admins are alerted; tried again only after a long wait.</summary>
    Held,
}

/// <summary>
/// The outbox message of one recommendation sent through the GMC web service. It lives on the recommendation (so in
/// the doctor's document) and every step is saved with the doctor's ETag: of two dispatchers only one claim succeeds.
/// </summary>
public sealed class GmcSubmission
{
    public const int MaxErrorLength = 300;

    [JsonConstructor]
    internal GmcSubmission(string clientRequestId, DateTimeOffset queuedAt)
    {
        ClientRequestId = clientRequestId;
        QueuedAt = queuedAt;
    }

    /// <summary>Deterministic per recommendation (<see cref="ClientRequestIdFor"/>): every attempt sends the same one.</summary>
    public string ClientRequestId { get; }

    public DateTimeOffset QueuedAt { get; }

    [JsonInclude]
    public GmcSubmissionState State { get; internal set; } = GmcSubmissionState.Queued;

    /// <summary>Send attempts so far (each claim counts).</summary>
    [JsonInclude]
    public int Attempts { get; internal set; }

    [JsonInclude]
    public DateTimeOffset? NextAttemptAt { get; internal set; }

    [JsonInclude]
    public DateTimeOffset? ClaimedUntil { get; internal set; }

    /// <summary>An earlier attempt may have reached the GMC without its answer reaching us (timeout, dropped connection, a claim that lapsed).</summary>
    [JsonInclude]
    public bool MayHaveReachedGmc { get; internal set; }

    /// <summary>The GMC's return code, verbatim (also an unknown one).</summary>
    [JsonInclude]
    public string? ReturnCode { get; internal set; }

    /// <summary>What the return code means, shown to the RO.</summary>
    [JsonInclude]
    public string? ReturnCodeMeaning { get; internal set; }

    [JsonInclude]
    public string? GmcRequestId { get; internal set; }

    [JsonInclude]
    public DateTimeOffset? SubmittedAt { get; internal set; }

    /// <summary>Why the last attempt failed in transport (no personal data).</summary>
    [JsonInclude]
    public string? LastError { get; internal set; }

    /// <summary>The last status <c>CheckRecommendationStatus</c> gave, verbatim.</summary>
    [JsonInclude]
    public string? GmcStatus { get; internal set; }

    [JsonInclude]
    public DateTimeOffset? LastCheckedAt { get; internal set; }

    /// <summary>When the dispatcher may next look at it: due, or a lapsed claim.</summary>
    [JsonIgnore]
    public DateTimeOffset? DueAt => State switch
    {
        GmcSubmissionState.Queued => NextAttemptAt ?? QueuedAt,
        GmcSubmissionState.Held => NextAttemptAt,
        GmcSubmissionState.Sending => ClaimedUntil,
        _ => null,
    };

    public bool IsDue(DateTimeOffset now) => DueAt is { } due && due <= now;

    /// <summary>The ClientRequestID of a recommendation: the same for every attempt, so a retry is recognisably the same request.</summary>
    public static string ClientRequestIdFor(Guid recommendationId) => $"REVAL-{recommendationId:N}";

    /// <summary>A corrected resubmission after <paramref name="refusals"/> refusals is a new request to the GMC (its own id).</summary>
    public static string ClientRequestIdFor(Guid recommendationId, int refusals) =>
        refusals == 0 ? ClientRequestIdFor(recommendationId) : $"REVAL-{recommendationId:N}-{refusals + 1}";

    internal static string Clip(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
