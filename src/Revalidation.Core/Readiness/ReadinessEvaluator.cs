using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Readiness;

/// <summary>One precise reason a doctor is not ready for a revalidate recommendation.</summary>
/// <param name="Code">A stable code, e.g. "appraisal-missed", "cpd-missing".</param>
/// <param name="Rule">The rule it comes from (R10, R15, R16, R17, R19).</param>
/// <param name="Year">The appraisal year it concerns, if any.</param>
/// <param name="Message">Plain words for the doctor and the RO.</param>
/// <param name="SubReason">The GMC deferral sub-reason this gap supports, if any (R8).</param>
/// <param name="Judgement">
/// R19: not a gap but an item for the RO's judgement (an open local process, GMC conditions, no appraisal in the 15 months
/// before the RSD, an item the appraiser noted): shown, never a silent pass, and like a gap it needs the RO's reason to revalidate.
/// </param>
public sealed record ReadinessGap(string Code, string Rule, int? Year, string Message, DeferralSubReason? SubReason, bool Judgement = false);

/// <summary>R18: CPD advice, never a gap.</summary>
public sealed record CpdAdvice(int Year, decimal Credits, int Target, string Message);

/// <summary>
/// R19: whether a revalidate recommendation is supported, every gap that stands in its way, and the
/// deferral it suggests (reason 2 for an open local process, else reason 1 with the sub-reasons of the gaps).
/// </summary>
public sealed record ReadinessReport(
    bool Ready,
    IReadOnlyList<ReadinessGap> Gaps,
    DeferralReason? SuggestedDeferralReason,
    IReadOnlyList<DeferralSubReason> SuggestedSubReasons,
    IReadOnlyList<CpdAdvice> Advice,
    IReadOnlyList<(AppraisalYear Year, AppraisalYearStatus Status)> Years)
{
    /// <summary>R19: the items for the RO's judgement (part of <see cref="Gaps"/>).</summary>
    public IEnumerable<ReadinessGap> JudgementItems => Gaps.Where(g => g.Judgement);
}

public static class ReadinessEvaluator
{
    /// <summary>R19, over R10, R15, R16, R17 and R18, as of <paramref name="today"/>.</summary>
    public static ReadinessReport Evaluate(DoctorSummary doctor, DateOnly today, RevalidationOptions options)
    {
        var gaps = new List<ReadinessGap>();
        var advice = new List<CpdAdvice>();
        var years = new List<(AppraisalYear, AppraisalYearStatus)>();

        if (doctor.Cycle is not { } cycle)
        {
            gaps.Add(new("no-open-cycle", RuleIds.Readiness, null, "There is no open revalidation cycle.", null));
            return Build(gaps, advice, years, doctor);
        }

        if (doctor.UnderGmcInvestigation)
        {
            gaps.Add(new("gmc-investigation", RuleIds.FitnessToPractise, null,
                "The doctor is under a GMC fitness-to-practise investigation: no recommendation can be submitted.", null));
        }
        else if (doctor.GmcOnHold)
        {
            gaps.Add(new("gmc-on-hold", RuleIds.FitnessToPractise, null,
                "The GMC has put this doctor's revalidation on hold: no recommendation can be submitted until the GMC gives a new date.", null));
        }

        if (doctor.OpenLocalProcess)
        {
            gaps.Add(new("local-process", RuleIds.Readiness, null,
                "An open local process: consider whether its outcome is material to your recommendation (a deferral for an ongoing process may be appropriate).", null, Judgement: true));
        }

        if (doctor.GmcSanction is { } sanction)
        {
            gaps.Add(new("gmc-conditions", RuleIds.Readiness, null,
                $"The GMC's list shows \"{sanction}\" on this doctor's registration: check that the doctor complies with any GMC conditions or undertakings.", null, Judgement: true));
        }

        var completed = 0;
        DateOnly? lastMeeting = null;
        foreach (var year in AppraisalRules.YearsOfCycle(cycle, doctor.AppraisalDueMonth, options))
        {
            var facts = doctor.YearOf(year.StartYear);
            var status = AppraisalRules.Classify(facts, year, doctor.AppraisalDueMonth, today, doctor.ConnectedOn);
            years.Add((year, status));
            switch (status)
            {
                case AppraisalYearStatus.UnapprovedMissed:
                    gaps.Add(new("appraisal-missed", RuleIds.AppraisalClassification, year.StartYear,
                        $"No appraisal for {year.Label}, and no approved reason for missing it.", DeferralSubReason.AppraisalActivity));
                    break;
                case AppraisalYearStatus.Overdue:
                    gaps.Add(new("appraisal-overdue", RuleIds.AppraisalClassification, year.StartYear,
                        $"The {year.Label} appraisal is overdue.", DeferralSubReason.AppraisalActivity));
                    break;
                case AppraisalYearStatus.Completed:
                    completed++;
                    if ((facts!.MeetingDate ?? facts.SignedOffOn) is { } met && (lastMeeting is null || met > lastMeeting))
                    {
                        lastMeeting = met;
                    }

                    gaps.AddRange(AppraisalContentGaps(facts!, year));
                    if (facts!.CpdCredits < options.CpdCreditsPerYearAdvice)
                    {
                        advice.Add(new(year.StartYear, facts.CpdCredits, options.CpdCreditsPerYearAdvice,
                            $"{facts.CpdCredits:0.#} CPD credits recorded for {year.Label}; colleges advise {options.CpdCreditsPerYearAdvice} a year. This is advice, not a GMC requirement."));
                    }

                    break;
            }
        }

        if (completed == 0)
        {
            gaps.Add(new("no-completed-appraisal", RuleIds.Readiness, null,
                "No completed appraisal in this cycle: a recommendation to revalidate needs at least one.", DeferralSubReason.AppraisalActivity));
        }
        else if (lastMeeting is { } last && last < cycle.Rsd.AddMonths(-15))
        {
            gaps.Add(new("no-recent-appraisal", RuleIds.Readiness, null,
                $"The last completed appraisal was on {last:d MMMM yyyy}, more than 15 months before the submission date.", DeferralSubReason.AppraisalActivity, Judgement: true));
        }

        if (!doctor.QualityImprovementInCycle)
        {
            gaps.Add(new("quality-improvement-missing", RuleIds.CycleContent, null,
                "No quality improvement activity in this cycle (needed at least once).", DeferralSubReason.QualityImprovementActivity));
        }

        if (!doctor.PatientFeedbackInCycle && doctor.PatientFeedbackNotApplicable is null)
        {
            gaps.Add(new("patient-feedback-missing", RuleIds.CycleContent, null,
                "No patient feedback exercise in this cycle (needed at least once).", DeferralSubReason.PatientFeedback));
        }

        if (!doctor.ColleagueFeedbackInCycle)
        {
            gaps.Add(new("colleague-feedback-missing", RuleIds.CycleContent, null,
                "No colleague feedback exercise in this cycle (needed at least once).", DeferralSubReason.ColleagueFeedback));
        }

        return Build(gaps, advice, years, doctor);
    }

