using Revalidation.Core.Common;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Recommendations;

public class SubmissionWindowTests
{
    private static readonly DateOnly Rsd = TestData.Rsd;
    private readonly RevalidationOptions options = TestData.Options();

    [Theory]
    [Trait("Rule", "R4")]
    [Trait("Rule", "R3")]
    [InlineData(RecommendationType.Revalidate, -121, false)]
    [InlineData(RecommendationType.Revalidate, -120, true)]
    [InlineData(RecommendationType.Revalidate, 0, true)]
    [InlineData(RecommendationType.Revalidate, 1, false)]
    [InlineData(RecommendationType.Defer, -121, false)]
    [InlineData(RecommendationType.Defer, -120, true)]
    [InlineData(RecommendationType.Defer, 0, true)]
    [InlineData(RecommendationType.Defer, 1, false)]
    [InlineData(RecommendationType.NonEngagement, -1000, true)]
    [InlineData(RecommendationType.NonEngagement, -121, true)]
    [InlineData(RecommendationType.NonEngagement, 1, true)]
    [InlineData(RecommendationType.NonEngagement, 400, true)]
    public void CheckSubmissionWindow_WhenDaysFromRsd_AllowsOnlyInsideTheWindow(RecommendationType type, int daysFromRsd, bool allowed)
    {
        var result = RecommendationRules.CheckSubmissionWindow(type, Rsd, Rsd.AddDays(daysFromRsd), options);

        if (allowed)
        {
            ResultAssert.Succeeds(result);
        }
        else
        {
            ResultAssert.Breaks(result, "R4", "submittedOn");
        }
    }

    [Theory]
    [Trait("Rule", "R4")]
    [InlineData(-121, false)]
    [InlineData(-120, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Submit_WhenRevalidateOnDay_FollowsTheWindow(int daysFromRsd, bool allowed)
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var today = Rsd.AddDays(daysFromRsd);
        var draft = doctor.Draft(Recommend.Revalidate(), today, options);

        var result = doctor.Recommendations.Submit(draft.Id, today, TestData.RoUserId, options);

        if (allowed)
        {
            ResultAssert.Succeeds(result);
            Assert.Equal(RecommendationStatus.Submitted, draft.Status);
            Assert.Equal(today, draft.SubmittedOn);
        }
        else
        {
            ResultAssert.Breaks(result, "R4", "submittedOn");
            Assert.Equal(RecommendationStatus.Draft, draft.Status);
        }
    }

    [Theory]
    [Trait("Rule", "R4")]
    [InlineData(-121, false)]
    [InlineData(-120, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Submit_WhenDeferOnDay_FollowsTheWindow(int daysFromRsd, bool allowed)
    {
        var doctor = new DoctorBuilder().Build();
        var today = Rsd.AddDays(daysFromRsd);
        var draft = doctor.Draft(Recommend.Defer(Rsd.AddDays(120)), today, options);

        var result = doctor.Recommendations.Submit(draft.Id, today, TestData.RoUserId, options);

        Assert.Equal(allowed, result.IsSuccess);
        Assert.Equal(allowed ? RecommendationStatus.Submitted : RecommendationStatus.Draft, draft.Status);
        if (!allowed)
        {
            ResultAssert.Breaks(result, "R4", "submittedOn");
        }
    }

    [Theory]
    [Trait("Rule", "R4")]
    [InlineData(-121)]
    [InlineData(1)]
    [InlineData(400)]
    public void Submit_WhenNonEngagementOutsideTheWindow_Succeeds(int daysFromRsd)
    {
        var doctor = new DoctorBuilder().Build();
        var today = Rsd.AddDays(daysFromRsd);

        var submitted = doctor.DraftAndSubmit(Recommend.NonEngagement(), today, options);

        Assert.Equal(RecommendationStatus.Submitted, submitted.Status);
    }

    [Fact]
    [Trait("Rule", "R4")]
    [Trait("Rule", "R3")]
    public void Submit_WhenNoticeWindowConfigured_OpensOnItsFirstDay()
    {
        options.NoticeWindowDays = 90;
        var doctor = new DoctorBuilder().Ready().WithOptions(options).Build();
        var draft = doctor.Draft(Recommend.Revalidate(), Rsd.AddDays(-91), options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, Rsd.AddDays(-91), TestData.RoUserId, options), "R4");
        ResultAssert.Succeeds(doctor.Recommendations.Submit(draft.Id, Rsd.AddDays(-90), TestData.RoUserId, options));
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void Submit_WhenRsdIs29February_WindowOpens1November()
    {
        var leapRsd = new DateOnly(2028, 2, 29);
        var doctor = new DoctorBuilder().WithRsd(leapRsd).Ready().Build();
        var draft = doctor.Draft(Recommend.Revalidate(), new DateOnly(2027, 10, 31), options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, new DateOnly(2027, 10, 31), TestData.RoUserId, options), "R4");
        ResultAssert.Succeeds(doctor.Recommendations.Submit(draft.Id, new DateOnly(2027, 11, 1), TestData.RoUserId, options));
    }
}
