using Revalidation.Core.Common;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Recommendations;

public class NonEngagementTests
{
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R9")]
    public void CheckDetails_WhenAllSixCriteriaAnswered_Succeeds() =>
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(Recommend.NonEngagement(), TestData.Rsd, options));

    [Theory]
    [Trait("Rule", "R9")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void CheckDetails_WhenAnyOneCriterionNotConfirmed_IsRefused(int falseOne)
    {
        var a = Enumerable.Range(0, 6).Select(i => i != falseOne).ToArray();
        static CriterionAnswer Answer(bool yes) => yes ? CriterionAnswer.Confirmed : CriterionAnswer.NotConfirmed;
        var attestations = new NonEngagementAttestations(a[0], a[1], a[2], a[3], Answer(a[4]), Answer(a[5]));

        Assert.False(attestations.AllConfirmed);
        ResultAssert.Breaks(RecommendationRules.CheckDetails(Recommend.NonEngagement(attestations), TestData.Rsd, options), "R9", "attestations");
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void CheckDetails_WhenNoAttestations_IsRefused() =>
        ResultAssert.Breaks(
            RecommendationRules.CheckDetails(new RecommendationDetails(RecommendationType.NonEngagement), TestData.Rsd, options), "R9", "attestations");

    [Fact]
    [Trait("Rule", "R9")]
    public void CheckDetails_WhenNonEngagementCarriesDeferralFields_IsRefused() =>
        ResultAssert.Breaks(
            RecommendationRules.CheckDetails(Recommend.NonEngagement() with { ProposedRsd = TestData.Rsd.AddDays(90) }, TestData.Rsd, options), "R9", "deferralReason");

    [Fact]
    [Trait("Rule", "R9")]
    [Trait("Rule", "R8")]
    public void CheckDetails_WhenNonEngagementCarriesADeferralSubReason_IsRefused() =>
        ResultAssert.Breaks(
            RecommendationRules.CheckDetails(Recommend.NonEngagement() with { DeferralSubReason = DeferralSubReason.ColleagueFeedback }, TestData.Rsd, options), "R9", "deferralReason");

    [Fact]
    [Trait("Rule", "R9")]
    public void Submit_WhenAttestationsRecorded_KeepsThemWithTheRecommendation()
    {
        var doctor = new DoctorBuilder().Build();

        var submitted = doctor.DraftAndSubmit(Recommend.NonEngagement(), TestData.Rsd.AddDays(-300), options);

        Assert.Equal(Recommend.AllAttested, submitted.Details.Attestations);
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void EditDraft_WhenAnAttestationIsWithdrawn_IsRefusedAndKeepsTheDraft()
    {
        var doctor = new DoctorBuilder().Build();
        var draft = doctor.Draft(Recommend.NonEngagement(), TestData.Rsd.AddDays(-300), options);

        var result = doctor.Recommendations.EditDraft(draft.Id, Recommend.NonEngagement(Recommend.AllAttested with { LocalProcessesExhausted = false }), options);

        ResultAssert.Breaks(result, "R9", "attestations");
        Assert.True(draft.Details.Attestations!.AllConfirmed);
    }

    [Fact]
    [Trait("Rule", "R9")]
    [Trait("Rule", "R11")]
    public void RecordGmcOutcome_WhenNonEngagementApproved_ClosesTheCycleWithoutANewOne()
    {
        var doctor = new DoctorBuilder().Build();
        var on = TestData.Rsd.AddDays(20);

        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.NonEngagement(), TestData.Rsd.AddDays(5), options), GmcOutcome.Approved, on, options);

        var cycle = Assert.Single(doctor.Cycles.Items);
        Assert.Equal(CycleStatus.ClosedNonEngagement, cycle.Status);
        Assert.Equal(on, cycle.ClosedOn);
        Assert.Null(doctor.CurrentCycle);
        ResultAssert.Breaks(doctor.Recommendations.Draft(Recommend.NonEngagement(), TestData.At(on), TestData.RoUserId, options), "R11");
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void CheckDetails_WhenTheWhereApplicableCriteriaAreNotApplicable_Succeeds() =>
        ResultAssert.Succeeds(RecommendationRules.CheckDetails(
            Recommend.NonEngagement(Recommend.AllAttested with
            {
                FitnessToPractiseConcernsNotified = CriterionAnswer.NotApplicable,
                PublicInterestConcernsDiscussed = CriterionAnswer.NotApplicable,
            }), TestData.Rsd, options));

    [Fact]
    [Trait("Rule", "R9")]
    public void Criteria_AreTheGmcsSixInItsOrder_AndOnlyTheLastTwoAreWhereApplicable()
    {
        var criteria = NonEngagementAttestations.Criteria;

        Assert.Equal(6, criteria.Count);
        Assert.Equal([false, false, false, false, true, true], criteria.Select(c => c.WhereApplicable));
        Assert.StartsWith("The doctor has been given sufficient opportunity and support to engage", criteria[0].Wording, StringComparison.Ordinal);
        Assert.StartsWith("Where applicable, you have discussed any public interest concerns raised by the doctor", criteria[5].Wording, StringComparison.Ordinal);
        Assert.All(criteria, c => Assert.NotNull(typeof(NonEngagementAttestations).GetProperty(c.Field)));
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void Submit_WhenTheElaContactDateIsInTheFuture_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        var today = TestData.Rsd.AddDays(-300);
        var draft = doctor.Draft(Recommend.NonEngagement() with { ElaConsultedOn = today.AddDays(1) }, today, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, today, TestData.RoUserId, options), "R9", "elaConsultedOn");
    }
}
