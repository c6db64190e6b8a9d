using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Readiness;

/// <summary>R16: every completed appraisal needs CPD, significant events, compliments and complaints, probity and health.</summary>
public class AppraisalContentTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-60);
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R19")]
    [InlineData("cpd", "cpd-missing", DeferralSubReason.ContinuingProfessionalDevelopment)]
    [InlineData("significant-events", "significant-events-missing", DeferralSubReason.SignificantEvents)]
    [InlineData("compliments-complaints", "compliments-complaints-missing", DeferralSubReason.ComplimentsAndComplaints)]
    [InlineData("probity", "probity-missing", DeferralSubReason.AppraisalActivity)]
    [InlineData("health", "health-missing", DeferralSubReason.AppraisalActivity)]
    public void Evaluate_WhenCompletedAppraisalLacksOneItem_ReportsExactlyThatGap(string item, string code, DeferralSubReason subReason)
    {
        var doctor = new SummaryBuilder().Ready().WithYear(2027, facts => Without(facts, item)).Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.False(report.Ready);
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(code, gap.Code);
        Assert.Equal("R16", gap.Rule);
        Assert.Equal(2027, gap.Year);
        Assert.Equal(subReason, gap.SubReason);
        Assert.Contains("2027/28", gap.Message, StringComparison.Ordinal);
        Assert.Equal(DeferralReason.InsufficientEvidence, report.SuggestedDeferralReason);
        Assert.Equal([subReason], report.SuggestedSubReasons);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Evaluate_WhenCompletedAppraisalLacksEverything_ReportsFiveGapsForThatYear()
    {
        var doctor = new SummaryBuilder().Ready()
            .WithYear(2026, _ => new YearFacts(2026, new DateOnly(2026, 12, 10), false, false, false, false, false, false, 0))
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, UnderNotice, options);

        Assert.Equal(
            ["cpd-missing", "significant-events-missing", "compliments-complaints-missing", "probity-missing", "health-missing"],
            report.Gaps.Select(g => g.Code));
        Assert.All(report.Gaps, g => Assert.Equal(2026, g.Year));
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Evaluate_WhenOnlyUnfinishedYearsLackContent_ReportsNoContentGaps()
    {
        // R16 is asked of completed appraisals; a year still due is not yet judged on its content.
        var doctor = new SummaryBuilder().WithDueMonth(6).Ready()
            .WithYear(2030, _ => new YearFacts(2030, null, false, false, false, false, false, false, 0))
            .Build();

        var report = ReadinessEvaluator.Evaluate(doctor, new DateOnly(2030, 6, 20), options);

        Assert.True(report.Ready);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void From_WhenDeclaredNoneForEventsAndComplaints_CountsThemAsPresent()
    {
        var doctor = new DoctorBuilder().Ready().Build();

        var facts = DoctorSummary.From(doctor).YearOf(2027)!;

        Assert.DoesNotContain(doctor.Evidence.Items, e => e.AppraisalYear == 2027 && e.Type is SupportingInformationType.SignificantEvents or SupportingInformationType.ComplimentsAndComplaints);
        Assert.True(facts.SignificantEvents);
        Assert.True(facts.ComplimentsAndComplaints);
        Assert.True(facts.Probity);
        Assert.True(facts.Health);
        Assert.True(facts.Cpd);
    }

    [Theory]
    [Trait("Rule", "R16")]
    [InlineData(SupportingInformationType.SignificantEvents, "significant-events-missing")]
    [InlineData(SupportingInformationType.ComplimentsAndComplaints, "compliments-complaints-missing")]
    public void From_WhenNeitherDeclaredNoneNorReflectedOn_IsAGapUntilEvidenceAdded(SupportingInformationType type, string code)
    {
        var doctor = new DoctorBuilder().WithCycleEvidence().Build();
        var year = new AppraisalYear(2026);
        var first = year.DueMonth(doctor.Appraisals.DueMonth).First;
        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: false, noComplimentsOrComplaints: false, first));
        doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, first, options, 50, year);
        var other = type == SupportingInformationType.SignificantEvents ? SupportingInformationType.ComplimentsAndComplaints : SupportingInformationType.SignificantEvents;
        doctor.AddEvidenceOn(other, first, options, year: year);
        var meeting = first.AddDays(9);
        ResultAssert.Breaks(doctor.Appraisals.Record(year, meeting, true, true, TestData.AppraiserId, meeting), "R16", "notes");
        ResultAssert.Succeeds(doctor.Appraisals.Record(year, meeting, true, true, TestData.AppraiserId, meeting, [new AppraiserNote(code, "Discussed at the meeting; none this year.")]));

        var gaps = ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), meeting.AddDays(1), options).Gaps;

        // R16: signed off with the appraiser's note, the item is the RO's judgement, not a task the doctor can no longer do.
        var noted = Assert.Single(gaps, g => g.Year == 2026);
        Assert.Equal(code, noted.Code);
        Assert.True(noted.Judgement);
        Assert.EndsWith("Signed off; noted by the appraiser.", noted.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void From_WhenCpdWithdrawnBeforeSignOff_IsACpdGap()
    {
        var doctor = new DoctorBuilder().WithCycleEvidence().Build();
        var year = new AppraisalYear(2026);
        var first = year.DueMonth(doctor.Appraisals.DueMonth).First;
        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, true, true, true, true, first));
        var cpd = doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, first, options, 50, year);
        ResultAssert.Succeeds(doctor.Evidence.Withdraw(cpd.Id, first.AddDays(1)));
        ResultAssert.Succeeds(doctor.Appraisals.Record(year, first.AddDays(9), true, true, TestData.AppraiserId, first.AddDays(9), [new AppraiserNote("cpd-missing", "CPD log to follow.")]));

        var summary = DoctorSummary.From(doctor);

        Assert.Contains(doctor.Evidence.Items, e => e.Id == cpd.Id && e.IsWithdrawn);
        Assert.False(summary.YearOf(2026)!.Cpd);
        Assert.Equal(0, summary.YearOf(2026)!.CpdCredits);
        Assert.Equal("cpd-missing", Assert.Single(ReadinessEvaluator.Evaluate(summary, first.AddDays(10), options).Gaps, g => g.Year == 2026).Code);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void RecordAppraisal_WhenSignedOff_LocksTheEvidenceItUsed()
    {
        var doctor = new DoctorBuilder().Build();
        doctor.CompleteAppraisalYear(new AppraisalYear(2026), options);
        var cpd = Assert.Single(doctor.Evidence.Items, e => e.AppraisalYear == 2026);

        Assert.True(cpd.Locked);
        ResultAssert.Breaks(doctor.Evidence.Withdraw(cpd.Id, new DateOnly(2027, 1, 5)), "R16", "evidenceId");
        Assert.False(cpd.IsWithdrawn);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Declare_WhenAppraisalSignedOff_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var year = new AppraisalYear(2026);
        doctor.CompleteAppraisalYear(year, options);

        ResultAssert.Breaks(doctor.Appraisals.Declare(year, false, false, false, false, new DateOnly(2027, 1, 5)), "R16", "year");
        Assert.True(doctor.Appraisals.DeclarationFor(2026)!.Probity);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Declare_WhenYearNotStarted_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var year = new AppraisalYear(2027);

        ResultAssert.Breaks(doctor.Appraisals.Declare(year, true, true, true, true, year.Start.AddDays(-1)), "R16", "year");
        Assert.Null(doctor.Appraisals.DeclarationFor(2027));
    }

    [Fact]
    [Trait("Rule", "R16")]
    public void Declare_WhenMadeAgainBeforeSignOff_ReplacesTheStatements()
    {
        var doctor = new DoctorBuilder().Build();
        var year = new AppraisalYear(2026);
        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, true, false, true, true, new DateOnly(2026, 11, 1)));

        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, true, true, false, true, new DateOnly(2026, 11, 20)));

        var declaration = doctor.Appraisals.DeclarationFor(2026)!;
        Assert.True(declaration.Health);
        Assert.False(declaration.NoSignificantEvents);
        Assert.Equal(new DateOnly(2026, 11, 20), declaration.DeclaredOn);
        Assert.Single(doctor.Appraisals.Declarations);
    }

    private static YearFacts Without(YearFacts facts, string item) => item switch
    {
        "cpd" => facts with { Cpd = false },
        "significant-events" => facts with { SignificantEvents = false },
        "compliments-complaints" => facts with { ComplimentsAndComplaints = false },
        "probity" => facts with { Probity = false },
        "health" => facts with { Health = false },
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, null),
    };
}
