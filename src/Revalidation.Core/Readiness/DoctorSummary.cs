using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Readiness;

/// <summary>What one appraisal year holds, as facts the rules need (R15, R16, R18).</summary>
public sealed record YearFacts(
    int Year,
    DateOnly? SignedOffOn,
    bool ApprovedMissed,
    bool Cpd,
    bool SignificantEvents,
    bool ComplimentsAndComplaints,
    bool Probity,
    bool Health,
    decimal CpdCredits)
{
    public bool Completed => SignedOffOn is not null;

    /// <summary>R14, R19: the day of the appraisal meeting.</summary>
    public DateOnly? MeetingDate { get; init; }

    /// <summary>R16: the items the appraiser signed off without, each with the appraiser's note (the code of the gap it would be).</summary>
    public IReadOnlyList<string> NotedByAppraiser { get; init; } = [];
}

public sealed record CycleFacts(int Number, DateOnly Start, DateOnly Rsd, bool RsdConfirmed);

/// <param name="Gmc">The state of its submission through the GMC web service (null on the manual route): what the GMC jobs look for.</param>
/// <param name="GmcDueAt">When the GMC dispatcher may next take it (queued and due, or a lapsed claim).</param>
public sealed record RecommendationFacts(Guid Id, RecommendationType Type, RecommendationStatus Status, DateOnly? SubmittedOn,
    Gmc.GmcSubmissionState? Gmc = null, DateTimeOffset? GmcDueAt = null, DateTimeOffset? HoldEndsAt = null, string? ReadyForRoBy = null);