    /// <summary>
    /// R16: what every completed appraisal needs. An item the appraiser noted at sign-off is a judgement item for the RO
    /// ("signed off; noted by the appraiser"), not a task the doctor can no longer do.
    /// </summary>
    public static IEnumerable<ReadinessGap> AppraisalContentGaps(YearFacts facts, AppraisalYear year) =>
        ContentGaps(facts, year).Select(g => facts.NotedByAppraiser.Contains(g.Code)
            ? g with { Code = g.Code, Message = $"{g.Message} Signed off; noted by the appraiser.", Judgement = true }
            : g);

    private static IEnumerable<ReadinessGap> ContentGaps(YearFacts facts, AppraisalYear year)
    {
        if (!facts.Cpd)
        {
            yield return new("cpd-missing", RuleIds.AppraisalContent, year.StartYear,
                $"No CPD recorded for {year.Label}.", DeferralSubReason.ContinuingProfessionalDevelopment);
        }

        if (!facts.SignificantEvents)
        {
            yield return new("significant-events-missing", RuleIds.AppraisalContent, year.StartYear,
                $"No significant events reflected on, or declared none, for {year.Label}.", DeferralSubReason.SignificantEvents);
        }

        if (!facts.ComplimentsAndComplaints)
        {
            yield return new("compliments-complaints-missing", RuleIds.AppraisalContent, year.StartYear,
                $"No compliments and complaints reviewed, or declared none, for {year.Label}.", DeferralSubReason.ComplimentsAndComplaints);
        }

        if (!facts.Probity)
        {
            yield return new("probity-missing", RuleIds.AppraisalContent, year.StartYear,
                $"No probity statement (acceptance and declaration) for {year.Label}.", DeferralSubReason.AppraisalActivity);
        }

        if (!facts.Health)
        {
            yield return new("health-missing", RuleIds.AppraisalContent, year.StartYear,
                $"No health statement for {year.Label}.", DeferralSubReason.AppraisalActivity);
        }
    }

    private static ReadinessReport Build(List<ReadinessGap> gaps, List<CpdAdvice> advice, List<(AppraisalYear, AppraisalYearStatus)> years, DoctorSummary doctor)
    {
        var subReasons = gaps.Where(g => g.SubReason is not null).Select(g => g.SubReason!.Value).Distinct().Order().ToList();
        DeferralReason? reason = doctor.OpenLocalProcess
            ? DeferralReason.OngoingLocalProcess
            : subReasons.Count > 0 ? DeferralReason.InsufficientEvidence : null;
        return new ReadinessReport(gaps.All(g => g.Judgement), gaps, reason, reason == DeferralReason.OngoingLocalProcess ? [] : subReasons, advice, years);
    }
}

/// <summary>Date-dependent facts about a doctor's position in the cycle, for lists and dashboards.</summary>
public static class CyclePosition
{
    public static bool IsUnderNotice(DoctorSummary doctor, DateOnly today, RevalidationOptions options) =>
        doctor.Cycle is { } c && CycleRules.IsUnderNotice(c.Rsd, today, options);

    /// <summary>The RSD has passed and nothing was submitted for it. Never while revalidation is on hold (decision (c)): the GMC will give a new date.</summary>
    public static bool IsOverdue(DoctorSummary doctor, DateOnly today) =>
        doctor.Status == DoctorStatus.Active && doctor.Cycle is { } c && today > c.Rsd && !doctor.AwaitingGmc && !doctor.RevalidationOnHold;
}
