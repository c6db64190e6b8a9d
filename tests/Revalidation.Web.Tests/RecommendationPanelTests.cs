using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>The RO's recommendation panel: R8 bounds on the date picker and before submit, R9 attestations, the confirmation step.</summary>
public sealed class RecommendationPanelTests : BunitContext
{
    private readonly FakeApi api;

    public RecommendationPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => request.RequestUri!.AbsolutePath.EndsWith("/submit", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, Recommendation(RecommendationStatus.Submitted))
            : (HttpStatusCode.Created, Recommendation(RecommendationStatus.Draft)));
        Services.AddSingleton(api.Client());
    }

    [Theory]
    [Trait("Rule", "R8")]
    [InlineData(60, false)]
    [InlineData(61, true)]
    [InlineData(364, true)]
    [InlineData(365, false)]
    public void Validate_ProposedRsd_MustBeWithinTheConfiguredDaysAfterTheRsd(int days, bool valid)
    {
        var form = new RecommendationForm { Type = RecommendationType.Defer, DeferralReason = DeferralReason.OngoingLocalProcess, ProposedRsd = Rsd.AddDays(days) };

        var errors = form.Validate(Rules());

        Assert.Equal(valid, errors.Count == 0);
        Assert.Equal(valid, errors.All(e => e.FieldId != "proposedRsd"));
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void Validate_InsufficientEvidence_NeedsASubReason_AndAConsecutiveDeferralNeedsAJustification()
    {
        var form = new RecommendationForm { Type = RecommendationType.Defer, DeferralReason = DeferralReason.InsufficientEvidence, ProposedRsd = Rsd.AddDays(90) };

        var errors = form.Validate(Rules(consecutive: true));

        Assert.Equal(["deferralSubReason", "consecutiveDeferralJustification", "elaConsultedOn"], errors.Select(e => e.FieldId));
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void Validate_NonEngagement_NeedsEveryAttestation()
    {
        var form = new RecommendationForm
        {
            Type = RecommendationType.NonEngagement, HadOpportunity = true, InformationInsufficient = true, DeferralCriteriaNotMet = true, LocalProcessesExhausted = true,
        };
        Assert.Equal(["attestations"], form.Validate(Rules()).Select(e => e.FieldId));

        form.ConcernsNotified = CriterionAnswer.Confirmed;
        Assert.Equal(["attestations"], form.Validate(Rules()).Select(e => e.FieldId));

        form.PublicInterest = CriterionAnswer.NotApplicable;
        Assert.Empty(form.Validate(Rules()));
        Assert.True(form.ToRequest().Attestations!.AllConfirmed);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void DatePicker_IsLimitedToTheBoundsAfterTheRsd()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));

        cut.Find("#type-Defer").Change(true);

        Assert.Equal("text", cut.Find("#proposedRsd").GetAttribute("type")); // the NHS date input: its hint gives the bounds, the form checks them
        Assert.Contains("Between 25 May 2027 and 23 March 2028", cut.Find("#proposedRsd-hint").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void DatePicker_ShowsTheBoundsTheApiServes_NotDefaults()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(30, 200))).Add(c => c.CanAct, true));

        cut.Find("#type-Defer").Change(true);

        Assert.Contains("Between 24 April 2027 and 11 October 2027 (30 to 200 days after the current date of 25 March 2027).", cut.Find("#proposedRsd-hint").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void Justification_IsAskedForOnlyWhenTheApiSaysTheDeferralWouldBeConsecutive()
    {
        var plain = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));
        plain.Find("#type-Defer").Change(true);
        Assert.Empty(plain.FindAll("#consecutiveDeferralJustification"));

        var consecutive = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(consecutive: true))).Add(c => c.CanAct, true));
        consecutive.Find("#type-Defer").Change(true);
        Assert.NotEmpty(consecutive.FindAll("#consecutiveDeferralJustification"));
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void Continue_WithADateOutOfBounds_ShowsTheErrorSummaryAndSendsNothing()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));
        cut.Find("#type-Defer").Change(true);
        cut.Find("#deferralReason").Change(nameof(DeferralReason.OngoingLocalProcess));
        cut.Find("#proposedRsd").Change(Rsd.AddDays(10).ToString("yyyy-MM-dd"));

        cut.Find("form").Submit();

        var summary = cut.Find("[data-testid=error-summary]");
        Assert.Contains("must be between 25 May 2027 and 23 March 2028", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("#proposedRsd", summary.QuerySelector("a")!.GetAttribute("href")![^12..]);
        Assert.Empty(cut.FindAll("[data-testid=confirm-summary]"));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void Continue_WithAValidDeferral_AsksForConfirmation_ThenDraftsAndSubmits()
    {
        var changed = 0;
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true).Add(c => c.OnChanged, () => changed++));
        cut.Find("#type-Defer").Change(true);
        cut.Find("#deferralReason").Change(nameof(DeferralReason.InsufficientEvidence));
        cut.Find("#deferralSubReason").Change(nameof(DeferralSubReason.ColleagueFeedback));
        cut.Find("#proposedRsd").Change(Rsd.AddDays(90).ToString("yyyy-MM-dd"));
        cut.Find("form").Submit();

        Assert.Contains("Insufficient evidence", cut.Find("[data-testid=confirm-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(api.Requests);

        cut.FindAll("button").Single(b => b.TextContent == "Submit recommendation").Click();

        cut.WaitForAssertion(() => Assert.Contains("Defer recommendation submitted to the GMC.", cut.Find("[data-testid=recommendation-success]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(HttpMethod.Post, api.Requests[0].Method);
        Assert.Equal("/api/doctors/11111111-1111-1111-1111-111111111111/recommendations", api.Requests[0].PathAndQuery);
        Assert.Contains("\"proposedRsd\":\"2027-06-23\"", api.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"deferralSubReason\":\"ColleagueFeedback\"", api.Requests[0].Body, StringComparison.Ordinal);
        Assert.EndsWith("/submit", api.Requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(1, changed);
    }

    [Fact]
    public void Submit_WhenTheApiRefuses_ShowsItsProblemInTheErrorSummary()
    {
        var refusing = new FakeApi(_ => (HttpStatusCode.UnprocessableEntity,
            """{"title":"The request breaks a revalidation rule.","status":422,"errors":{"proposedRsd":["The proposed date is out of range (R8)."]}}"""));
        Services.AddSingleton(refusing.Client());
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));
        cut.Find("#type-Defer").Change(true);
        cut.Find("#deferralReason").Change(nameof(DeferralReason.OngoingLocalProcess));
        cut.Find("#proposedRsd").Change(Rsd.AddDays(90).ToString("yyyy-MM-dd"));
        cut.Find("form").Submit();

        cut.FindAll("button").Single(b => b.TextContent == "Submit recommendation").Click();

        cut.WaitForAssertion(() => Assert.Contains("The proposed date is out of range.", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Panel_ForAMedicalDirector_OffersNoAction()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, false));

        Assert.Empty(cut.FindAll("form"));
        Assert.Contains("Only the responsible officer", cut.Markup, StringComparison.Ordinal);
    }

    private static RecommendationResponse Recommendation(RecommendationStatus status) => new(
        Guid.Parse("22222222-2222-2222-2222-222222222222"), 1, RecommendationType.Defer, status, DeferralReason.InsufficientEvidence, DeferralSubReason.ColleagueFeedback,
        Rsd.AddDays(90), null, null, null, DateTimeOffset.UnixEpoch, "ro", status == RecommendationStatus.Submitted ? new DateOnly(2026, 11, 26) : null, null, null, null, null);
}
