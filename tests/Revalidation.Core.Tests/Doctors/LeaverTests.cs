using Revalidation.Core.Common;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Doctors;

public class LeaverTests
{
    private static readonly DateOnly LeftOn = TestData.Rsd.AddDays(-200);
    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R13")]
    public void MarkLeaver_WhenActive_KeepsTheWholeRecordAndMarksLeaver()
    {
        var doctor = new DoctorBuilder().Ready().Build();
        var appraisals = doctor.Appraisals.Items.Count;
        var evidence = doctor.Evidence.Items.Count;

        ResultAssert.Succeeds(doctor.MarkLeaver(LeftOn));

        Assert.Equal(DoctorStatus.Leaver, doctor.Status);
        Assert.Equal(LeftOn, doctor.LeftOn);
        Assert.Equal(appraisals, doctor.Appraisals.Items.Count);
        Assert.Equal(evidence, doctor.Evidence.Items.Count);
        Assert.NotNull(doctor.CurrentCycle);
        Assert.Equal(DoctorStatus.Leaver, DoctorSummary.From(doctor).Status);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public void MarkLeaver_WhenAlreadyLeaver_IsRefusedAndKeepsFirstDate()
    {
        var doctor = new DoctorBuilder().LeftOn(LeftOn).Build();

        ResultAssert.Breaks(doctor.MarkLeaver(LeftOn.AddDays(5)), "R13", "status");
        Assert.Equal(LeftOn, doctor.LeftOn);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public void Reactivate_WhenLeaverReturns_IsActiveAgain()
    {
        var doctor = new DoctorBuilder().LeftOn(LeftOn).Build();

        ResultAssert.Succeeds(doctor.Reactivate());

        Assert.Equal(DoctorStatus.Active, doctor.Status);
        Assert.Null(doctor.LeftOn);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public void Reactivate_WhenActive_IsRefused() =>
        ResultAssert.Breaks(new DoctorBuilder().Build().Reactivate(), "R13", "status");

    [Fact]
    [Trait("Rule", "R13")]
    public void Submit_WhenDoctorIsLeaver_IsRefused()
    {
        var doctor = new DoctorBuilder().Ready().LeftOn(LeftOn).Build();
        var today = TestData.Rsd.AddDays(-30);
        var draft = doctor.Draft(Recommend.Revalidate(), today, options);

        ResultAssert.Breaks(doctor.Recommendations.Submit(draft.Id, today, TestData.RoUserId, options), "R13", "status");
        Assert.Equal(RecommendationStatus.Draft, draft.Status);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public void UpdateDirectoryDetails_WhenNamesChange_KeepsRevalidationData()
    {
        var doctor = new DoctorBuilder().Ready().UnderGmcInvestigation().Build();

        var changed = ResultAssert.Succeeds(doctor.UpdateDirectoryDetails("Augusta", "King", "a.king@example.org", "Surgery", null, "entra-1"));

        Assert.True(changed);
        Assert.Equal("Augusta", doctor.GivenName);
        Assert.Equal(TestData.Rsd, doctor.CurrentCycle!.Rsd);
        Assert.True(doctor.Concerns.UnderGmcInvestigation);
        Assert.NotEmpty(doctor.Appraisals.Items);
        Assert.False(ResultAssert.Succeeds(doctor.UpdateDirectoryDetails("Augusta", "King", "a.king@example.org", "Surgery", null, "entra-1")));
    }
}
