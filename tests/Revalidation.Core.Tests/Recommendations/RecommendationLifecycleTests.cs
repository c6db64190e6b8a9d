using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Recommendations;

public class RecommendationLifecycleTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;
    private static readonly DateOnly SubmittedOn = Rsd.AddDays(-60);
    private static readonly DateOnly DecidedOn = Rsd.AddDays(-30);
    private readonly RevalidationOptions options = TestData.Options();

    // ---- R6: at most one open recommendation ----

    [Fact]
    [Trait("Rule", "R6")]
    public void DraftRecommendation_WhenADraftIsOpen_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var first = doctor.Draft(Recommend.Revalidate(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Recommendations.Draft(Recommend.Defer(Rsd.AddDays(90)), TestData.At(SubmittedOn), TestData.RoUserId, options), "R6", "recommendation");

        Assert.Same(first, Assert.Single(doctor.Recommendations.Items));
        Assert.Same(first, doctor.Recommendations.Open);
    }

    [Theory]
    [Trait("Rule", "R6")]
    [InlineData(GmcOutcome.UnderReview)]
    [InlineData(null)]
    public void DraftRecommendation_WhenOneAwaitsTheGmc_IsRefused(GmcOutcome? outcomeSoFar)
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);
        if (outcomeSoFar is { } outcome)
        {
            doctor.RecordOutcome(submitted, outcome, DecidedOn, options);
        }

        ResultAssert.Breaks(doctor.Recommendations.Draft(Recommend.Revalidate(), TestData.At(DecidedOn), TestData.RoUserId, options), "R6");
        Assert.Single(doctor.Recommendations.Items);
    }

    [Fact]
    [Trait("Rule", "R6")]
    [Trait("Rule", "R11")]
    public void DraftRecommendation_WhenPreviousWasRejected_Succeeds()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var rejected = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);
        doctor.RecordOutcome(rejected, GmcOutcome.Rejected, DecidedOn, options);

        var second = doctor.Draft(Recommend.Revalidate(), DecidedOn, options);

        Assert.Equal(RecommendationStatus.Rejected, rejected.Status);
        Assert.Equal(DecidedOn, rejected.OutcomeOn);
        Assert.Same(second, doctor.Recommendations.Open);
        Assert.Equal(2, doctor.Recommendations.Items.Count);
    }

    [Fact]
    [Trait("Rule", "R6")]
    public void OpenRecommendation_WhenApproved_IsNone()
    {
        var doctor = new DoctorBuilder().Build();
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(90)), SubmittedOn, options), GmcOutcome.Approved, DecidedOn, options);

        Assert.Null(doctor.Recommendations.Open);
        Assert.Null(DoctorSummary.From(doctor).OpenRecommendation);
    }

    // ---- R7: submitted is final ----

    [Fact]
    [Trait("Rule", "R7")]
    public void EditDraft_WhenStillADraft_ChangesIt()
    {
        var doctor = new DoctorBuilder().Build();
        var draft = doctor.Draft(Recommend.Defer(Rsd.AddDays(90)), SubmittedOn, options);
        var changed = Recommend.Defer(Rsd.AddDays(200), DeferralReason.InsufficientEvidence, DeferralSubReason.PatientFeedback);

        ResultAssert.Succeeds(doctor.Recommendations.EditDraft(draft.Id, changed, options));

        Assert.Equal(changed, draft.Details);
    }

    [Theory]
    [Trait("Rule", "R7")]
    [InlineData(null)]
    [InlineData(GmcOutcome.UnderReview)]
    [InlineData(GmcOutcome.Approved)]
    [InlineData(GmcOutcome.Rejected)]
    public void EditDraft_WhenSubmitted_IsRefusedAndKeepsTheSubmittedContent(GmcOutcome? outcomeSoFar)
    {
        var doctor = new DoctorBuilder().Build();
        var details = Recommend.Defer(Rsd.AddDays(90));
        var submitted = doctor.DraftAndSubmit(details, SubmittedOn, options);
        if (outcomeSoFar is { } outcome)
        {
            doctor.RecordOutcome(submitted, outcome, DecidedOn, options);
        }

        ResultAssert.Breaks(doctor.Recommendations.EditDraft(submitted.Id, Recommend.Defer(Rsd.AddDays(300)), options), "R7", "recommendationId");

        Assert.Equal(details, submitted.Details);
    }

    [Fact]
    [Trait("Rule", "R7")]
    public void Submit_WhenAlreadySubmitted_IsRefusedAndKeepsTheFirstSubmission()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(submitted.Id, SubmittedOn.AddDays(1), "someone-else", options), "R7", "recommendationId");

        Assert.Equal(SubmittedOn, submitted.SubmittedOn);
        Assert.Equal(TestData.RoUserId, submitted.SubmittedBy);
    }

    [Theory]
    [Trait("Rule", "R7")]
    [InlineData(GmcOutcome.Approved, GmcOutcome.Approved)]
    [InlineData(GmcOutcome.Approved, GmcOutcome.Rejected)]
    [InlineData(GmcOutcome.Rejected, GmcOutcome.Approved)]
    [InlineData(GmcOutcome.Rejected, GmcOutcome.UnderReview)]
    public void RecordGmcOutcome_WhenOutcomeAlreadyRecorded_IsRefused(GmcOutcome first, GmcOutcome second)
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);
        doctor.RecordOutcome(submitted, first, DecidedOn, options);
        var cycles = doctor.Cycles.Items.Count;

        ResultAssert.Breaks(doctor.Recommendations.RecordGmcOutcome(submitted.Id, second, DecidedOn.AddDays(1), options), "R7", "recommendationId");

        Assert.Equal(DecidedOn, submitted.OutcomeOn);
        Assert.Equal(cycles, doctor.Cycles.Items.Count);
    }

    [Fact]
    [Trait("Rule", "R7")]
    public void ConfirmRsd_WhenARecommendationAwaitsTheGmc_IsRefused()
    {
        // R4: only non-engagement can be submitted against an estimated RSD.
        var doctor = new DoctorBuilder().Ready().WithRsd(Rsd, confirmed: false).Build();
        doctor.DraftAndSubmit(Recommend.NonEngagement(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Cycles.ConfirmRsd(Rsd.AddDays(7), SubmittedOn), "R7", "rsd");
        Assert.Equal(Rsd, doctor.CurrentCycle!.Rsd);
    }

    [Fact]
    [Trait("Rule", "R7")]
    public void Submit_WhenSubmitted_SnapshotsTheRsdThatLaterOutcomesDoNotChange()
    {
        var doctor = new DoctorBuilder().Build();
        var deferral = doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(100)), SubmittedOn, options);

        doctor.RecordOutcome(deferral, GmcOutcome.Approved, DecidedOn, options);

        Assert.Equal(Rsd, deferral.RsdAtSubmission);
        Assert.Equal(Rsd.AddDays(100), doctor.CurrentCycle!.Rsd);
    }

    // ---- R11: the GMC's outcome ----

    [Fact]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R1")]
    public void RecordGmcOutcome_WhenRevalidationApprovedWithGmcDate_ClosesCycleAndOpensNextWithThatDate()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var nextRsd = new DateOnly(2035, 10, 1);

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options), GmcOutcome.Approved, DecidedOn, options, nextRsd);

        Assert.Equal(2, doctor.Cycles.Items.Count);
        var closed = doctor.Cycles.Items[0];
        Assert.Equal(CycleStatus.Revalidated, closed.Status);
        Assert.Equal(DecidedOn, closed.ClosedOn);
        Assert.Equal(Rsd, closed.Rsd);
        var next = doctor.CurrentCycle!;
        Assert.Equal(2, next.Number);
        Assert.Equal(DecidedOn, next.StartDate);
        Assert.Equal(nextRsd, next.Rsd);
        Assert.True(next.RsdConfirmed);
    }

    [Fact]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R1")]
    public void RecordGmcOutcome_WhenRevalidationApprovedWithoutDate_EstimatesNextRsdFiveYearsOn()
    {
        var doctor = new DoctorBuilder().Ready().Build();

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options), GmcOutcome.Approved, DecidedOn, options);

        var next = doctor.CurrentCycle!;
        Assert.Equal(2, next.Number);
        Assert.Equal(Rsd.AddYears(options.CycleYears), next.Rsd);
        Assert.False(next.RsdConfirmed);

        ResultAssert.Succeeds(doctor.Cycles.ConfirmRsd(new DateOnly(2035, 9, 30), DecidedOn));
        Assert.True(doctor.CurrentCycle!.RsdConfirmed);
    }

    [Theory]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R1")]
    [InlineData(0)]
    [InlineData(-1)]
    public void RecordGmcOutcome_WhenNextRsdNotAfterCurrent_IsRefused(int daysAfterRsd)
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Recommendations.RecordGmcOutcome(submitted.Id, GmcOutcome.Approved, DecidedOn, options, Rsd.AddDays(daysAfterRsd)), "R1", "newRsd");

        Assert.Equal(RecommendationStatus.Submitted, submitted.Status);
        Assert.Single(doctor.Cycles.Items);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenUnderReview_KeepsRecommendationOpenThenAcceptsTheDecision()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);

        doctor.RecordOutcome(submitted, GmcOutcome.UnderReview, DecidedOn, options);

        Assert.Equal(RecommendationStatus.UnderReview, submitted.Status);
        Assert.Null(submitted.OutcomeOn);
        Assert.Same(submitted, doctor.Recommendations.Open);
        Assert.True(DoctorSummary.From(doctor).AwaitingGmc);
        Assert.True(doctor.CurrentCycle!.IsOpen);
        Assert.Equal(1, doctor.CurrentCycle.Number);

        doctor.RecordOutcome(submitted, GmcOutcome.Approved, DecidedOn.AddDays(10), options);

        Assert.Equal(RecommendationStatus.Approved, submitted.Status);
        Assert.Equal(2, doctor.CurrentCycle!.Number);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenRejected_ClosesRecommendationAndKeepsCycle()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);

        doctor.RecordOutcome(submitted, GmcOutcome.Rejected, DecidedOn, options);

        Assert.Equal(RecommendationStatus.Rejected, submitted.Status);
        Assert.Null(doctor.Recommendations.Open);
        Assert.False(DoctorSummary.From(doctor).AwaitingGmc);
        var cycle = Assert.Single(doctor.Cycles.Items);
        Assert.True(cycle.IsOpen);
        Assert.Equal(Rsd, cycle.Rsd);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenStillADraft_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var draft = doctor.Draft(Recommend.Revalidate(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Recommendations.RecordGmcOutcome(draft.Id, GmcOutcome.Approved, DecidedOn, options), "R11", "recommendationId");
        Assert.Equal(RecommendationStatus.Draft, draft.Status);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenOutcomeUndefined_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var submitted = doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options);

        ResultAssert.Breaks(doctor.Recommendations.RecordGmcOutcome(submitted.Id, (GmcOutcome)7, DecidedOn, options), "Validation", "outcome");
        Assert.Equal(RecommendationStatus.Submitted, submitted.Status);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenRecommendationUnknown_IsRefused() =>
        ResultAssert.Breaks(new DoctorBuilder().Build().Recommendations.RecordGmcOutcome(Guid.NewGuid(), GmcOutcome.Approved, DecidedOn, options), "Validation", "recommendationId");

    [Fact]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R17")]
    public void RecordGmcOutcome_WhenRevalidationApproved_NextCycleStartsWithoutThePreviousCyclesFeedback()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        Assert.True(DoctorSummary.From(doctor).PatientFeedbackInCycle);

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), SubmittedOn, options), GmcOutcome.Approved, DecidedOn, options);

        var summary = DoctorSummary.From(doctor);
        Assert.Equal(2, summary.Cycle!.Number);
        Assert.False(summary.QualityImprovementInCycle);
        Assert.False(summary.PatientFeedbackInCycle);
        Assert.False(summary.ColleagueFeedbackInCycle);
    }
}
