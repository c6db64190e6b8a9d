using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Readiness;

/// <summary>R18: the college CPD target is advice, never a gap.</summary>
public class CpdAdviceTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-60);
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R18")]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(49.5)]
    public void Evaluate_WhenCpdBelowTarget_AdvisesButStaysReady(double credits)
    {
        var doctor = new SummaryBuilder().Ready().WithYear(2028, f => f with { CpdCredits = (decimal)credits }).Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Empty(report.Gaps);
        Assert.Null(report.SuggestedDeferralReason);
        var advice = Assert.Single(report.Advice);
        Assert.Equal(2028, advice.Year);
        Assert.Equal((decimal)credits, advice.Credits);
        Assert.Equal(options.CpdCreditsPerYearAdvice, advice.Target);
        Assert.Contains("advice", advice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "R18")]
    [InlineData(50)]
    [InlineData(120)]
    public void Evaluate_WhenCpdMeetsTarget_GivesNoAdvice(int credits)
    {
        var doctor = new SummaryBuilder().Ready().WithYear(2028, f => f with { CpdCredits = credits }).Build();

        Assert.Empty(ReadinessEvaluator.Evaluate(doctor, UnderNotice, options).Advice);
    }

    [Fact]
    [Trait("Rule", "R18")]
    public void Evaluate_WhenTargetConfigured_AdvisesAgainstIt()
    {
        options.CpdCreditsPerYearAdvice = 40;
        var doctor = new SummaryBuilder().WithOptions(options).Ready()
            .WithYear(2026, f => f with { CpdCredits = 39 })
            .WithYear(2027, f => f with { CpdCredits = 40 })
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.Equal(2026, Assert.Single(report.Advice).Year);
        Assert.Equal(40, report.Advice[0].Target);
    }

    [Fact]
    [Trait("Rule", "R18")]
    public void Evaluate_WhenEveryYearBelowTarget_StillReadyWithAdviceForEachYear()
    {
        var doctor = new DoctorBuilder().WithCycleEvidence().Build();
        foreach (var year in new SummaryBuilder().CycleYears)
        {
            doctor.CompleteAppraisalYear(year, options, cpdCredits: 5);
        }

        var report = ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), UnderNotice, options);

        Assert.True(report.Ready);
        Assert.Equal(new SummaryBuilder().CycleYears.Select(y => y.StartYear), report.Advice.Select(a => a.Year));
    }

    [Fact]
    [Trait("Rule", "R18")]
    public void From_WhenSeveralCpdItems_SumsTheirCreditsForTheYear()
    {
        var doctor = new DoctorBuilder().Build();
        var day = new DateOnly(2026, 6, 1);
        doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, day, options, 20);
        doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, day.AddDays(1), options, 15.5m);
        doctor.AddEvidenceOn(SupportingInformationType.QualityImprovementActivity, day, options, 30); // not CPD: not counted

        Assert.Equal(35.5m, DoctorSummary.From(doctor).YearOf(2026)!.CpdCredits);
    }

    [Theory]
    [Trait("Rule", "R18")]
    [InlineData(-1)]
    [InlineData(500.5)]
    public void AddEvidence_WhenCreditsOutOfRange_IsRefused(double credits)
    {
        var doctor = new DoctorBuilder().Build();
        var day = new DateOnly(2026, 6, 1);

        var result = doctor.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "Course", day, new(2026), (decimal)credits, null, null, TestData.At(day));

        ResultAssert.Breaks(result, "R18", "cpdCredits");
        Assert.Empty(doctor.Evidence.Items);
    }
}
