using System.Text.Json.Serialization;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertRecipient>))]
public enum AlertRecipient
{
    Doctor,
    ResponsibleOfficer,
    MedicalDirector,
    Admin,
}

/// <summary>
/// Where an alert is in its life. An alert recorded as <see cref="Pending"/> is an outbox message: recording
/// the alert and enqueuing its email are one insert, so neither can happen without the other.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    /// <summary>To be sent (now, or at <see cref="AlertDelivery.NextAttemptAt"/> after a transient failure).</summary>
    Pending,
    /// <summary>Passed while the scan could not run; a more urgent alert of the same series was sent instead. Never sent.</summary>
    Skipped,
    /// <summary>Claimed by a dispatcher until <see cref="AlertDelivery.ClaimedUntil"/>; another may take it over after that.</summary>
    Sending,
    /// <summary>Accepted by the mail relay (or written to the pickup folder). Final: never sent again.</summary>
    Sent,
    /// <summary>Given up on (a permanent failure, a missing address, or too many attempts); visible to admins, who may retry it.</summary>
    DeadLettered,
}

/// <summary>The outbox side of an alert: how delivery went so far.</summary>
/// <param name="Attempts">Send attempts so far (each claim counts as one).</param>
/// <param name="NextAttemptAt">A pending alert is not sent before this (exponential backoff); null means at once.</param>
/// <param name="ClaimedUntil">While <see cref="AlertState.Sending"/>: the claim's expiry, after which another dispatcher may take it over.</param>
/// <param name="SentAt">When the relay accepted it.</param>
/// <param name="LastError">Why the last attempt failed, or why it was dead-lettered. No personal data.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record AlertDelivery(
    int Attempts = 0,
    DateTimeOffset? NextAttemptAt = null,
    DateTimeOffset? ClaimedUntil = null,
    DateTimeOffset? SentAt = null,
    string? LastError = null,
    DateTimeOffset? DeadLetteredAt = null)
{
    public static AlertDelivery None { get; } = new();

    /// <summary>Longest <see cref="LastError"/> kept.</summary>
    public const int MaxErrorLength = 500;
}

/// <summary>
/// An alert, recorded once per deterministic <see cref="Key"/> (docs/domain.md#alerts). The store refuses a
/// second record with the same key, which is what makes alerts exactly-once under reruns and races.
/// The record is also the alert's outbox message (<see cref="Delivery"/>); every delivery step is a
/// conditional update on <see cref="ETag"/>, so two dispatchers never both own one message.
/// </summary>
/// <param name="Kind">What the alert is (docs/decisions/0017); its wording is the kind's entry in <see cref="AlertTemplates"/>.</param>
/// <param name="Facts">The typed facts its kind needs (made by the kind's factory in <see cref="AlertContent"/>).</param>
/// <param name="RefersTo">The date the alert is about (the RSD, the first day of the appraisal due month), shown in the email.</param>
public sealed record AlertRecord(
    string Key,
    DesignatedBodyCode DesignatedBody,
    Guid? DoctorId,
    AlertRecipient Recipient,
    AlertKind Kind,
    DateOnly DueOn,
    DateTimeOffset CreatedAt,
    AlertState State,
    AlertFacts Facts,
    DateOnly? RefersTo = null)
{
    /// <summary>The alert's stable short name for logs and the API ("ro-rsd-60d"): derived from the kind and facts, never parsed.</summary>
    [JsonIgnore]
    public string Code => AlertTemplates.Code(Kind, Facts);

    public AlertDelivery Delivery { get; init; } = AlertDelivery.None;

    /// <summary>The stored version (opaque); null before the alert is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Whether a dispatcher may claim it now: pending and due, or a claim that expired (its dispatcher died).</summary>
    public bool IsDeliverable(DateTimeOffset now) =>
        (State == AlertState.Pending && (Delivery.NextAttemptAt is null || Delivery.NextAttemptAt <= now))
        || (State == AlertState.Sending && Delivery.ClaimedUntil <= now);

    /// <summary>Takes the message for one send attempt, until <paramref name="now"/> + <paramref name="claimFor"/>.</summary>
    public AlertRecord Claim(DateTimeOffset now, TimeSpan claimFor)
    {
        if (!IsDeliverable(now))
        {
            throw new InvalidOperationException($"Alert '{Key}' is {State} and cannot be claimed now.");
        }

        return this with
        {
            State = AlertState.Sending,
            Delivery = Delivery with { Attempts = Delivery.Attempts + 1, ClaimedUntil = now + claimFor, NextAttemptAt = null },
        };
    }

    public AlertRecord MarkSent(DateTimeOffset now) =>
        this with { State = AlertState.Sent, Delivery = Delivery with { SentAt = now, ClaimedUntil = null, NextAttemptAt = null } };

    /// <summary>A failed attempt: retried after <paramref name="retryAt"/>, or dead-lettered when that is null.</summary>
    public AlertRecord MarkFailed(DateTimeOffset now, string error, DateTimeOffset? retryAt) =>
        retryAt is { } at
            ? this with { State = AlertState.Pending, Delivery = Delivery with { NextAttemptAt = at, ClaimedUntil = null, LastError = Trim(error) } }
            : DeadLetter(now, error);

    public AlertRecord DeadLetter(DateTimeOffset now, string reason) =>
        this with { State = AlertState.DeadLettered, Delivery = Delivery with { DeadLetteredAt = now, ClaimedUntil = null, NextAttemptAt = null, LastError = Trim(reason) } };

    /// <summary>An admin's retry of a dead letter: pending again at once, with a fresh count of attempts. The last error stays for reference.</summary>
    public AlertRecord Requeue(DateTimeOffset now)
    {
        if (State != AlertState.DeadLettered)
        {
            throw new InvalidOperationException($"Only a dead letter can be retried; alert '{Key}' is {State}.");
        }

        return this with { State = AlertState.Pending, Delivery = Delivery with { Attempts = 0, NextAttemptAt = now, DeadLetteredAt = null } };
    }

    private static string Trim(string error) => error.Length <= AlertDelivery.MaxErrorLength ? error : error[..AlertDelivery.MaxErrorLength];
}

/// <summary>What the deadline scan needs to know of an alert already recorded for a doctor: its key and due day.</summary>
public sealed record RecordedAlert(string Key, Guid DoctorId, DateOnly DueOn);
