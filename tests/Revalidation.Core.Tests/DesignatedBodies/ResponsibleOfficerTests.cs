using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.DesignatedBodies;

public class ResponsibleOfficerTests
{
    private static DesignatedBody NewBody(StaffMember? ro = null) =>
        ResultAssert.Succeeds(DesignatedBody.Create(TestData.Body, "Example NHS Foundation Trust", ro ?? TestData.ResponsibleOfficer));

    [Fact]
    [Trait("Rule", "R20")]
    public void Create_WhenResponsibleOfficerGiven_HasExactlyThatOne()
    {
        var body = NewBody();

        Assert.Equal(TestData.ResponsibleOfficer, body.ResponsibleOfficer);
    }

    [Theory]
    [Trait("Rule", "R20")]
    [InlineData("", "Dr Rosa Officer")]
    [InlineData("ro-1", " ")]
    public void Create_WhenResponsibleOfficerIncomplete_IsRefused(string userId, string name) =>
        ResultAssert.Breaks(DesignatedBody.Create(TestData.Body, "Trust", new StaffMember(userId, name)), "R20", "responsibleOfficer");

    [Fact]
    [Trait("Rule", "R20")]
    public void AssignResponsibleOfficer_WhenAnotherAssigned_ReplacesThePrevious()
    {
        var body = NewBody();
        var successor = new StaffMember("ro-9", "Dr New Officer", GmcNumber: "2222222");

        ResultAssert.Succeeds(body.AssignResponsibleOfficer(successor));

        Assert.Equal(successor, body.ResponsibleOfficer);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void AssignResponsibleOfficer_WhenIncomplete_IsRefusedAndKeepsTheCurrentOne()
    {
        var body = NewBody();

        ResultAssert.Breaks(body.AssignResponsibleOfficer(new StaffMember(" ", "Nobody")), "R20");

        Assert.Equal(TestData.ResponsibleOfficer, body.ResponsibleOfficer);
    }

    [Fact]
    [Trait("Rule", "R20")]
    [Trait("Rule", "R12")]
    public void AssignResponsibleOfficer_WhenGmcNumberInvalid_IsRefusedAndKeepsTheCurrentOne()
    {
        var body = NewBody();

        ResultAssert.Breaks(body.AssignResponsibleOfficer(new StaffMember("ro-9", "Dr New", GmcNumber: "123456")), "R12");

        Assert.Equal(TestData.ResponsibleOfficer, body.ResponsibleOfficer);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenNoConflict_IsTheBodysOfficer()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().Build();

        Assert.Equal(TestData.ResponsibleOfficer, ResultAssert.Succeeds(body.ResponsibleOfficerFor(doctor)));
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenOfficerHasNoGmcNumber_IsTheBodysOfficer()
    {
        var body = NewBody(new StaffMember("ro-lay", "Ms Lay Officer"));
        var doctor = new DoctorBuilder().Build();

        Assert.Equal("ro-lay", ResultAssert.Succeeds(body.ResponsibleOfficerFor(doctor)).UserId);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenOfficerIsTheDoctor_RequiresAnAdditionalOfficer()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().WithGmcNumber(TestData.RoGmcNumber).Build();

        ResultAssert.Breaks(body.ResponsibleOfficerFor(doctor), "R20", "additionalResponsibleOfficer");
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenOfficersGmcNumberWasEnteredWithSpaces_StillSeesTheConflict()
    {
        // The RO's number passes validation once trimmed; the comparison must use the same trimmed number.
        var body = NewBody(TestData.ResponsibleOfficer with { GmcNumber = $" {TestData.RoGmcNumber} " });
        var doctor = new DoctorBuilder().WithGmcNumber(TestData.RoGmcNumber).Build();

        ResultAssert.Breaks(body.ResponsibleOfficerFor(doctor), "R20", "additionalResponsibleOfficer");
        Assert.Equal(TestData.RoGmcNumber, body.ResponsibleOfficer!.GmcNumber);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenOfficerIsTheDoctorAndAdditionalAssigned_IsTheAdditionalOfficer()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().WithGmcNumber(TestData.RoGmcNumber).Build();
        ResultAssert.Succeeds(doctor.Concerns.SetResponsibleOfficerConflict(true, TestData.AdditionalResponsibleOfficer));

        Assert.Equal(TestData.AdditionalResponsibleOfficer, ResultAssert.Succeeds(body.ResponsibleOfficerFor(doctor)));
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenConflictDeclared_IsTheAdditionalOfficer()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().Build();

        ResultAssert.Succeeds(doctor.Concerns.SetResponsibleOfficerConflict(true, TestData.AdditionalResponsibleOfficer));

        Assert.True(doctor.Concerns.ResponsibleOfficerConflict);
        Assert.Equal(TestData.AdditionalResponsibleOfficer, ResultAssert.Succeeds(body.ResponsibleOfficerFor(doctor)));
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void ResponsibleOfficerFor_WhenAdditionalOfficerIsTheConflictedOfficer_IsRefused()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().Build();
        ResultAssert.Succeeds(doctor.Concerns.SetResponsibleOfficerConflict(true, TestData.ResponsibleOfficer));

        ResultAssert.Breaks(body.ResponsibleOfficerFor(doctor), "R20", "additionalResponsibleOfficer");
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void SetResponsibleOfficerConflict_WhenNoAdditionalOfficer_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();

        ResultAssert.Breaks(doctor.Concerns.SetResponsibleOfficerConflict(true, null), "R20", "additionalResponsibleOfficer");
        Assert.False(doctor.Concerns.ResponsibleOfficerConflict);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void SetResponsibleOfficerConflict_WhenCleared_ReturnsToTheBodysOfficer()
    {
        var body = NewBody();
        var doctor = new DoctorBuilder().Build();
        ResultAssert.Succeeds(doctor.Concerns.SetResponsibleOfficerConflict(true, TestData.AdditionalResponsibleOfficer));

        ResultAssert.Succeeds(doctor.Concerns.SetResponsibleOfficerConflict(false, null));

        Assert.Null(doctor.Concerns.AdditionalResponsibleOfficer);
        Assert.Equal(TestData.ResponsibleOfficer, ResultAssert.Succeeds(body.ResponsibleOfficerFor(doctor)));
    }
}
