using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Tests.Support;

/// <summary>
/// Builds the <see cref="DoctorSummary"/> that readiness and the alert planner read, straight from facts,
/// so a test states only the fact it is about.
/// </summary>
internal sealed class SummaryBuilder
{
    private readonly SortedDictionary<int, YearFacts> years = [];
    private DateOnly rsd = TestData.Rsd;
    private int dueMonth = TestData.DueMonth;
    private RevalidationOptions options = TestData.Options();
    private bool qualityImprovement;
    private bool patientFeedback;
    private bool colleagueFeedback;
    private bool underInvestigation;
    private bool openLocalProcess;
    private DoctorStatus status = DoctorStatus.Active;
    private DateOnly? leftOn;
    private RecommendationFacts? openRecommendation;
    private bool noCycle;

    public CycleFacts Cycle => new(1, CycleRules.EstimateCycleStart(rsd, options), rsd, true);

    /// <summary>R14: the appraisal years of the cycle for the current RSD, due month and options.</summary>
    public IReadOnlyList<AppraisalYear> CycleYears => AppraisalRules.YearsOfCycle(Cycle, dueMonth, options);

    public SummaryBuilder WithRsd(DateOnly value)
    {
        rsd = value;
        return this;
    }

    public SummaryBuilder WithDueMonth(int month)
    {
        dueMonth = month;
        return this;
    }

    public SummaryBuilder WithOptions(RevalidationOptions value)
    {
        options = value;
        return this;
    }

    /// <summary>R19: every year of the cycle completed in full and the R17 items present.</summary>
    public SummaryBuilder Ready() => AppraisedEveryYear().WithCycleEvidence();

    public SummaryBuilder AppraisedEveryYear()
    {
        foreach (var year in CycleYears)
        {
            years[year.StartYear] = CompleteYear(year, dueMonth);
        }

        return this;
    }

    /// <summary>Changes one year's facts, starting from a complete year.</summary>
    public SummaryBuilder WithYear(int startYear, Func<YearFacts, YearFacts> change)
    {
        var year = new AppraisalYear(startYear, options.AppraisalYearStartMonth);
        years[startYear] = change(years.TryGetValue(startYear, out var existing) ? existing : CompleteYear(year, dueMonth));
        return this;
    }

    /// <summary>No record at all for that year: no appraisal, no declaration, no evidence.</summary>
    public SummaryBuilder WithoutYear(int startYear)
    {
        years.Remove(startYear);
        return this;
    }

    public SummaryBuilder WithCycleEvidence(bool qualityImprovementActivity = true, bool patient = true, bool colleague = true)
    {
        qualityImprovement = qualityImprovementActivity;
        patientFeedback = patient;
        colleagueFeedback = colleague;
        return this;
    }

    public SummaryBuilder UnderGmcInvestigation()
    {
        underInvestigation = true;
        return this;
    }

    public SummaryBuilder WithOpenLocalProcess()
    {
        openLocalProcess = true;
        return this;
    }

    public SummaryBuilder AsLeaver(DateOnly on)
    {
        status = DoctorStatus.Leaver;
        leftOn = on;
        return this;
    }

    public SummaryBuilder WithOpenRecommendation(RecommendationType type, RecommendationStatus recommendationStatus, DateOnly? submittedOn = null)
    {
        openRecommendation = new RecommendationFacts(Guid.NewGuid(), type, recommendationStatus, submittedOn);
        return this;
    }

    public SummaryBuilder WithoutOpenCycle()
    {
        noCycle = true;
        return this;
    }

    public DoctorSummary Build() => new(
        TestData.DoctorId,
        TestData.Body,
        GmcNumber.Parse(TestData.DoctorGmcNumber),
        "Ada",
        "Lovelace",
        "ada.lovelace@example.org",
        null,
        null,
        status,
        leftOn,
        underInvestigation,
        openLocalProcess,
        dueMonth,
        TestData.AppraiserId,
        noCycle ? null : Cycle,
        years.Values.ToList(),
        qualityImprovement,
        patientFeedback,
        colleagueFeedback,
        openRecommendation,
        0);

    /// <summary>A year with everything R16 asks for and the college's 50 CPD credits, signed off on the 10th of the due month.</summary>
    public static YearFacts CompleteYear(AppraisalYear year, int dueMonth) =>
        new(year.StartYear, DoctorSteps.MeetingDate(year, dueMonth), ApprovedMissed: false, Cpd: true, SignificantEvents: true,
            ComplimentsAndComplaints: true, Probity: true, Health: true, CpdCredits: 50);
}
