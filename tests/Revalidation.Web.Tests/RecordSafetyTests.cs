using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>
/// The RO's cycle start (R1) and postponement (R21) on a record, the admin's conflict of interest form (R20), and the API's
/// refusal of a change to one's own record (R20) in plain words: the checks before the call, what is sent, and errors shown.
/// </summary>
public sealed class RecordSafetyTests : BunitContext
{
    private const string OwnRecord = """{"title":"You may not make this change.","status":403,"detail":"This is your own record. Nobody may act on their own record in a role other than doctor: ask a colleague, or the additional responsible officer.","rules":[{"rule":"R20","field":"doctorId","message":"x"}]}""";

    private readonly FakeApi api;
    private (HttpStatusCode Status, object? Body) answer;

    public RecordSafetyTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        answer = (HttpStatusCode.OK, Doctor([]));
        api = new FakeApi(_ => answer);
        Services.AddSingleton(api.Client());
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void CycleStart_SendsTheDate_AndReportsItInWords()
    {
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));
        Assert.Equal(("25", "3", "2022"), (cut.Find("#cycleStart").GetAttribute("value"), cut.Find("#cycleStart-month").GetAttribute("value"), cut.Find("#cycleStart-year").GetAttribute("value")));
        Assert.Contains("A first cycle after a new or restored licence, or after CCT, is shorter", cut.Find("#cycleStart-hint").TextContent, StringComparison.Ordinal);

        cut.Find("#cycleStart").Change("2023-03-03");
        cut.Find("[data-testid=cycle-start-form]").Submit();

        var put = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Put, "/api/doctors/11111111-1111-1111-1111-111111111111/cycle-start"), (put.Method, put.PathAndQuery));
        Assert.Equal("2023-03-03", JsonDocument.Parse(put.Body!).RootElement.GetProperty("startDate").GetString());
        cut.WaitForAssertion(() => Assert.Contains("Cycle start set to 3 March 2023.", cut.Find("[data-testid=record-facts-notice]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R1")]
    public void CycleStart_RefusedByTheApi_NamesTheDateField()
    {
        answer = (HttpStatusCode.UnprocessableEntity, """{"title":"The request breaks a revalidation rule.","status":422,"errors":{"cycleStart":["The cycle start must be on or before today and before the submission date (25 March 2027)."]}}""");
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));

        cut.Find("#cycleStart").Change("2030-01-01");
        cut.Find("[data-testid=cycle-start-form]").Submit();

        Assert.Single(api.Requests);
        var link = cut.WaitForElement("[data-testid=error-summary] a");
        Assert.EndsWith("#cycleStart", link.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("before the submission date (25 March 2027)", link.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#cycleStart").Closest(".nhsuk-form-group--error"));
        Assert.Equal("cycleStart", Assert.Single(RecordFacts.ValidateCycleStart(null)).FieldId);
    }

    [Fact]
    [Trait("Rule", "R21")]
    public void Postponement_OffersOnlyRunningYears_AndPostsTheDateAndReason()
    {
        var doctor = Doctor([Year(2026, AppraisalYearStatus.Due), Year(2025, AppraisalYearStatus.Completed), Year(2024, AppraisalYearStatus.UnapprovedMissed)]);
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, doctor));

        var options = cut.FindAll("#postponeYear option").Select(o => o.TextContent).ToList();
        Assert.Equal(["Select a year", "2026/27"], options);
        Assert.Equal("2026", cut.Find("#postponeYear").GetAttribute("value"));

        cut.Find("#postponeUntil").Change("2027-03-03");
        cut.Find("#postponeReason").Change("  Sick leave from June to September.  ");
        cut.Find("[data-testid=postpone-form]").Submit();

        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, "/api/doctors/11111111-1111-1111-1111-111111111111/appraisals/2026/postpone"), (post.Method, post.PathAndQuery));
        var body = JsonDocument.Parse(post.Body!).RootElement;
        Assert.Equal("2027-03-03", body.GetProperty("until").GetString());
        Assert.Equal("Sick leave from June to September.", body.GetProperty("reason").GetString());
        cut.WaitForAssertion(() => Assert.Contains("The 2026/27 appraisal is postponed until 3 March 2027.", cut.Find("[data-testid=record-facts-notice]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R21")]
    public void Postponement_NeedsEachField_AndTheApisRefusalNamesTheField()
    {
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([Year(2026, AppraisalYearStatus.Overdue), Year(2025, AppraisalYearStatus.Due)])));
        Assert.Equal("", cut.Find("#postponeYear").GetAttribute("value") ?? "");

        cut.Find("[data-testid=postpone-form]").Submit();
        Assert.Empty(api.Requests);
        Assert.Equal(["#postponeYear", "#postponeUntil", "#postponeReason"], cut.FindAll("[data-testid=error-summary] a").Select(a => "#" + a.GetAttribute("href")!.Split('#')[1]));

        answer = (HttpStatusCode.UnprocessableEntity, """{"title":"The request breaks a revalidation rule.","status":422,"errors":{"until":["The postponed date must fall after the due month and no later than 31 March 2027."]}}""");
        cut.Find("#postponeYear").Change("2025");
        cut.Find("#postponeUntil").Change("2030-01-01");
        cut.Find("#postponeReason").Change("Parental leave.");
        cut.Find("[data-testid=postpone-form]").Submit();

        Assert.EndsWith("/appraisals/2025/postpone", Assert.Single(api.Requests).PathAndQuery, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.EndsWith("#postponeUntil", cut.Find("[data-testid=error-summary] a").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Contains("no later than 31 March 2027", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R21")]
    public void Postponement_IsNotOffered_WhenNoYearIsRunning() =>
        Assert.Empty(Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([Year(2025, AppraisalYearStatus.Completed)]))).FindAll("[data-testid=postpone-form]"));

    [Fact]
    [Trait("Rule", "R20")]
    public void OwnRecord_RefusedByTheApi_SaysSoInPlainWords()
    {
        answer = (HttpStatusCode.Forbidden, OwnRecord);
        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, Doctor([])));

        cut.Find("#cycleStart").Change("2023-03-03");
        cut.Find("[data-testid=cycle-start-form]").Submit();

        var summary = cut.WaitForElement("[data-testid=error-summary]");
        Assert.Contains("This is your own record.", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("ask a colleague, or the additional responsible officer", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("You do not have permission", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("R20", summary.TextContent, StringComparison.Ordinal);
        Assert.Empty(summary.QuerySelectorAll("a"));
        Assert.Empty(cut.FindAll("[data-testid=record-facts-notice]"));
    }

    [Theory]
    [InlineData(false, null, null, null, null, new string[0])]
    [InlineData(true, "ro-2", "Dr Alex Other", "alex@nhs.net", "7654321", new string[0])]
    [InlineData(true, " ", "", null, null, new[] { "aroName", "aroUserId", "aroGmcNumber" })]
    [InlineData(true, "ro-2", "Dr Alex Other", "alex", "765432", new[] { "aroEmail", "aroGmcNumber" })]
    [Trait("Rule", "R20")]
    public void ConflictForm_Validate_NamesEachBadField(bool conflict, string? userId, string? name, string? email, string? gmc, string[] fields)
    {
        var form = new ConflictForm { DoctorId = Guid.NewGuid().ToString(), Conflict = conflict, UserId = userId, Name = name, Email = email, GmcNumber = gmc };

        Assert.Equal(fields, form.Validate().Select(e => e.FieldId));
        Assert.Equal("conflictDoctorId", Assert.Single(new ConflictForm().Validate()).FieldId);
        Assert.Equal("aroGmcNumber", ConflictForm.ForField(new ErrorItem("x", "additionalResponsibleOfficer.gmcNumber")).FieldId);
        Assert.Equal("aroUserId", ConflictForm.ForField(new ErrorItem("x", "additionalResponsibleOfficer")).FieldId);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public void AdminConflictForm_DeclaresTheConflictWithTheAdditionalRo_AndShowsTheApisRefusal()
    {
        var doctor = Doctor([]);
        (HttpStatusCode, object?) conflictAnswer = (HttpStatusCode.OK, doctor);
        var paths = new FakeApi(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/admin/designated-body" => (HttpStatusCode.OK, new DesignatedBodyResponse("1-DEMO01", "Demo Trust", new StaffResponse("ro-1", "Dr Rowan Officer", null, "7000001"), null, null, [], "etag-b")),
            "/api/admin/doctors" => (HttpStatusCode.OK, new[] { new AdminDoctorResponse(doctor.Id, doctor.GivenName, doctor.FamilyName, doctor.GmcNumber, doctor.Department, DoctorStatus.Active, null) }),
            var p when p.EndsWith("/conflict", StringComparison.Ordinal) => conflictAnswer,
            var p when p.EndsWith("/allocation", StringComparison.Ordinal) => (HttpStatusCode.OK, new DoctorAllocationResponse(null, null, null, [], [])),
            "/api/admin/audit" => (HttpStatusCode.OK, new AuditPage([], 1, 50, 0)),
            "/api/admin/letter-templates" => (HttpStatusCode.OK, new LetterTemplatesResponse(
                [.. Enumerable.Range(1, 4).Select(s => new LetterTemplateResponse(s, $"Letter {s}", "Please reply by {reply by date}.", true))], ["{reply by date}"])),
            _ => (HttpStatusCode.OK, "[]"),
        });
        Services.AddSingleton(paths.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(Me(AppRoles.Admin));
        Services.AddSingleton(session);

        var cut = Render<Revalidation.Web.Pages.Admin>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#conflictDoctorId option").Count));
        Assert.Empty(cut.FindAll("#aroName"));

        cut.Find("#conflictDoctorId").Change(doctor.Id.ToString());
        cut.Find("#conflict").Change(true);
        cut.Find("#aroName").Change("Dr Alex Other");
        cut.Find("#aroUserId").Change("ro-2");
        cut.Find("#aroEmail").Change("alex.other@nhs.net");
        cut.Find("#aroGmcNumber").Change("765432");
        cut.Find("[data-testid=conflict-form]").Submit();
        Assert.EndsWith("#aroGmcNumber", cut.Find("[data-testid=error-summary] a").GetAttribute("href"), StringComparison.Ordinal);
        Assert.DoesNotContain(paths.Requests, r => r.Method == HttpMethod.Put);

        cut.Find("#aroGmcNumber").Change("7654321");
        cut.Find("[data-testid=conflict-form]").Submit();

        var put = Assert.Single(paths.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal($"/api/doctors/{doctor.Id}/conflict", put.PathAndQuery);
        var body = JsonDocument.Parse(put.Body!).RootElement;
        Assert.True(body.GetProperty("conflict").GetBoolean());
        var additional = body.GetProperty("additionalResponsibleOfficer");
        Assert.Equal(("ro-2", "Dr Alex Other", "alex.other@nhs.net", "7654321"),
            (additional.GetProperty("userId").GetString(), additional.GetProperty("name").GetString(), additional.GetProperty("email").GetString(), additional.GetProperty("gmcNumber").GetString()));
        cut.WaitForAssertion(() => Assert.Contains("Only Dr Alex Other may now act on this doctor's recommendations.", cut.Find("[role=status]").TextContent, StringComparison.Ordinal));

        conflictAnswer = (HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","status":400,"errors":{"additionalResponsibleOfficer.userId":["The additional responsible officer must be someone other than the body's responsible officer."]}}""");
        cut.Find("#conflict").Change(true);
        cut.Find("#aroName").Change("Dr Rowan Officer");
        cut.Find("#aroUserId").Change("ro-1");
        cut.Find("#aroGmcNumber").Change("7000001");
        cut.Find("[data-testid=conflict-form]").Submit();

        cut.WaitForAssertion(() => Assert.EndsWith("#aroUserId", cut.Find("[data-testid=error-summary] a").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Contains("someone other than the body's responsible officer", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "R20")]
    [InlineData(true)]
    [InlineData(false)]
    public void Recommendation_RefusedForWhoActs_SaysWhyInPlainWords_WithoutAFieldLink(bool ownRecord)
    {
        answer = ownRecord
            ? (HttpStatusCode.Forbidden, OwnRecord)
            : (HttpStatusCode.UnprocessableEntity, """{"title":"The request breaks a revalidation rule.","status":422,"errors":{"responsibleOfficer":["The responsible officer has a conflict of interest with this doctor; only the additional responsible officer may act on recommendations."]}}""");
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));
        cut.Find("#type-Defer").Change(true);
        cut.Find("#deferralReason").Change(nameof(DeferralReason.OngoingLocalProcess));
        cut.Find("#proposedRsd").Change(Rsd.AddDays(90).ToString("yyyy-MM-dd"));
        cut.Find("form").Submit();

        cut.FindAll("button").Single(b => b.TextContent == "Submit recommendation").Click();

        var summary = cut.WaitForElement("[data-testid=error-summary]");
        Assert.Contains(ownRecord ? "This is your own record." : "only the additional responsible officer may act on recommendations", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("You do not have permission", summary.TextContent, StringComparison.Ordinal);
        Assert.Empty(summary.QuerySelectorAll("a"));
    }

    [Fact]
    [Trait("Rule", "R17")]
    public void PatientFeedback_WhenAlreadyRecordedAsNotApplicable_ShowsItTickedWithItsReason()
    {
        var doctor = Doctor([]) with { Team = new TeamFactsResponse("Pathology: no patient contact.", false, null) };

        var cut = Render<RecordFacts>(p => p.Add(c => c.Doctor, doctor));

        Assert.True(cut.Find("#patientFeedbackNotApplicable").HasAttribute("checked"));
        Assert.Equal("Pathology: no patient contact.", cut.Find("#notApplicableReason").GetAttribute("value") ?? cut.Find("#notApplicableReason").TextContent);
    }
}
