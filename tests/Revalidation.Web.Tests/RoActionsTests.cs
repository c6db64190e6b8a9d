using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>The RO's flags and GMC-confirmed date on a record, and the admin's RO assignment form: checks before the call, and what is sent.</summary>
public sealed class RoActionsTests : BunitContext
{
    private readonly FakeApi api;
    private (HttpStatusCode Status, object? Body) answer;

    public RoActionsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        answer = (HttpStatusCode.OK, Doctor([]));
        api = new FakeApi(_ => answer);
        Services.AddSingleton(api.Client());
    }

    [Theory]
    [InlineData("ro-1", "Dr Rowan Officer", null, null, new string[0])]
    [InlineData("ro-1", "Dr Rowan Officer", "rowan@nhs.net", "7654321", new string[0])]
    [InlineData(" ", "", null, null, new[] { "roUserId", "roName" })]
    [InlineData("ro-1", "Dr Rowan Officer", "rowan", null, new[] { "roEmail" })]
    [InlineData("ro-1", "Dr Rowan Officer", "@nhs.net", null, new[] { "roEmail" })]
    [InlineData("ro-1", "Dr Rowan Officer", null, "765432", new[] { "roGmcNumber" })]
    [InlineData("ro-1", "Dr Rowan Officer", null, "76543210", new[] { "roGmcNumber" })]
    [InlineData("ro-1", "Dr Rowan Officer", null, "765432x", new[] { "roGmcNumber" })]
    public void StaffForm_Validate_NamesEachBadField(string userId, string name, string? email, string? gmc, string[] fields)
    {
        var form = new StaffForm { UserId = userId, Name = name, Email = email, GmcNumber = gmc };

        Assert.Equal(fields, form.Validate().Select(e => e.FieldId));
    }

    [Fact]
    public void StaffForm_ApiErrors_LinkToTheFormsInputs()
    {
        Assert.Equal("roGmcNumber", StaffForm.ForField(new ErrorItem("x", "responsibleOfficer.gmcNumber")).FieldId);
        Assert.Equal("roUserId", StaffForm.ForField(new ErrorItem("x", "responsibleOfficer")).FieldId);
        Assert.Null(StaffForm.ForField(new ErrorItem("x", "somethingElse")).FieldId);
        Assert.Equal(new StaffRequest("ro-1", "Dr R", null, "7654321"), new StaffForm { UserId = " ro-1 ", Name = "Dr R ", Email = " ", GmcNumber = "7654321" }.ToRequest());
    }

    [Fact]
    public void Rsd_IsRequired()
    {
        Assert.Equal("rsdDate", Assert.Single(RecordFacts.ValidateRsd(null)).FieldId);
        Assert.Empty(RecordFacts.ValidateRsd(Rsd));
    }

    [Fact]
    public void Flags_SendsBothFlagsAndReportsSuccess()
    {
        var changed = 0;
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.OnChanged, () => changed++));

        cut.Find("#flag-investigation").Change(true);
        cut.Find("[data-testid=flags-form]").Submit();

        var put = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Put, "/api/doctors/11111111-1111-1111-1111-111111111111/flags"), (put.Method, put.PathAndQuery));
        var body = JsonDocument.Parse(put.Body!).RootElement;
        Assert.True(body.GetProperty("underGmcInvestigation").GetBoolean());
        Assert.False(body.GetProperty("openLocalProcess").GetBoolean());
        cut.WaitForAssertion(() => Assert.Contains("Flags saved.", cut.Find("[data-testid=record-facts-notice]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, changed);
    }

    [Fact]
    public void Rsd_RefusedByTheApi_ShowsTheErrorLinkedToTheDateField()
    {
        answer = (HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","status":400,"errors":{"rsd":["The submission date is out of range."]}}""");
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));

        cut.Find("#rsdDate").Change("2001-01-01");
        cut.Find("[data-testid=rsd-form]").Submit();

        Assert.Equal("2001-01-01", JsonDocument.Parse(Assert.Single(api.Requests).Body!).RootElement.GetProperty("rsd").GetString());
        cut.WaitForAssertion(() => Assert.Equal("#rsdDate", cut.Find("[data-testid=error-summary] a").GetAttribute("href")![^8..]));
    }

    [Fact]
    [Trait("Rule", "R14")]
    public void DueMonth_March_WarnsBeforeItIsSaved_AndSendsTheMonth()
    {
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));
        Assert.Equal("5", cut.Find("#appraisalDueMonth").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=march-warning]"));

        cut.Find("#appraisalDueMonth").Change("3");
        Assert.Contains("A March due month leaves no time before the year end", cut.Find("[data-testid=march-warning]").TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=due-month-form]").Submit();

        var put = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Put, "/api/doctors/11111111-1111-1111-1111-111111111111/appraisal-due-month"), (put.Method, put.PathAndQuery));
        Assert.Equal(3, JsonDocument.Parse(put.Body!).RootElement.GetProperty("month").GetInt32());
        cut.WaitForAssertion(() => Assert.Contains("Appraisal due month set to March.", cut.Find("[data-testid=record-facts-notice]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void PatientFeedbackNotApplicable_NeedsAReason_AndSendsIt()
    {
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));
        cut.Find("#patientFeedbackNotApplicable").Change(true);

        cut.Find("[data-testid=patient-feedback-form]").Submit();
        Assert.Equal("#notApplicableReason", cut.Find("[data-testid=error-summary] a").GetAttribute("href")![^20..]);
        Assert.Empty(api.Requests);

        cut.Find("#notApplicableReason").Change("Works in pathology without patient contact.");
        cut.Find("[data-testid=patient-feedback-form]").Submit();

        var put = Assert.Single(api.Requests);
        Assert.EndsWith("/patient-feedback", put.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("Works in pathology without patient contact.", JsonDocument.Parse(put.Body!).RootElement.GetProperty("notApplicableReason").GetString());
        Assert.Empty(RecordFacts.ValidatePatientFeedback(false, null));
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void DoctorPage_OnHold_ShowsAnOrangeTag()
    {
        var doctor = Doctor([], rules: Rules(onHold: true));
        var paths = new FakeApi(request => request.RequestUri!.AbsolutePath switch
        {
            var p when p.EndsWith("/recommendations", StringComparison.Ordinal) => (HttpStatusCode.OK, Array.Empty<RecommendationResponse>()),
            var p when p.EndsWith("/evidence", StringComparison.Ordinal) => (HttpStatusCode.OK, Array.Empty<EvidenceResponse>()),
            var p when p.EndsWith("/audit", StringComparison.Ordinal) => (HttpStatusCode.OK, Array.Empty<AuditEventResponse>()),
            var p when p.EndsWith("/notes", StringComparison.Ordinal) => (HttpStatusCode.OK, Array.Empty<NoteResponse>()),
            var p when p.EndsWith("/appraisal-requests", StringComparison.Ordinal) => (HttpStatusCode.OK, Array.Empty<AppraisalYearRequestResponse>()),
            _ => (HttpStatusCode.OK, doctor),
        });
        Services.AddSingleton(paths.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(Me(AppRoles.ResponsibleOfficer));
        Services.AddSingleton(session);

        var cut = Render<Revalidation.Web.Pages.DoctorView>(p => p.Add(c => c.DoctorId, doctor.Id));

        var tag = cut.WaitForElement("[data-testid=on-hold-tag] .nhsuk-tag");
        Assert.Equal("On hold", tag.TextContent);
        Assert.Contains("nhsuk-tag--orange", tag.ClassName, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=on-hold]"));
    }
}
