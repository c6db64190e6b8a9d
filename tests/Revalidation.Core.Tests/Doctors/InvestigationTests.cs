using Revalidation.Core.Common;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Doctors;

public class InvestigationTests
{
    private static readonly DateOnly UnderNotice = TestData.Rsd.AddDays(-30);
    private readonly RevalidationOptions options = TestData.Options();

    public static TheoryData<RecommendationType> AllTypes => new() { RecommendationType.Revalidate, RecommendationType.Defer, RecommendationType.NonEngagement };

    [Theory]
    [Trait("Rule", "R10")]
    [MemberData(nameof(AllTypes))]
    public void Submit_WhenUnderGmcInvestigation_IsRefusedForEveryType(RecommendationType type)
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().Build();
        var draft = doctor.Draft(DetailsFor(type), UnderNotice, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options), "R10", "underGmcInvestigation");
        Assert.Equal(RecommendationStatus.Draft, draft.Status);
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void Submit_WhenInvestigationCleared_Succeeds()
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().Build();
        var draft = doctor.Draft(Recommend.Revalidate(), UnderNotice, options);

        ResultAssert.Succeeds(doctor.Concerns.SetGmcInvestigation(false));

        ResultAssert.Succeeds(doctor.Recommendations.Submit(draft.Id, UnderNotice, TestData.RoUserId, options));
        Assert.Equal(RecommendationStatus.Submitted, draft.Status);
    }

    [Theory]
    [Trait("Rule", "R10")]
    [InlineData(true)]
    [InlineData(false)]
    public void SetGmcInvestigation_WhenAlreadyInThatState_IsRefused(bool state)
    {
        var doctor = state ? new DoctorBuilder().UnderGmcInvestigation().Build() : new DoctorBuilder().Build();

        ResultAssert.Breaks(doctor.Concerns.SetGmcInvestigation(state), "R10");
        Assert.Equal(state, doctor.Concerns.UnderGmcInvestigation);
    }

    private static RecommendationDetails DetailsFor(RecommendationType type) => type switch
    {
        RecommendationType.Revalidate => Recommend.Revalidate(),
        RecommendationType.Defer => Recommend.Defer(TestData.Rsd.AddDays(120)),
        _ => Recommend.NonEngagement(),
    };
}
