using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Services;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>Issue 15, item 10b: new evidence defaults to the appraisal year containing today (UK date), as the API names it.</summary>
public sealed class EvidenceYearTests : BunitContext
{
    public EvidenceYearTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private IRenderedComponent<Revalidation.Web.Pages.Evidence> RenderFor(DoctorResponse doctor)
    {
        var api = new FakeApi(r => r.RequestUri!.AbsolutePath.EndsWith("/evidence", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, Array.Empty<EvidenceResponse>())
            : (HttpStatusCode.OK, doctor));
        Services.AddSingleton(api.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(new MeResponse("doc-1", "Fiona Singh", [AppRoles.Doctor], "1-DEMO01", "Demo Trust", doctor.Id));
        Services.AddSingleton(session);
        return Render<Revalidation.Web.Pages.Evidence>();
    }

    [Fact]
    public void NewEvidence_InDecember2026_DefaultsTo2026To27_NotAnEarlierUnsignedYearOrTheNextYear()
    {
        // December 2026: 2024/25 signed off, 2025/26 missed (never signed off), 2026/27 due.
        var doctor = Doctor([
            Year(2024, AppraisalYearStatus.Completed) with { SignedOffOn = new DateOnly(2024, 5, 20) },
            Year(2025, AppraisalYearStatus.UnapprovedMissed),
            Year(2026, AppraisalYearStatus.Due),
        ], rules: Rules() with { CurrentAppraisalYear = new(2026, "2026/27"), NewEvidenceYear = new(2026, "2026/27") });

        var cut = RenderFor(doctor);

        cut.WaitForAssertion(() => Assert.Equal("2026", ((IHtmlSelectElement)cut.Find("#appraisalYear")).Value));
        var options = cut.FindAll("#appraisalYear option").Select(o => o.TextContent).ToList();
        Assert.DoesNotContain(options, o => o.StartsWith("2027/28", StringComparison.Ordinal)); // a year that has not started
        Assert.Empty(cut.FindAll("#appraisalYear-hint"));
    }

    [Fact]
    public void NewEvidence_WhenTodaysAppraisalIsSignedOff_DefaultsToTheNextYear_AndSaysWhy()
    {
        var doctor = Doctor([Year(2026, AppraisalYearStatus.Completed) with { SignedOffOn = new DateOnly(2026, 5, 20) }],
            rules: Rules() with { CurrentAppraisalYear = new(2026, "2026/27"), NewEvidenceYear = new(2027, "2027/28") });

        var cut = RenderFor(doctor);

        cut.WaitForAssertion(() => Assert.Equal("2027", ((IHtmlSelectElement)cut.Find("#appraisalYear")).Value));
        Assert.Contains("Your 2026/27 appraisal is signed off", cut.Find("#appraisalYear-hint").TextContent, StringComparison.Ordinal);
    }
}
