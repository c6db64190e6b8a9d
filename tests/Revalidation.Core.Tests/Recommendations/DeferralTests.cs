using Revalidation.Core.Common;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Recommendations;

public class DeferralTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;
    private static readonly DateOnly UnderNotice = Rsd.AddDays(-30);
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(DeferralSubReason.AppraisalActivity)]
    [InlineData(DeferralSubReason.ColleagueFeedback)]
    [InlineData(DeferralSubReason.ComplimentsAndComplaints)]
    [InlineData(DeferralSubReason.ContinuingProfessionalDevelopment)]
    [InlineData(DeferralSubReason.InterruptionToPractice)]
    [InlineData(DeferralSubReason.PatientFeedback)]
    [InlineData(DeferralSubReason.QualityImprovementActivity)]
    [InlineData(DeferralSubReason.SignificantEvents)]
    public void CheckDetails_WhenInsufficientEvidenceWithSubReason_Succeeds(DeferralSubReason subReason) =>
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), DeferralReason.InsufficientEvidence, subReason), Rsd, options));

    [Fact]
    [Trait("Rule", "R8")]
    public void SubReasons_WhenNumbered_MatchTheGmcCodes1To8()
    {
        Assert.Equal(Enumerable.Range(1, 8), Enum.GetValues<DeferralSubReason>().Select(s => (int)s));
        Assert.Equal(1, (int)DeferralReason.InsufficientEvidence);
        Assert.Equal(2, (int)DeferralReason.OngoingLocalProcess);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenInsufficientEvidenceWithoutSubReason_IsRefused() =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), DeferralReason.InsufficientEvidence, null), Rsd, options), "R8", "deferralSubReason");

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void CheckDetails_WhenSubReasonIsNotAGmcCode_IsRefused(int code) =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), DeferralReason.InsufficientEvidence, (DeferralSubReason)code), Rsd, options), "R8", "deferralSubReason");

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenOngoingLocalProcessWithoutSubReason_Succeeds() =>
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(Recommend.DeferForLocalProcess(Rsd.AddDays(90)), Rsd, options));

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(DeferralSubReason.AppraisalActivity)]
    [InlineData(DeferralSubReason.SignificantEvents)]
    public void CheckDetails_WhenOngoingLocalProcessWithSubReason_IsRefused(DeferralSubReason subReason) =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), DeferralReason.OngoingLocalProcess, subReason), Rsd, options), "R8", "deferralSubReason");

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenNoReason_IsRefused() =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), reason: null, subReason: null), Rsd, options), "R8", "deferralReason");

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(0)]
    [InlineData(3)] // a legacy, inactive GMC code
    [InlineData(9)]
    public void CheckDetails_WhenReasonIsNotAnActiveGmcCode_IsRefused(int code) =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90), (DeferralReason)code, null), Rsd, options), "R8", "deferralReason");

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(59, false)]
    [InlineData(60, false)] // the GMC's service accepts only dates strictly after RSD + 60
    [InlineData(61, true)]
    [InlineData(200, true)]
    [InlineData(364, true)]
    [InlineData(365, false)] // and strictly before RSD + 365
    [InlineData(366, false)]
    [InlineData(0, false)]
    [InlineData(-30, false)]
    public void CheckDetails_WhenProposedDateDaysAfterRsd_AcceptsOnlyStrictlyBetween60And365(int daysAfterRsd, bool accepted)
    {
        var result = RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(daysAfterRsd)), Rsd, options);

        if (accepted)
        {
            ResultAssert.Succeeds(result);
        }
        else
        {
            ResultAssert.Breaks(result, "R8", "proposedRsd");
        }
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void DeferralBounds_WhenRsdIs29February_Are61And364DaysLater()
    {
        // 29 Feb 2028 + 61 days: 31 in March, 30 in April → 30 April 2028. + 364 days: 27 February 2029.
        var (earliest, latest) = RecommendationRules.DeferralBounds(new DateOnly(2028, 2, 29), options);

        Assert.Equal(new DateOnly(2028, 4, 30), earliest);
        Assert.Equal(new DateOnly(2029, 2, 27), latest);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenBoundsConfigured_UsesThem()
    {
        options.DeferralMinDays = 90;
        options.DeferralMaxDays = 180;

        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(89)), Rsd, options), "R8", "proposedRsd");
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(90)), Rsd, options));
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(180)), Rsd, options));
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.Defer(Rsd.AddDays(181)), Rsd, options), "R8", "proposedRsd");
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenNoProposedDate_IsRefused() =>
        ResultAssert.Breaks(
            RecommendationRules.CheckDetails(new RecommendationDetails(RecommendationType.Defer, DeferralReason.OngoingLocalProcess), Rsd, options),
            "R8",
            "proposedRsd");

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenRevalidateCarriesDeferralFields_IsRefused() =>
        ResultAssert.Breaks(
            RecommendationRules.CheckDetails(Recommend.Revalidate() with { DeferralReason = DeferralReason.InsufficientEvidence }, Rsd, options),
            "R8",
            "deferralReason");

    [Fact]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenTypeUndefined_IsRefused() =>
        ResultAssert.Breaks(RecommendationRules.CheckDetails(new RecommendationDetails((RecommendationType)4), Rsd, options), "Validation", "type");

    [Fact]
    [Trait("Rule", "R8")]
    public void DraftRecommendation_WhenDeferralInvalid_IsRefusedAndNothingIsDrafted()
    {
        var doctor = new DoctorBuilder().Build();

        var result = doctor.Recommendations.Draft(Recommend.Defer(Rsd.AddDays(59)), TestData.At(UnderNotice), TestData.RoUserId, options);

        ResultAssert.Breaks(result, "R8", "proposedRsd");
        Assert.Empty(doctor.Recommendations.Items);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void Submit_WhenFirstDeferralInCycle_NeedsNoJustification()
    {
        var doctor = new DoctorBuilder().Build();

        var deferral = doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(120)), UnderNotice, options);

        Assert.Equal(RecommendationStatus.Submitted, deferral.Status);
    }

    [Fact]
    [Trait("Rule", "R8")]
    [Trait("Rule", "R11")]
    public void Submit_WhenDeferralFollowsAnApprovedDeferral_NeedsJustification()
    {
        var doctor = new DoctorBuilder().Build();
        var newRsd = Rsd.AddDays(120);
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Defer(newRsd), UnderNotice, options), GmcOutcome.Approved, UnderNotice.AddDays(10), options);
        var day = newRsd.AddDays(-30);
        var second = doctor.Draft(Recommend.Defer(newRsd.AddDays(90)), day, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(second.Id, day, TestData.RoUserId, options), "R8", "consecutiveDeferralJustification");
        ResultAssert.Breaks(doctor.Recommendations.Submit(second.Id, day, TestData.RoUserId, options), "R8", "elaConsultedOn");
        Assert.Equal(RecommendationStatus.Draft, second.Status);

        ResultAssert.Succeeds(doctor.Recommendations.EditDraft(second.Id, Recommend.Defer(newRsd.AddDays(90), justification: "Colleague feedback exercise delayed by long-term sick leave.") with { ElaConsultedOn = day.AddDays(-3) }, options));
        ResultAssert.Succeeds(doctor.Recommendations.Submit(second.Id, day, TestData.RoUserId, options));
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void IsConsecutiveDeferral_WhenLastApprovedIsADeferralOfThisCycle_IsTrueUntilTheCycleMovesOn()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        Assert.False(RecommendationRules.IsConsecutiveDeferral(RecommendationType.Defer, doctor.Recommendations.Items, cycleNumber: 1));

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(100)), UnderNotice, options), GmcOutcome.Approved, UnderNotice.AddDays(5), options);
        Assert.True(RecommendationRules.IsConsecutiveDeferral(RecommendationType.Defer, doctor.Recommendations.Items, cycleNumber: 1));
        Assert.False(RecommendationRules.IsConsecutiveDeferral(RecommendationType.Revalidate, doctor.Recommendations.Items, cycleNumber: 1));

        var movedRsd = doctor.CurrentCycle!.Rsd;
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), movedRsd.AddDays(-20), options), GmcOutcome.Approved, movedRsd.AddDays(-10), options);

        Assert.Equal(2, doctor.CurrentCycle!.Number);
        Assert.False(RecommendationRules.IsConsecutiveDeferral(RecommendationType.Defer, doctor.Recommendations.Items, doctor.CurrentCycle.Number));
    }

    [Fact]
    [Trait("Rule", "R8")]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenDeferralApproved_MovesRsdToProposedDate()
    {
        var doctor = new DoctorBuilder().WithRsd(Rsd).Build();
        var proposed = Rsd.AddDays(180);

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Defer(proposed), UnderNotice, options), GmcOutcome.Approved, UnderNotice.AddDays(14), options);

        var cycle = Assert.Single(doctor.Cycles.Items);
        Assert.Equal(proposed, cycle.Rsd);
        Assert.True(cycle.RsdConfirmed);
        Assert.True(cycle.IsOpen);
    }

    [Fact]
    [Trait("Rule", "R8")]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenDeferralApprovedWithGmcDate_MovesRsdToGmcDate()
    {
        var doctor = new DoctorBuilder().Build();
        var gmcDate = Rsd.AddDays(150);

        var deferral = doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(180)), UnderNotice, options);
        doctor.RecordOutcome(deferral, GmcOutcome.Approved, UnderNotice.AddDays(14), options, gmcDate);

        Assert.Equal(gmcDate, doctor.CurrentCycle!.Rsd);
        Assert.Equal(Rsd, deferral.RsdAtSubmission);
    }

    [Theory]
    [Trait("Rule", "R8")]
    [Trait("Rule", "R11")]
    [InlineData(0)]
    [InlineData(-100)]
    public void RecordGmcOutcome_WhenDeferralApprovedWithGmcDateNotAfterRsd_IsRefusedAndKeepsRsd(int daysAfterRsd)
    {
        var doctor = new DoctorBuilder().Build();
        var deferral = doctor.DraftAndSubmit(Recommend.Defer(Rsd.AddDays(180)), UnderNotice, options);

        ResultAssert.Breaks(doctor.Recommendations.RecordGmcOutcome(deferral.Id, GmcOutcome.Approved, UnderNotice.AddDays(10), options, Rsd.AddDays(daysAfterRsd)), "R8", "newRsd");

        Assert.Equal(RecommendationStatus.Submitted, deferral.Status);
        Assert.Equal(Rsd, doctor.CurrentCycle!.Rsd);
    }
}
