using System.ComponentModel.DataAnnotations;

namespace Revalidation.Core.Recommendations;

/// <summary>
/// The cooling-off hold on a submitted recommendation (docs/decisions/0018-recommendation-hold.md), "Revalidation:Recommendations",
/// validated at start-up.
/// </summary>
public sealed class RecommendationHoldOptions : IValidatableObject
{
    public const string Section = "Revalidation:Recommendations";

    public static readonly TimeSpan MaxHold = TimeSpan.FromDays(7);

    /// <summary>How long a submitted recommendation is held before it is released (default 24 hours; 0 releases it at once).</summary>
    public TimeSpan Hold { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Hold < TimeSpan.Zero || Hold > MaxHold)
        {
            yield return new ValidationResult($"{Section}:Hold must be between 00:00:00 and 7.00:00:00 (7 days).", [nameof(Hold)]);
        }
    }
}