/// <summary>
/// The compact, date-independent projection of a <see cref="DoctorRecord"/> that lists, dashboards,
/// readiness and the deadline scan work from. The store saves it with the record (same version), so a
/// designated body's caseload is read without loading every full record. Everything that depends on
/// today's date is computed from it at read time (<see cref="ReadinessEvaluator"/>, the alert planner).
/// </summary>
public sealed record DoctorSummary(
    Guid Id,
    DesignatedBodyCode DesignatedBody,
    GmcNumber GmcNumber,
    string GivenName,
    string FamilyName,
    string? Email,
    string? Department,
    string? Specialty,
    DoctorStatus Status,
    DateOnly? LeftOn,
    bool UnderGmcInvestigation,
    bool OpenLocalProcess,
    int AppraisalDueMonth,
    string? AppraiserId,
    CycleFacts? Cycle,
    IReadOnlyList<YearFacts> Years,
    bool QualityImprovementInCycle,
    bool PatientFeedbackInCycle,
    bool ColleagueFeedbackInCycle,
    RecommendationFacts? OpenRecommendation,
    int ApprovedDeferralsInCycle)
{
    /// <summary>The schema version it was stored at (docs/decisions/0016); a summary older than the current one is computed again from its record.</summary>
    public int SchemaVersion { get; init; } = Store.DocumentSchemas.Current.DoctorSummary.CurrentVersion;

    /// <summary>Issue 16: the team's placement on the ready or review list this cycle, if any.</summary>
    public Recommendations.ReadyListPlacement? Placement { get; init; }

    /// <summary>Issue 16: how many postponement or approved-missed requests wait for the RO team (0 in summaries stored before requests existed, as there were none).</summary>
    public int PendingAppraisalRequests { get; init; }

    /// <summary>R1: when the connection to this body began, if known.</summary>
    public DateOnly? ConnectedOn { get; init; }

    /// <summary>R3, R10: the GMC's list says revalidation is on hold.</summary>
    public bool GmcOnHold { get; init; }

    /// <summary>R19: the GMC's list shows conditions, undertakings or a sanction (a judgement item for the RO).</summary>
    public string? GmcSanction { get; init; }

    /// <summary>R17: the RO recorded that patient feedback does not apply this cycle, and why.</summary>
    public string? PatientFeedbackNotApplicable { get; init; }

    /// <summary>R10, decision (c): no recommendation can be submitted (an investigation, or the GMC's hold).</summary>
    public bool RevalidationOnHold => UnderGmcInvestigation || GmcOnHold;

    public string DisplayName => $"Dr {GivenName} {FamilyName}";

    public YearFacts? YearOf(int year) => Years.FirstOrDefault(y => y.Year == year);

    /// <summary>A recommendation for the current cycle has gone to the GMC and awaits its outcome.</summary>
    public bool AwaitingGmc => OpenRecommendation is { Status: RecommendationStatus.Submitted or RecommendationStatus.UnderReview };

    public static DoctorSummary From(DoctorRecord doctor)
    {
        var cycle = doctor.CurrentCycle;
        var live = doctor.Evidence.Items.Where(e => !e.IsWithdrawn).ToList();
        var yearNumbers = doctor.Appraisals.Items.Select(a => a.Year)
            .Concat(doctor.Appraisals.Declarations.Select(d => d.Year))
            .Concat(live.Select(e => e.AppraisalYear))
            .Distinct()
            .Order();
        var years = yearNumbers.Select(year =>
        {
            var appraisal = doctor.Appraisals.For(year);
            var declaration = doctor.Appraisals.DeclarationFor(year);
            var items = live.Where(e => e.AppraisalYear == year).ToList();
            bool Has(SupportingInformationType t) => items.Any(e => e.Type == t);
            return new YearFacts(
                year,
                appraisal?.SignedOffOn,
                appraisal?.IsApprovedMissed ?? false,
                Has(SupportingInformationType.ContinuingProfessionalDevelopment),
                Has(SupportingInformationType.SignificantEvents) || declaration?.NoSignificantEvents == true,
                Has(SupportingInformationType.ComplimentsAndComplaints) || declaration?.NoComplimentsOrComplaints == true,
                declaration?.ProbityComplete ?? false,
                declaration?.Health ?? false,
                items.Where(e => e.Type == SupportingInformationType.ContinuingProfessionalDevelopment).Sum(e => e.CpdCredits ?? 0))
            {
                MeetingDate = appraisal?.MeetingDate,
                NotedByAppraiser = appraisal?.Notes.Select(n => n.Code).ToList() ?? [],
            };
        }).ToList();

        bool InCycle(SupportingInformationType t) => cycle is not null && live.Any(e => e.Type == t && e.ActivityDate >= cycle.StartDate);
        var open = doctor.Recommendations.Open;
        return new DoctorSummary(
            doctor.Id,
            doctor.DesignatedBody,
            doctor.GmcNumber,
            doctor.GivenName,
            doctor.FamilyName,
            doctor.Email,
            doctor.Department,
            doctor.Specialty,
            doctor.Status,
            doctor.LeftOn,
            doctor.Concerns.UnderGmcInvestigation,
            doctor.Concerns.OpenLocalProcess,
            doctor.Appraisals.DueMonth,
            doctor.Appraisals.AppraiserId,
            cycle is null ? null : new CycleFacts(cycle.Number, cycle.StartDate, cycle.Rsd, cycle.RsdConfirmed),
            years,
            InCycle(SupportingInformationType.QualityImprovementActivity),
            InCycle(SupportingInformationType.PatientFeedback),
            InCycle(SupportingInformationType.ColleagueFeedback),
            open is null ? null : new RecommendationFacts(open.Id, open.Type, open.Status, open.SubmittedOn, open.GmcSubmission?.State, open.GmcSubmission?.DueAt, open.HoldEndsAt,
                open.ReadyForResponsibleOfficer?.Name),
            cycle is null ? 0 : doctor.Recommendations.Items.Count(r => r.CycleNumber == cycle.Number && r.Type == RecommendationType.Defer && r.Status == RecommendationStatus.Approved))
        {
            ConnectedOn = doctor.ConnectedOn,
            Placement = doctor.Recommendations.Placement is { } placement && placement.CycleNumber == cycle?.Number ? placement : null,
            GmcOnHold = doctor.Concerns.GmcOnHold,
            PendingAppraisalRequests = doctor.Appraisals.Requests.Count(r => r.IsPending),
            GmcSanction = doctor.Gmc.Connection is { Connected: true, Sanction: { Length: > 0 } sanction } ? sanction : null,
            PatientFeedbackNotApplicable = cycle?.PatientFeedbackNotApplicable,
        };
    }
}
