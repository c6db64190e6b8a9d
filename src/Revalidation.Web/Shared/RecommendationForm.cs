namespace Revalidation.Web.Shared;

/// <summary>
/// What the RO fills in on the recommendation panel, and the checks the panel makes before anything is sent:
/// R8 (a deferral reason, a sub-reason for insufficient evidence, a new date within the bounds the API serves for the
/// doctor, a justification when the API says the deferral would be consecutive) and R9 (every non-engagement attestation).
/// The API computes the bounds with the Server's configured rules, checks everything again and is the authority.
/// </summary>
public sealed class RecommendationForm
{
    public RecommendationType? Type { get; set; }

    public DeferralReason? DeferralReason { get; set; }

    public DeferralSubReason? DeferralSubReason { get; set; }

    public DateOnly? ProposedRsd { get; set; }

    public bool HadOpportunity { get; set; }

    public bool InformationInsufficient { get; set; }

    public bool DeferralCriteriaNotMet { get; set; }

    public bool LocalProcessesExhausted { get; set; }

    public bool ConcernsNotified { get; set; }

    /// <summary>R9's sixth criterion ("where applicable"): confirmed, or not applicable.</summary>
    public CriterionAnswer PublicInterest { get; set; }

    public string? Comments { get; set; }

    public string? Justification { get; set; }

    public IReadOnlyList<ErrorItem> Validate(DoctorRulesResponse? rules)
    {
        var errors = new List<ErrorItem>();
        switch (Type)
        {
            case null:
                errors.Add(new("Select a recommendation.", "type"));
                break;
            case RecommendationType.Defer:
                if (DeferralReason is null)
                {
                    errors.Add(new("Select a reason for the deferral.", "deferralReason"));
                }
                else if (DeferralReason == Contracts.DeferralReason.InsufficientEvidence && DeferralSubReason is null)
                {
                    errors.Add(new("Select what evidence is insufficient.", "deferralSubReason"));
                }

                if (ProposedRsd is not { } date)
                {
                    errors.Add(new("Enter the proposed new submission date.", "proposedRsd"));
                }
                else if (rules?.Deferral is { } bounds && (date < bounds.Earliest || date > bounds.Latest))
                {
                    errors.Add(new(
                        $"The proposed new submission date must be between {Tags.Date(bounds.Earliest)} and {Tags.Date(bounds.Latest)}.",
                        "proposedRsd"));
                }

                if (rules?.DeferralWouldBeConsecutive == true && string.IsNullOrWhiteSpace(Justification))
                {
                    errors.Add(new("This would be a consecutive deferral: explain why it is justified.", "consecutiveDeferralJustification"));
                }

                break;
            case RecommendationType.NonEngagement:
                if (!(HadOpportunity && InformationInsufficient && DeferralCriteriaNotMet && LocalProcessesExhausted && ConcernsNotified && PublicInterest != CriterionAnswer.NotConfirmed))
                {
                    errors.Add(new("Confirm every statement to recommend non-engagement.", "attestations"));
                }

                break;
        }

        if (Comments is { Length: > RecommendationLimits.MaxCommentsLength })
        {
            errors.Add(new($"Comments must be {RecommendationLimits.MaxCommentsLength:N0} characters or fewer.", "comments"));
        }

        return errors;
    }

    public RecommendationRequest ToRequest() => Type switch
    {
        RecommendationType.Defer => new(RecommendationType.Defer, DeferralReason,
            DeferralReason == Contracts.DeferralReason.InsufficientEvidence ? DeferralSubReason : null, ProposedRsd, null, Blank(Comments), Blank(Justification)),
        RecommendationType.NonEngagement => new(RecommendationType.NonEngagement, Attestations: new NonEngagementAttestations(
            HadOpportunity, InformationInsufficient, DeferralCriteriaNotMet, LocalProcessesExhausted, ConcernsNotified ? CriterionAnswer.Confirmed : CriterionAnswer.NotConfirmed, PublicInterest), Comments: Blank(Comments)),
        _ => new(RecommendationType.Revalidate, Comments: Blank(Comments)),
    };

    public static string Describe(RecommendationType type) => type switch
    {
        RecommendationType.Revalidate => "Revalidate",
        RecommendationType.Defer => "Defer",
        _ => "Non-engagement",
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
