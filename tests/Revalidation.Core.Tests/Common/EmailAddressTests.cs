using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Common;

/// <summary>Issue 14 item 3: an address is one plain mailbox where it is entered (docs/domain.md#alerts).</summary>
public class EmailAddressTests
{
    public static TheoryData<string> NotOneMailbox => new()
    {
        "ro@demo-trust.example\r\nBcc: x@evil.example",
        "ro@demo-trust.example\nBcc: x@evil.example",
        "a@b.example, c@d.example",
        "a@b.example; c@d.example",
        "Dr Officer <ro@demo-trust.example>",
        "\"ro\"@demo-trust.example",
        "ro @demo-trust.example",
        "ro@demo\ttrust.example",
        "ro\u0000@demo-trust.example",
        "ro@demo\u2028trust.example",
        "ro@@demo-trust.example",
        "ro@",
        "@demo-trust.example",
        "ro@localhost",
        "ro@demo_trust.example",
        "ro@[127.0.0.1]",
        "ro(comment)@demo-trust.example",
        "not an email",
    };

    [Theory]
    [MemberData(nameof(NotOneMailbox))]
    public void TryNormalise_WhenNotOnePlainMailbox_IsFalse(string text) =>
        Assert.False(EmailAddress.TryNormalise(text, out _));

    [Theory]
    [InlineData("ro@demo-trust.example", "ro@demo-trust.example")]
    [InlineData("  first.last+alerts@nhs.net ", "first.last+alerts@nhs.net")]
    [InlineData("o'brien@example.nhs.uk", "o'brien@example.nhs.uk")]
    public void TryNormalise_WhenOneMailbox_IsTheTrimmedAddress(string text, string expected)
    {
        Assert.True(EmailAddress.TryNormalise(text, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [MemberData(nameof(NotOneMailbox))]
    public void AssignResponsibleOfficer_WhenEmailIsNotOneMailbox_IsRefusedNamingTheEmailAndKeepsTheRo(string email)
    {
        var body = ResultAssert.Succeeds(DesignatedBody.Create(TestData.Body, "Trust", TestData.ResponsibleOfficer));

        ResultAssert.Breaks(body.AssignResponsibleOfficer(new StaffMember("ro-9", "Dr New Officer", email)), RuleIds.Validation, "responsibleOfficer.email");

        Assert.Equal(TestData.ResponsibleOfficer, body.ResponsibleOfficer);
    }

    [Fact]
    public void SetContacts_WhenOneAddressIsNotOneMailbox_IsRefusedNamingItAndChangesNeither()
    {
        var body = ResultAssert.Succeeds(DesignatedBody.Create(TestData.Body, "Trust", TestData.ResponsibleOfficer));
        ResultAssert.Succeeds(body.SetContacts("md@trust.example", "admin@trust.example"));

        ResultAssert.Breaks(body.SetContacts("new-md@trust.example", "a@b.example, c@d.example"), RuleIds.Validation, "adminEmail");

        Assert.Equal("md@trust.example", body.MedicalDirectorEmail);
        Assert.Equal("admin@trust.example", body.AdminEmail);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void SetResponsibleOfficerConflict_WhenTheAdditionalOfficersEmailHoldsTwoAddresses_IsRefusedNamingItAndDeclaresNothing()
    {
        var doctor = new DoctorBuilder().Build();

        ResultAssert.Breaks(doctor.Concerns.SetResponsibleOfficerConflict(true, new StaffMember("ro-2", "Dr Alan Other", "a@b.example, c@d.example")),
            RuleIds.Validation, "additionalResponsibleOfficer.email");

        Assert.False(doctor.Concerns.ResponsibleOfficerConflict);
        Assert.Null(doctor.Concerns.AdditionalResponsibleOfficer);
    }

    [Fact]
    public void AddAppraiser_WhenEmailIsCrLfInjected_IsRefusedNamingTheEmail()
    {
        var body = ResultAssert.Succeeds(DesignatedBody.Create(TestData.Body, "Trust", TestData.ResponsibleOfficer));

        ResultAssert.Breaks(body.AddAppraiser(new StaffMember("ap-1", "Dr Appraiser", "ap@trust.example\r\nBcc: x@evil.example")), RuleIds.Validation, "appraiser.email");

        Assert.Empty(body.Appraisers);
    }
}
