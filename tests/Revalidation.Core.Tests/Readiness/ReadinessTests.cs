using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Readiness;

/// <summary>R19: readiness for a revalidate recommendation, its gaps, and the deferral they suggest.</summary>
public class ReadinessTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-60);
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenEverythingPresent_IsReadyWithNoSuggestedDeferral()
    {
        var report = ReadinessEvaluator.Evaluate(new SummaryBuilder().Ready().Build(), UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Empty(report.Gaps);
        Assert.Null(report.SuggestedDeferralReason);
        Assert.Empty(report.SuggestedSubReasons);
        Assert.Empty(report.Advice);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenRecordBuiltThroughTheAggregate_IsReady()
    {
        var report = ReadinessEvaluator.Evaluate(DoctorSummary.From(new DoctorBuilder().Ready().Build()), UnderNotice, options);

        Assert.True(report.Ready, string.Join("; ", report.Gaps.Select(g => g.Code)));
    }

    [Theory]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R10")]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R17")]
    [InlineData("gmc-investigation", "R10")]
    [InlineData("appraisal-missed", "R15")]
    [InlineData("appraisal-overdue", "R15")]
    [InlineData("cpd-missing", "R16")]
    [InlineData("probity-missing", "R16")]
    [InlineData("patient-feedback-missing", "R17")]
    public void Evaluate_WhenOneGapOfAKind_IsNotReadyAndNamesIt(string code, string rule)
    {
        var (doctor, today) = WithGap(code);

        var report = ReadinessEvaluator.Evaluate(doctor, today, options);

        Assert.False(report.Ready);
        var gap = Assert.Single(report.Gaps, g => !g.Judgement);
        Assert.Equal(code, gap.Code);
        Assert.Equal(rule, gap.Rule);
        Assert.False(string.IsNullOrWhiteSpace(gap.Message));
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenAnOpenLocalProcess_IsAJudgementItemForTheRo_NotAGapAndNotASilentPass()
    {
        var (doctor, today) = WithGap("local-process");

        var report = ReadinessEvaluator.Evaluate(doctor, today, options);

        Assert.True(report.Ready);
        var item = Assert.Single(report.JudgementItems);
        Assert.Equal(("local-process", "R19"), (item.Code, item.Rule));
        Assert.Equal(DeferralReason.OngoingLocalProcess, report.SuggestedDeferralReason);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenEveryYearIsApprovedMissed_IsNotReady_ForWantOfOneCompletedAppraisal()
    {
        var builder = new SummaryBuilder().Ready();
        foreach (var year in builder.CycleYears)
        {
            builder.WithYear(year.StartYear, _ => new YearFacts(year.StartYear, null, ApprovedMissed: true, false, false, false, false, false, 0));
        }

        var report = ReadinessEvaluator.Evaluate(builder.Build(), UnderNotice, options);

        Assert.False(report.Ready);
        Assert.Equal("no-completed-appraisal", Assert.Single(report.Gaps).Code);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenTheLastAppraisalIsMoreThan15MonthsBeforeTheRsd_WarnsTheRoAsAJudgementItem()
    {
        var builder = new SummaryBuilder().Ready();
        var last = builder.CycleYears.Max(y => y.StartYear);
        foreach (var year in builder.CycleYears.Where(y => y.StartYear >= last - 1))
        {
            builder.WithYear(year.StartYear, _ => new YearFacts(year.StartYear, null, ApprovedMissed: true, false, false, false, false, false, 0));
        }

        var report = ReadinessEvaluator.Evaluate(builder.Build(), UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Equal("no-recent-appraisal", Assert.Single(report.JudgementItems).Code);
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void Evaluate_WhenTheRoRecordedPatientFeedbackAsNotApplicable_IsNoGap()
    {
        var doctor = new SummaryBuilder().Ready().Build() with { PatientFeedbackInCycle = false, PatientFeedbackNotApplicable = "Pathology: no patient contact; alternative agreed." };

        Assert.True(ReadinessEvaluator.Evaluate(doctor, UnderNotice, options).Ready);
        Assert.Empty(ReadinessEvaluator.Evaluate(doctor, UnderNotice, options).Gaps);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenTheGmcListsConditions_IsAJudgementItem()
    {
        var doctor = new SummaryBuilder().Ready().Build() with { GmcSanction = "Conditions" };

        var item = Assert.Single(ReadinessEvaluator.Evaluate(doctor, UnderNotice, options).JudgementItems);

        Assert.Equal("gmc-conditions", item.Code);
        Assert.Contains("Conditions", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R1")]
    [Trait("Rule", "R15")]
    public void Evaluate_WhenTheDoctorJoinedMidCycle_YearsBeforeTheyJoinedAreNotExpected()
    {
        var builder = new SummaryBuilder().Ready();
        var first = builder.CycleYears.Min(y => y.StartYear);
        builder.WithoutYear(first);
        var joined = new AppraisalYear(first + 1).Start;

        var report = ReadinessEvaluator.Evaluate(builder.Build() with { ConnectedOn = joined }, UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Contains(report.Years, y => y.Year.StartYear == first && y.Status == AppraisalYearStatus.NotExpected);
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R15")]
    public void Evaluate_WhenYearMissedWithoutApproval_IsAppraisalActivityGapForThatYear()
    {
        var doctor = new SummaryBuilder().Ready().WithoutYear(2026).Build();

        var gap = Assert.Single(ReadinessEvaluator.Evaluate(doctor, UnderNotice, options).Gaps);

        Assert.Equal("appraisal-missed", gap.Code);
        Assert.Equal(2026, gap.Year);
        Assert.Equal(DeferralSubReason.AppraisalActivity, gap.SubReason);
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R15")]
    public void Evaluate_WhenMissedYearApproved_IsReady()
    {
        var doctor = new SummaryBuilder().Ready()
            .WithYear(2026, _ => new YearFacts(2026, null, ApprovedMissed: true, false, false, false, false, false, 0))
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Contains(report.Years, y => y.Year.StartYear == 2026 && y.Status == AppraisalYearStatus.ApprovedMissed);
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R15")]
    public void Evaluate_WhenLastYearOfCycleStillDue_IsReadyUntilItsDueMonthEnds()
    {
        // June due month: the 2030/31 year's June falls inside the cycle (RSD 15 September 2030) and is due while under notice.
        var builder = new SummaryBuilder().WithDueMonth(6).Ready().WithoutYear(2030);
        var doctor = builder.Build();
        Assert.Contains(builder.CycleYears, y => y.StartYear == 2030);

        var due = ReadinessEvaluator.Evaluate(doctor, new DateOnly(2030, 6, 30), options);
        var overdue = ReadinessEvaluator.Evaluate(doctor, new DateOnly(2030, 7, 1), options);

        Assert.True(due.Ready);
        Assert.Contains(due.Years, y => y.Year.StartYear == 2030 && y.Status == AppraisalYearStatus.Due);
        var gap = Assert.Single(overdue.Gaps, g => !g.Judgement);
        Assert.Equal("appraisal-overdue", gap.Code);
        Assert.Equal(2030, gap.Year);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenOpenLocalProcess_SuggestsReasonTwoWithNoSubReasonsEvenWithOtherGaps()
    {
        var doctor = new SummaryBuilder().Ready()
            .WithOpenLocalProcess()
            .WithYear(2027, f => f with { Cpd = false })
            .WithCycleEvidence(colleague: false)
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.False(report.Ready);
        Assert.Equal(["local-process", "cpd-missing", "colleague-feedback-missing"], report.Gaps.Select(g => g.Code));
        Assert.Equal(DeferralReason.OngoingLocalProcess, report.SuggestedDeferralReason);
        Assert.Empty(report.SuggestedSubReasons);
        ResultAssert.Succeeds(RecommendationRulesCheck(report));
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R8")]
    public void Evaluate_WhenSeveralEvidenceGaps_SuggestsReasonOneWithEachSubReasonOnceInOrder()
    {
        var doctor = new SummaryBuilder().Ready()
            .WithYear(2026, f => f with { Cpd = false, Probity = false })
            .WithYear(2027, f => f with { Cpd = false })
            .WithCycleEvidence(colleague: false)
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.Equal(DeferralReason.InsufficientEvidence, report.SuggestedDeferralReason);
        Assert.Equal(
            [DeferralSubReason.AppraisalActivity, DeferralSubReason.ColleagueFeedback, DeferralSubReason.ContinuingProfessionalDevelopment],
            report.SuggestedSubReasons);
        ResultAssert.Succeeds(RecommendationRulesCheck(report));
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R10")]
    public void Evaluate_WhenOnlyUnderGmcInvestigation_SuggestsNoDeferral()
    {
        var report = ReadinessEvaluator.Evaluate(new SummaryBuilder().Ready().UnderGmcInvestigation().Build(), UnderNotice, options);

        Assert.False(report.Ready);
        Assert.Equal("R10", Assert.Single(report.Gaps).Rule);
        Assert.Null(report.SuggestedDeferralReason);
        Assert.Empty(report.SuggestedSubReasons);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Evaluate_WhenNoOpenCycle_IsNotReady()
    {
        var report = ReadinessEvaluator.Evaluate(new SummaryBuilder().WithoutOpenCycle().Build(), UnderNotice, options);

        Assert.False(report.Ready);
        Assert.Equal("no-open-cycle", Assert.Single(report.Gaps).Code);
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R14")]
    public void Evaluate_WhenAsked_ListsEachYearOfTheCycleWithItsStatus()
    {
        var doctor = new SummaryBuilder().Ready().WithoutYear(2029).Build();

        var years = ReadinessEvaluator.Evaluate(doctor, new DateOnly(2029, 12, 31), options).Years;

        Assert.Equal([2025, 2026, 2027, 2028, 2029], years.Select(y => y.Year.StartYear));
        Assert.Equal(
            [AppraisalYearStatus.Completed, AppraisalYearStatus.Completed, AppraisalYearStatus.Completed, AppraisalYearStatus.Completed, AppraisalYearStatus.Due],
            years.Select(y => y.Status));
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "R10")]
    public void Evaluate_WhenFlagsSetOnTheRecord_CarriesThemIntoTheSummary()
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().WithOpenLocalProcess().Build();

        var report = ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), UnderNotice, options);

        Assert.Equal(["gmc-investigation", "local-process"], report.Gaps.Select(g => g.Code));
        ResultAssert.Breaks(doctor.Concerns.SetOpenLocalProcess(true), "R19");
        ResultAssert.Succeeds(doctor.Concerns.SetOpenLocalProcess(false));
        ResultAssert.Succeeds(doctor.Concerns.SetGmcInvestigation(false));
        Assert.True(ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), UnderNotice, options).Ready);
    }

    private static (DoctorSummary Doctor, DateOnly Today) WithGap(string code) => code switch
    {
        "gmc-investigation" => (new SummaryBuilder().Ready().UnderGmcInvestigation().Build(), UnderNotice),
        "local-process" => (new SummaryBuilder().Ready().WithOpenLocalProcess().Build(), UnderNotice),
        "appraisal-missed" => (new SummaryBuilder().Ready().WithoutYear(2027).Build(), UnderNotice),
        "appraisal-overdue" => (new SummaryBuilder().Ready().WithoutYear(2029).Build(), new DateOnly(2030, 1, 1)),
        "cpd-missing" => (new SummaryBuilder().Ready().WithYear(2028, f => f with { Cpd = false }).Build(), UnderNotice),
        "probity-missing" => (new SummaryBuilder().Ready().WithYear(2028, f => f with { Probity = false }).Build(), UnderNotice),
        "patient-feedback-missing" => (new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(patient: false).Build(), UnderNotice),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The suggested deferral is one the R8 rules accept as it stands.</summary>
    private Result RecommendationRulesCheck(ReadinessReport report) =>
        Revalidation.Core.Recommendations.RecommendationRules.CheckDetails(
            new Revalidation.Core.Recommendations.RecommendationDetails(
                RecommendationType.Defer, report.SuggestedDeferralReason, report.SuggestedSubReasons.Count > 0 ? report.SuggestedSubReasons[0] : null, TestData.Rsd.AddDays(120)),
            TestData.Rsd,
            options);
}
