namespace Revalidation.Web.Shared;

/// <summary>
/// What the RO fills in on the recommendation panel, and the checks the panel makes before anything is sent:
/// R8 (a deferral reason, a sub-reason for insufficient evidence, a new date within the bounds the API serves for the
/// doctor, a justification and the date the Employer Liaison Adviser was consulted when the API says the deferral would be
/// consecutive), R9 (each of the GMC's six non-engagement criteria) and decision (d) (a reason for each readiness gap and
/// judgement item, and the GMC's statements, before a revalidate recommendation is submitted).
/// The API computes the rules with the Server's configured rules, checks everything again and is the authority.
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

    /// <summary>R9's fifth criterion ("where applicable"): confirmed, or not applicable.</summary>
    public CriterionAnswer ConcernsNotified { get; set; }

    /// <summary>R9's sixth criterion ("where applicable"): confirmed, or not applicable.</summary>
    public CriterionAnswer PublicInterest { get; set; }

    /// <summary>When the RO contacted their Employer Liaison Adviser (optional for non-engagement, required for a consecutive deferral).</summary>
    public DateOnly? ElaConsultedOn { get; set; }

    public string? Comments { get; set; }

    public string? Justification { get; set; }

    /// <summary>Decision (d): the RO's reason for each readiness gap and judgement item, by <see cref="GapKey"/>.</summary>
    public Dictionary<string, string?> GapReasons { get; } = [];

    /// <summary>Decision (d): the GMC's statements the RO confirmed, by the request field the API names.</summary>
    public HashSet<string> ConfirmedStatements { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The criteria as the API words them; this list only when an older API serves none.</summary>
    public static readonly IReadOnlyList<StatementResponse> FallbackCriteria =
    [
        new("hadOpportunityAndSupportButDidNotEngage", "The doctor had the opportunity and support to engage, and did not.", false),
        new("informationInsufficientAndWillRemainSo", "The information is insufficient and will remain so.", false),
        new("deferralCriteriaNotMet", "The criteria for a deferral are not met.", false),
        new("localProcessesExhausted", "All reasonable local processes are exhausted.", false),
        new("fitnessToPractiseConcernsNotified", "Where applicable, any fitness-to-practise concerns have been notified to the GMC.", true),
        new("publicInterestConcernsDiscussed", "Where applicable, any public interest concerns have been discussed with the Employer Liaison Adviser.", true),
    ];

    public static string GapKey(string code, int? year) => year is { } y ? $"{code}:{y.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : code;

    public static string GapKey(GapResponse gap) => GapKey(gap.Code, gap.Year);

    /// <summary>The answer to one non-engagement criterion, by the field the API names.</summary>
    public CriterionAnswer Criterion(string field) => Normalise(field) switch
    {
        "hadopportunityandsupportbutdidnotengage" => Answer(HadOpportunity),
        "informationinsufficientandwillremainso" => Answer(InformationInsufficient),
        "deferralcriterianotmet" => Answer(DeferralCriteriaNotMet),
        "localprocessesexhausted" => Answer(LocalProcessesExhausted),
        "fitnesstopractiseconcernsnotified" => ConcernsNotified,
        "publicinterestconcernsdiscussed" => PublicInterest,
        _ => CriterionAnswer.NotConfirmed,
    };

    public void SetCriterion(string field, CriterionAnswer answer)
    {
        var yes = answer == CriterionAnswer.Confirmed;
        switch (Normalise(field))
        {
            case "hadopportunityandsupportbutdidnotengage": HadOpportunity = yes; break;
            case "informationinsufficientandwillremainso": InformationInsufficient = yes; break;
            case "deferralcriterianotmet": DeferralCriteriaNotMet = yes; break;
            case "localprocessesexhausted": LocalProcessesExhausted = yes; break;
            case "fitnesstopractiseconcernsnotified": ConcernsNotified = answer; break;
            case "publicinterestconcernsdiscussed": PublicInterest = answer; break;
        }
    }

    /// <summary>The recommendations the RO may make now: none while revalidation is on hold, only non-engagement before the RSD is confirmed.</summary>
    public static IReadOnlyList<RecommendationType> Offered(DoctorRulesResponse? rules) => rules switch
    {
        { RevalidationOnHold: true } => [],
        { RsdConfirmed: false } => [RecommendationType.NonEngagement],
        _ => [RecommendationType.Revalidate, RecommendationType.Defer, RecommendationType.NonEngagement],
    };

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

                if (rules?.DeferralWouldBeConsecutive == true && ElaConsultedOn is null)
                {
                    errors.Add(new("This would be a consecutive deferral: enter the date you contacted your Employer Liaison Adviser.", "elaConsultedOn"));
                }

                break;
            case RecommendationType.NonEngagement:
                if (!ToAttestations().AllConfirmed)
                {
                    errors.Add(new("Confirm each of the GMC's criteria to recommend non-engagement, or answer not applicable where it allows.", "attestations"));
                }

                break;
        }

        if (Type is { } type && !Offered(rules).Contains(type))
        {
            errors.Add(new(rules?.RevalidationOnHold == true
                ? "The GMC accepts no recommendation while this doctor's revalidation is on hold."
                : "Confirm the submission date with the GMC before you recommend revalidation or a deferral.", "type"));
        }

        if (Comments is { Length: > RecommendationLimits.MaxCommentsLength })
        {
            errors.Add(new($"Comments must be {RecommendationLimits.MaxCommentsLength:N0} characters or fewer.", "comments"));
        }

        return errors;
    }

    /// <summary>
    /// Decision (d), the check step of a revalidate recommendation: a reason for every gap and judgement item readiness lists,
    /// and every one of the GMC's statements confirmed.
    /// </summary>
    public IReadOnlyList<ErrorItem> ValidateCheck(DoctorResponse doctor)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        var errors = new List<ErrorItem>();
        if (Type != RecommendationType.Revalidate)
        {
            return errors;
        }

        foreach (var (gap, i) in doctor.Readiness.Gaps.Select((g, i) => (g, i)))
        {
            if (string.IsNullOrWhiteSpace(GapReasons.GetValueOrDefault(GapKey(gap))))
            {
                errors.Add(new($"Give your reason for recommending revalidation despite this{(gap.Judgement ? " item for your judgement" : " gap")}: {gap.Message}", $"gapReason-{i}"));
            }
            else if (GapReasons[GapKey(gap)]!.Trim().Length > MaxReasonLength)
            {
                errors.Add(new($"A reason must be {MaxReasonLength:N0} characters or fewer.", $"gapReason-{i}"));
            }
        }

        var statements = doctor.Rules?.PositiveStatements ?? [];
        if (statements.Count == 0 || statements.Any(s => !ConfirmedStatements.Contains(s.Field)))
        {
            errors.Add(new("Confirm each of the GMC's statements to recommend revalidation.", "statements"));
        }

        return errors;
    }

    public const int MaxReasonLength = 1_000;

    public RecommendationRequest ToRequest() => Type switch
    {
        RecommendationType.Defer => new(RecommendationType.Defer, DeferralReason,
            DeferralReason == Contracts.DeferralReason.InsufficientEvidence ? DeferralSubReason : null, ProposedRsd, null, Blank(Comments), Blank(Justification),
            ElaConsultedOn),
        RecommendationType.NonEngagement => new(RecommendationType.NonEngagement, Attestations: ToAttestations(), Comments: Blank(Comments), ElaConsultedOn: ElaConsultedOn),
        _ => new(RecommendationType.Revalidate, Comments: Blank(Comments)),
    };

    /// <summary>The body of the submit call: the reasons and statements of a revalidate recommendation; nothing for the others.</summary>
    public SubmitRecommendationRequest? ToSubmitRequest(DoctorResponse doctor)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        if (Type != RecommendationType.Revalidate)
        {
            return null;
        }

        var acknowledgements = doctor.Readiness.Gaps
            .Select(g => new GapAcknowledgement(g.Code, g.Year, GapReasons.GetValueOrDefault(GapKey(g))?.Trim() ?? string.Empty))
            .ToList();
        return new SubmitRecommendationRequest(acknowledgements, new PositiveStatements(
            Confirmed("participatedInAppraisal"), Confirmed("supportingInformationCollected"), Confirmed("otherInformationConsidered"),
            Confirmed("compliesWithGmcConditions"), Confirmed("compliesWithLocalConditions"), Confirmed("noUnaddressedConcerns")));
    }

    /// <summary>Fills the form from a draft (one the GMC refused, say), so the RO corrects it rather than starting again.</summary>
    public void Load(RecommendationResponse draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Type = draft.Type;
        DeferralReason = draft.DeferralReason;
        DeferralSubReason = draft.DeferralSubReason;
        ProposedRsd = draft.ProposedRsd;
        Comments = draft.Comments;
        Justification = draft.ConsecutiveDeferralJustification;
        ElaConsultedOn = draft.ElaConsultedOn;
        if (draft.Attestations is { } a)
        {
            HadOpportunity = a.HadOpportunityAndSupportButDidNotEngage;
            InformationInsufficient = a.InformationInsufficientAndWillRemainSo;
            DeferralCriteriaNotMet = a.DeferralCriteriaNotMet;
            LocalProcessesExhausted = a.LocalProcessesExhausted;
            ConcernsNotified = a.FitnessToPractiseConcernsNotified;
            PublicInterest = a.PublicInterestConcernsDiscussed;
        }

        foreach (var g in draft.GapAcknowledgements ?? [])
        {
            GapReasons[GapKey(g.Code, g.Year)] = g.Reason;
        }

        if (draft.Statements is { } s)
        {
            foreach (var (field, on) in new[]
            {
                ("participatedInAppraisal", s.ParticipatedInAppraisal), ("supportingInformationCollected", s.SupportingInformationCollected),
                ("otherInformationConsidered", s.OtherInformationConsidered), ("compliesWithGmcConditions", s.CompliesWithGmcConditions),
                ("compliesWithLocalConditions", s.CompliesWithLocalConditions), ("noUnaddressedConcerns", s.NoUnaddressedConcerns),
            })
            {
                if (on)
                {
                    ConfirmedStatements.Add(field);
                }
            }
        }
    }

    public NonEngagementAttestations ToAttestations() => new(
        HadOpportunity, InformationInsufficient, DeferralCriteriaNotMet, LocalProcessesExhausted, ConcernsNotified, PublicInterest);

    public static string Describe(RecommendationType type) => type switch
    {
        RecommendationType.Revalidate => "Revalidate",
        RecommendationType.Defer => "Defer",
        _ => "Non-engagement",
    };

    private bool Confirmed(string field) => ConfirmedStatements.Contains(field);

    private static CriterionAnswer Answer(bool yes) => yes ? CriterionAnswer.Confirmed : CriterionAnswer.NotConfirmed;

    private static string Normalise(string field) => field.ToLowerInvariant();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
