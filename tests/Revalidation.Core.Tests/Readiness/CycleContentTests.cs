using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Readiness;

/// <summary>R17: quality improvement activity, patient feedback and colleague feedback at least once a cycle.</summary>
public class CycleContentTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-60);
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R17")]
    [Trait("Rule", "R19")]
    [InlineData("quality-improvement", "quality-improvement-missing", DeferralSubReason.QualityImprovementActivity)]
    [InlineData("patient-feedback", "patient-feedback-missing", DeferralSubReason.PatientFeedback)]
    [InlineData("colleague-feedback", "colleague-feedback-missing", DeferralSubReason.ColleagueFeedback)]
    public void Evaluate_WhenOneCycleItemMissing_ReportsExactlyThatGap(string item, string code, DeferralSubReason subReason)
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear()
            .WithCycleEvidence(item != "quality-improvement", item != "patient-feedback", item != "colleague-feedback")
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        var gap = Assert.Single(report.Gaps);
        Assert.Equal(code, gap.Code);
        Assert.Equal("R17", gap.Rule);
        Assert.Null(gap.Year);
        Assert.Equal(subReason, gap.SubReason);
        Assert.Equal([subReason], report.SuggestedSubReasons);
    }

    [Theory]
    [Trait("Rule", "R17")]
    [InlineData(SupportingInformationType.QualityImprovementActivity)]
    [InlineData(SupportingInformationType.PatientFeedback)]
    [InlineData(SupportingInformationType.ColleagueFeedback)]
    public void From_WhenItemDatedTheDayBeforeCycleStart_DoesNotCountButOnTheStartDayDoes(SupportingInformationType type)
    {
        var before = new DoctorBuilder().Build();
        before.AddEvidenceOn(type, before.CurrentCycle!.StartDate.AddDays(-1), options);
        var onStart = new DoctorBuilder().Build();
        onStart.AddEvidenceOn(type, onStart.CurrentCycle!.StartDate, options);

        Assert.False(InCycle(DoctorSummary.From(before), type));
        Assert.True(InCycle(DoctorSummary.From(onStart), type));
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void From_WhenFeedbackWithdrawn_DoesNotCount()
    {
        var doctor = new DoctorBuilder().Build();
        var on = doctor.CurrentCycle!.StartDate.AddDays(40);
        var feedback = doctor.AddEvidenceOn(SupportingInformationType.ColleagueFeedback, on, options);

        ResultAssert.Succeeds(doctor.Evidence.Withdraw(feedback.Id, on.AddDays(1)));

        Assert.False(DoctorSummary.From(doctor).ColleagueFeedbackInCycle);
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void Evaluate_WhenAllThreeMissing_SuggestsAllThreeSubReasonsInGmcOrder()
    {
        var doctor = new SummaryBuilder().AppraisedEveryYear().WithCycleEvidence(false, false, false).Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.Equal(
            [DeferralSubReason.ColleagueFeedback, DeferralSubReason.PatientFeedback, DeferralSubReason.QualityImprovementActivity],
            report.SuggestedSubReasons);
    }

    private static bool InCycle(DoctorSummary summary, SupportingInformationType type) => type switch
    {
        SupportingInformationType.QualityImprovementActivity => summary.QualityImprovementInCycle,
        SupportingInformationType.PatientFeedback => summary.PatientFeedbackInCycle,
        _ => summary.ColleagueFeedbackInCycle,
    };
}
