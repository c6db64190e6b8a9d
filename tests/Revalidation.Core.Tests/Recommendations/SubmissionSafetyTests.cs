using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Recommendations;

/// <summary>What may be submitted, and what is kept when it is (docs/domain.md#r4, #r7, #r11, #decision-d).</summary>
public class SubmissionSafetyTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-30);
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R4")]
    public void Submit_WhenTheRsdIsOnlyAnEstimate_IsRefusedForRevalidateAndDefer_ButNotNonEngagement()
    {
        var doctor = new DoctorBuilder().WithRsd(TestData.Rsd, confirmed: false).Ready().Build();
        var revalidate = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);

        var refused = ResultAssert.Breaks(doctor.Recommendations.Submit(revalidate.Id, UnderNotice, TestData.RoUserId, options), "R4", "rsd");

        Assert.Contains("estimate", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RecommendationStatus.Draft, revalidate.Status);
        ResultAssert.Succeeds(doctor.Recommendations.EditDraft(revalidate.Id, Recommend.NonEngagement(), options));
        ResultAssert.Succeeds(doctor.Recommendations.Submit(revalidate.Id, UnderNotice, TestData.RoUserId, options));
    }

    [Fact]
    [Trait("Rule", "R19")]
    [Trait("Rule", "decision-d")]
    public void Submit_WhenRevalidatingDespiteGaps_NeedsAReasonForEveryGap_AndKeepsThemInTheSnapshot()
    {
        var doctor = new DoctorBuilder().WithCycleEvidence(patientFeedback: false).AppraisedEveryYear().Build();
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);

        var refused = ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R19", "gapAcknowledgements");
        Assert.Contains("One gap has no reason given", refused.Message, StringComparison.Ordinal);
        Assert.Contains("patient feedback", refused.Message, StringComparison.Ordinal);

        ResultAssert.Succeeds(doctor.Recommendations.EditDraft(draft.Id, Recommend.Revalidate() with
        {
            GapAcknowledgements = [new GapAcknowledgement("patient-feedback-missing", null, "Pathologist: no direct patient contact; alternative agreed with the appraiser.")],
        }, options));
        ResultAssert.Succeeds(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options, TestData.ResponsibleOfficer));

        var snapshot = Assert.IsType<RecommendationSnapshot>(draft.Snapshot);
        var gap = Assert.Single(snapshot.Gaps);
        Assert.Equal(("patient-feedback-missing", "Pathologist: no direct patient contact; alternative agreed with the appraiser."), (gap.Code, gap.AcknowledgedReason));
        Assert.True(snapshot.RevalidatedWithAcknowledgedGaps);
        Assert.Equal(TestData.ResponsibleOfficer, snapshot.ActingResponsibleOfficer);
        Assert.Equal(Recommend.AllStatements, snapshot.Statements);
        Assert.Equal(TestData.Rsd, snapshot.Rsd);
        Assert.NotEmpty(snapshot.Years);
        Assert.NotEmpty(snapshot.EvidenceReliedOn);
    }

    [Fact]
    [Trait("Rule", "decision-d")]
    public void Submit_WhenRevalidatingWithoutTheGmcsStatements_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var draft = doctor.Draft(new RecommendationDetails(RecommendationType.Revalidate), UnderNotice, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R19", "statements");
        Assert.Equal(RecommendationStatus.Draft, draft.Status);
    }

    [Fact]
    [Trait("Rule", "decision-d")]
    public void Submit_WhenTheDoctorHasSevenGapsAndNoReasons_ListsEverySevenAndSubmitsNothing()
    {
        var doctor = new DoctorBuilder().Build();
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);

        var refused = ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R19", "gapAcknowledgements");

        Assert.Matches(@"^\d+ gaps have no reason given", refused.Message);
        Assert.Equal(RecommendationStatus.Draft, draft.Status);
        Assert.Null(draft.Snapshot);
    }

    [Fact]
    [Trait("Rule", "decision-d")]
    [Trait("Rule", "R13")]
    public void Submit_WhenTheGmcNoLongerListsTheDoctorAsConnected_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        ResultAssert.Succeeds(doctor.Gmc.MarkNotConnected(UnderNotice));
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R13", "status");
    }

    [Fact]
    [Trait("Rule", "R7")]
    public void GmcRefusal_SendsTheRecommendationBackToDraft_KeepsTheRefusal_AndAResubmissionIsANewRequest()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var recommendation = doctor.DraftAndSubmit(Recommend.Revalidate(), UnderNotice, options);
        ResultAssert.Succeeds(doctor.Recommendations.QueueForGmc(recommendation.Id, TestData.At(UnderNotice)));
        var first = recommendation.GmcSubmission!.ClientRequestId;
        ResultAssert.Succeeds(doctor.Recommendations.ClaimGmcSubmission(recommendation.Id, TestData.At(UnderNotice), TimeSpan.FromMinutes(5)));

        ResultAssert.Succeeds(doctor.Recommendations.GmcSubmissionRejected(recommendation.Id, new GmcRecommendationAnswer("84", "g-1", first, null), UnderNotice));

        Assert.Equal(RecommendationStatus.Draft, recommendation.Status);
        Assert.Same(recommendation, doctor.Recommendations.Open);
        var refusal = Assert.Single(recommendation.Refusals);
        Assert.Equal(("84", UnderNotice), (refusal.ReturnCode, refusal.RefusedOn));
        Assert.Equal(GmcSubmissionState.RejectedByGmc, recommendation.GmcSubmission!.State);

        ResultAssert.Succeeds(doctor.Recommendations.Submit(recommendation.Id, UnderNotice, TestData.RoUserId, options));
        ResultAssert.Succeeds(doctor.Recommendations.QueueForGmc(recommendation.Id, TestData.At(UnderNotice)));
        Assert.NotEqual(first, recommendation.GmcSubmission!.ClientRequestId);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public void Submit_AfterARejectionPastTheRsd_SaysToContactTheGmcOrTheEla()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        doctor.RecordOutcome(doctor.DraftAndSubmit(Recommend.Revalidate(), UnderNotice, options), GmcOutcome.Rejected, TestData.Rsd.AddDays(3), options);
        var after = TestData.Rsd.AddDays(5);
        var again = doctor.Draft(Recommend.Revalidate(), after, options);

        var refused = ResultAssert.Breaks(doctor.Recommendations.Submit(again.Id, after, TestData.RoUserId, options), "R11", "submittedOn");

        Assert.Contains("Employer Liaison Adviser", refused.Message, StringComparison.Ordinal);
    }
}
