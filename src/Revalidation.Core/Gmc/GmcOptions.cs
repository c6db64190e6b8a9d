using System.ComponentModel.DataAnnotations;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Gmc;

/// <summary>
/// "Gmc": the route of each designated body and the web service's settings, validated at start-up. A body not listed
/// takes the manual route. Passwords come from the environment, user secrets or Key Vault, never appsettings.
/// </summary>
public sealed class GmcOptions : IValidatableObject
{
    public const string Section = "Gmc";

    /// <summary>Per designated body code: its route and web-service account.</summary>
    public Dictionary<string, GmcBodyOptions> Bodies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The "internal user" the GMC records as the sender when the RO's own id is not at hand (jobs).</summary>
    [Required(AllowEmptyStrings = false), MaxLength(100)]
    public string InternalUser { get; set; } = "revalidation";

    /// <summary>The email of the internal user (TryRecommendationV2 InternalUserEmailAddress; code 150 without it).</summary>
    [MaxLength(200)]
    public string? InternalUserEmail { get; set; }

    /// <summary>How long one call may take before it counts as a transport failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after the first transport failure; it doubles per failure up to <see cref="MaxRetryDelay"/>. Never given up.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a dispatcher owns a submission for one call; longer than <see cref="Timeout"/> (validated).</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A submission held for a configuration problem (99, 81, 80) is tried again after this long.</summary>
    public TimeSpan HeldRecheckDelay { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Schedules: dispatch every minute, outcome polling hourly, reconciliation nightly at 02:30 (Quartz cron, jobs' time zone).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string PollCron { get; set; } = "0 5 * * * ?";

    public string ReconcileCron { get; set; } = "0 30 2 * * ?";

    public GmcMode ModeOf(DesignatedBodyCode body) =>
        Bodies.TryGetValue(body.Value, out var b) ? b.Mode : GmcMode.Manual;

    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = FirstRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (code, body) in Bodies)
        {
            var prefix = $"Gmc:Bodies:{code}";
            if (!DesignatedBodyCode.Create(code).IsSuccess)
            {
                yield return new ValidationResult($"{prefix}: '{code}' is not a designated body code.", ["Bodies"]);
            }

            if (body is null || body.Mode != GmcMode.WebService)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(body.Url))
            {
                yield return new ValidationResult($"{prefix}:Url is required for a WebService body (the GMC gives each designated body its test and production URLs).", ["Url"]);
            }
            else if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                yield return new ValidationResult($"{prefix}:Url must be an absolute https URL (plain http only to this machine).", ["Url"]);
            }

            if (string.IsNullOrWhiteSpace(body.Username))
            {
                yield return new ValidationResult($"{prefix}:Username is required for a WebService body.", ["Username"]);
            }

            if (string.IsNullOrEmpty(body.Password))
            {
                yield return new ValidationResult($"{prefix}:Password is required for a WebService body: set it as an environment variable (Gmc__Bodies__{code}__Password), in user secrets or in Key Vault.", ["Password"]);
            }
        }

        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Gmc:Timeout must be from 1 second to 5 minutes.", [nameof(Timeout)]);
        }

        if (ClaimDuration <= Timeout)
        {
            yield return new ValidationResult("Gmc:ClaimDuration must be longer than Gmc:Timeout, or a slow call could be taken over and sent twice.", [nameof(ClaimDuration)]);
        }

        if (FirstRetryDelay <= TimeSpan.Zero || FirstRetryDelay > MaxRetryDelay)
        {
            yield return new ValidationResult("Gmc:FirstRetryDelay must be positive and at most Gmc:MaxRetryDelay.", [nameof(FirstRetryDelay)]);
        }

        if (DispatchInterval < TimeSpan.FromSeconds(1) || DispatchInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Gmc:DispatchInterval must be from one second to one hour.", [nameof(DispatchInterval)]);
        }
    }
}

/// <summary>"Gmc:Bodies:{code}": one designated body's route and web-service account.</summary>
public sealed class GmcBodyOptions
{
    public GmcMode Mode { get; set; } = GmcMode.Manual;

    /// <summary>The service URL the GMC gave the body (test or production), e.g. https://…/GMCWebServices/WebService.asmx.</summary>
    public string? Url { get; set; }

    public string? Username { get; set; }

    /// <summary>A secret: environment, user secrets or Key Vault; never appsettings. Never logged.</summary>
    public string? Password { get; set; }

    public override string ToString() => $"{Mode} {Url}";
}
