using System.ComponentModel.DataAnnotations;

namespace Revalidation.Core.Alerts;

/// <summary>How the outbox delivers alert emails ("Alerts:Outbox"), validated at start-up.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Alerts:Outbox";

    /// <summary>Attempts before a message that keeps failing transiently is dead-lettered.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a dispatcher owns a message it is sending. If it dies, another takes the message over after this:
    /// longer than any send can take (the SMTP timeouts), so a live dispatcher never loses its claim mid-send.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most messages one dispatch run takes from one designated body.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>The wait after attempt <paramref name="attempts"/> failed: exponential, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = FirstRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How long a message keeps being retried before it is dead-lettered: the outage the outbox rides out.</summary>
    public TimeSpan RetryWindow => TimeSpan.FromTicks(Enumerable.Range(1, MaxAttempts - 1).Sum(a => RetryDelay(a).Ticks));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay > MaxRetryDelay)
        {
            yield return new ValidationResult("FirstRetryDelay must not exceed MaxRetryDelay.", [nameof(FirstRetryDelay)]);
        }

        // §4: an SMTP outage delays mail, it never loses it. An hour is the outage the product promises to ride out.
        if (RetryWindow < TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                $"MaxAttempts and the retry delays give up after {RetryWindow}; they must keep retrying for at least an hour.",
                [nameof(MaxAttempts)]);
        }
    }
}

/// <summary>What alert emails say about themselves ("Alerts:Mail"): sender and the link to the product.</summary>
public sealed class AlertMailOptions
{
    public const string Section = "Alerts:Mail";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "revalidation@localhost";

    [Required, StringLength(100, MinimumLength = 1)]
    public string FromName { get; set; } = "Revalidation";

    /// <summary>The product's address as recipients reach it; every email links to the record under it.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080/");
}

/// <summary>The deadline scan ("Alerts:Scan").</summary>
public sealed class DeadlineScanOptions
{
    public const string Section = "Alerts:Scan";

    /// <summary>R13: the RO is told of a leaver whose leaving date is at most this many days ago (older leavers are not news).</summary>
    [Range(1, 365)]
    public int LeaverAlertDays { get; set; } = 30;
}
