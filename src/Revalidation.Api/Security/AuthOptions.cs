using System.ComponentModel.DataAnnotations;

namespace Revalidation.Api.Security;

public enum AuthMode
{
    /// <summary>Entra ID (production): tokens from the organisation's tenant.</summary>
    EntraId,
    /// <summary>Signed demo tokens issued by the local Server for named personas. Development only.</summary>
    Demo,
}

/// <summary>"Auth" configuration. The same JWT validation path runs in every mode; only the issuer and key differ.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.EntraId;

    /// <summary>Entra ID: the tenant id (a GUID) whose tokens are accepted.</summary>
    public string? TenantId { get; set; }

    /// <summary>Entra ID: the API's application id URI or client id (the token audience).</summary>
    public string? Audience { get; set; }

    /// <summary>Entra ID: authority; defaults to the v2.0 endpoint of <see cref="TenantId"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>The claim that names the user's designated body code.</summary>
    [Required]
    public string DesignatedBodyClaim { get; set; } = "designated_body";

    /// <summary>The designated body of users whose token has no such claim (a single-body deployment).</summary>
    public string? DefaultDesignatedBody { get; set; }

    /// <summary>The longest lifetime (exp − nbf, or exp − iat) of a token that is accepted; a longer-lived token is refused.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public DemoAuthOptions Demo { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTokenLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Auth:MaxTokenLifetime must be positive.", [nameof(MaxTokenLifetime)]);
        }

        if (Demo.TokenLifetime > MaxTokenLifetime)
        {
            yield return new ValidationResult("Auth:Demo:TokenLifetime must not exceed Auth:MaxTokenLifetime.", [nameof(Demo)]);
        }

        if (Mode == AuthMode.EntraId)
        {
            if (string.IsNullOrWhiteSpace(TenantId) && string.IsNullOrWhiteSpace(Authority))
            {
                yield return new ValidationResult("Auth:TenantId (or Auth:Authority) is required for Entra ID sign-in.", [nameof(TenantId)]);
            }

            if (string.IsNullOrWhiteSpace(Audience))
            {
                yield return new ValidationResult("Auth:Audience is required for Entra ID sign-in.", [nameof(Audience)]);
            }
        }
    }
}

public sealed class DemoAuthOptions
{
    public const string DefaultIssuer = "revalidation-demo";
    public const string DefaultAudience = "revalidation-api";

    public string Issuer { get; set; } = DefaultIssuer;

    public string Audience { get; set; } = DefaultAudience;

    /// <summary>Base64 HMAC key (at least 32 bytes). When empty, a random key is made at start-up (tokens last until restart).</summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
