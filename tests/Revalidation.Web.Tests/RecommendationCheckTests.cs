using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>
/// Decision (d) and the clinical-safety rules on the recommendation panel: the revalidate check step (a reason for each gap
/// and judgement item, the GMC's statements), what is offered on hold or before the RSD is confirmed, the six non-engagement
/// criteria, the ELA date and a draft the GMC refused.
/// </summary>
public sealed class RecommendationCheckTests : BunitContext
{
    private static readonly Guid DraftId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private readonly FakeApi api;

    public RecommendationCheckTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => request.RequestUri!.AbsolutePath.EndsWith("/non-engagement", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, new NonEngagementResponse(null, 0, "No non-engagement letters have been sent to this doctor."))
            : request.RequestUri!.AbsolutePath.EndsWith("/submit", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, Recommendation(RecommendationType.Revalidate, RecommendationStatus.Submitted))
            : (HttpStatusCode.Created, Recommendation(RecommendationType.Revalidate, RecommendationStatus.Draft)));
        Services.AddSingleton(api.Client());
    }

    private IRenderedComponent<RecommendationPanel> ToCheckStep(DoctorResponse doctor)
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, doctor).Add(c => c.CanAct, true));
        cut.Find("#type-Revalidate").Change(true);
        cut.Find("form").Submit();
        return cut;
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void CheckStep_ListsEachGapAndJudgementItem_WithAReasonEach_AndTheGmcsStatements()
    {
        var cut = ToCheckStep(Doctor([], gaps: Gaps));

        var gaps = cut.FindAll("[data-testid=check-gap]");
        Assert.Equal(2, gaps.Count);
        Assert.Contains("No CPD recorded for 2025/26.", gaps[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("For your judgement", gaps[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("For your judgement", gaps[1].TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("textarea#gapReason-0"));
        Assert.NotNull(cut.Find("textarea#gapReason-1"));
        Assert.Equal("gapReason-1", cut.Find("label[for=gapReason-1]").GetAttribute("for"));

        var statements = cut.FindAll("#statements input[type=checkbox]");
        Assert.Equal(6, statements.Count);
        Assert.Contains(Statements[0].Wording, cut.Find("#statements").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("R16", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Submit_WithoutReasonsOrStatements_ShowsTheErrorSummaryNamingEachField_AndSendsNothing()
    {
        var cut = ToCheckStep(Doctor([], gaps: Gaps));

        cut.Find("[data-testid=check-form]").Submit();

        var summary = cut.Find("[data-testid=error-summary]");
        var links = summary.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!.Split('#')[1]).ToList();
        Assert.Equal(["gapReason-0", "gapReason-1", "statements"], links);
        Assert.Contains("No CPD recorded for 2025/26.", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("Confirm each of the GMC's statements", summary.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=check-form]"));
        Assert.Empty(api.Requests);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Submit_WithAReasonForEachGapAndEveryStatement_SendsThemWithTheSubmission()
    {
        var cut = ToCheckStep(Doctor([], gaps: Gaps));
        cut.Find("#gapReason-0").Change("CPD was discussed at appraisal; certificates follow.");
        cut.Find("#gapReason-1").Change("The alternative was agreed with the appraiser.");
        foreach (var s in Statements)
        {
            cut.Find($"#statement-{s.Field}").Change(true);
        }

        cut.Find("[data-testid=check-form]").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Revalidate recommendation submitted to the GMC.", cut.Find("[data-testid=recommendation-success]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, api.Requests.Count);
        var body = api.Requests[1].Body!;
        Assert.Contains("""{"code":"cpd-missing","year":2025,"reason":"CPD was discussed at appraisal; certificates follow."}""", body, StringComparison.Ordinal);
        Assert.Contains("""{"code":"patient-feedback-alternative","year":null,"reason":"The alternative was agreed with the appraiser."}""", body, StringComparison.Ordinal);
        Assert.Contains("""
            "statements":{"participatedInAppraisal":true,"supportingInformationCollected":true,"otherInformationConsidered":true,"compliesWithGmcConditions":true,"compliesWithLocalConditions":true,"noUnaddressedConcerns":true}
            """, body, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R19")]
    public void Submit_WhenTheApiRefusesTheStatements_StaysOnTheCheckStepWithItsError()
    {
        var refusing = new FakeApi(request => request.RequestUri!.AbsolutePath.EndsWith("/submit", StringComparison.Ordinal)
            ? (HttpStatusCode.UnprocessableEntity, """{"title":"x","status":422,"errors":{"statements":["Confirm each of the GMC's statements for a recommendation to revalidate."]}}""")
            : (HttpStatusCode.Created, Recommendation(RecommendationType.Revalidate, RecommendationStatus.Draft)));
        Services.AddSingleton(refusing.Client());
        var cut = ToCheckStep(Doctor([]));
        Assert.NotEmpty(cut.FindAll("[data-testid=check-no-gaps]"));
        foreach (var s in Statements)
        {
            cut.Find($"#statement-{s.Field}").Change(true);
        }

        cut.Find("[data-testid=check-form]").Submit();

        cut.WaitForAssertion(() => Assert.Equal("#statements", cut.Find("[data-testid=error-summary] a").GetAttribute("href")![^11..]));
        Assert.NotEmpty(cut.FindAll("[data-testid=check-form]"));
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void OnHold_OffersNoRecommendation_AndSaysWhy()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(onHold: true))).Add(c => c.CanAct, true));

        Assert.Empty(cut.FindAll("form"));
        Assert.Contains("The GMC accepts no recommendation while it is on hold", cut.Find("[data-testid=on-hold]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R10")]
    public void UnderGmcInvestigation_SaysSoBeforeTheRoStarts_AndOffersNoRecommendation()
    {
        // Issue 15, item 4: Revalidate and Defer used to reach the check page and fail only at Submit.
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([]) with { UnderGmcInvestigation = true }).Add(c => c.CanAct, true));

        Assert.Empty(cut.FindAll("form"));
        Assert.Contains("The GMC accepts no recommendation during an investigation", cut.Find("[data-testid=under-investigation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R4")]
    public void RsdNotConfirmed_OffersOnlyNonEngagement_AndSaysTheDateMustBeConfirmedFirst()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(rsdConfirmed: false))).Add(c => c.CanAct, true));

        Assert.Equal(["type-NonEngagement"], cut.FindAll("input[name=type]").Select(i => i.Id));
        Assert.Contains("Confirm it with the GMC first", cut.Find("[data-testid=rsd-not-confirmed]").TextContent, StringComparison.Ordinal);
        Assert.Equal([RecommendationType.NonEngagement], RecommendationForm.Offered(Rules(rsdConfirmed: false)));
        Assert.Empty(RecommendationForm.Offered(Rules(onHold: true)));
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void NonEngagement_ShowsTheGmcsSixCriteria_TheWhereApplicableOnesAsRadios_AndSendsTheElaDate()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([])).Add(c => c.CanAct, true));
        cut.Find("#type-NonEngagement").Change(true);

        Assert.Equal(4, cut.FindAll("#attestations input[type=checkbox]").Count);
        Assert.Contains(Criteria[0].Wording, cut.Markup, StringComparison.Ordinal);
        Assert.Contains(Criteria[5].Wording, cut.Find("#att-publicInterestConcernsDiscussed legend").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("#att-fitnessToPractiseConcernsNotified input[type=radio]").Count);

        foreach (var c in Criteria.Take(4))
        {
            cut.Find($"#att-{c.Field}").Change(true);
        }

        cut.Find("#att-fitnessToPractiseConcernsNotified-Confirmed").Change(true);
        cut.Find("form").Submit();
        Assert.Contains("Confirm each of the GMC's criteria", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);

        cut.Find("#att-publicInterestConcernsDiscussed-NotApplicable").Change(true);
        cut.Find("#elaConsultedOn").Change("2026-11-02");
        cut.Find("form").Submit();
        Assert.Contains("Employer Liaison Adviser contacted", cut.Find("[data-testid=confirm-summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 November 2026", cut.Find("[data-testid=confirm-summary]").TextContent, StringComparison.Ordinal);
        cut.FindAll("button").Single(b => b.TextContent == "Submit recommendation").Click();

        // Besides the two writes (draft, submit), the form read the doctor's non-engagement pathway (H58) to show beside the criteria.
        Assert.Contains(api.Requests, r => r.Method == HttpMethod.Get && r.PathAndQuery.EndsWith("/non-engagement", StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(2, api.Requests.Count(r => r.Method != HttpMethod.Get)));
        var draft = api.Requests.First(r => r.Method != HttpMethod.Get);
        Assert.Contains("\"fitnessToPractiseConcernsNotified\":\"Confirmed\",\"publicInterestConcernsDiscussed\":\"NotApplicable\"", draft.Body, StringComparison.Ordinal);
        Assert.Contains("\"elaConsultedOn\":\"2026-11-02\"", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R8")]
    public void ConsecutiveDeferral_AsksForTheElaDateNextToTheJustification()
    {
        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], rules: Rules(consecutive: true))).Add(c => c.CanAct, true));
        cut.Find("#type-Defer").Change(true);
        cut.Find("#deferralReason").Change(nameof(DeferralReason.OngoingLocalProcess));
        cut.Find("#proposedRsd").Change(Rsd.AddDays(90).ToString("yyyy-MM-dd"));
        cut.Find("#consecutiveDeferralJustification").Change("The local process is still open.");

        cut.Find("form").Submit();
        Assert.Equal("#elaConsultedOn", cut.Find("[data-testid=error-summary] a").GetAttribute("href")![^15..]);

        cut.Find("#elaConsultedOn").Change("2026-10-01");
        cut.Find("form").Submit();
        cut.FindAll("button").Single(b => b.TextContent == "Submit recommendation").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, api.Requests.Count));
        Assert.Contains("\"elaConsultedOn\":\"2026-10-01\"", api.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"consecutiveDeferralJustification\":\"The local process is still open.\"", api.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R7")]
    public void ADraftTheGmcRefused_SaysSoWithTheMeaning_AndIsOpenToCorrect()
    {
        var refused = Recommendation(RecommendationType.Revalidate, RecommendationStatus.Draft) with
        {
            GmcSubmission = new GmcSubmissionResponse(GmcSubmissionState.RejectedByGmc, "req-1", DateTimeOffset.UnixEpoch, 1, null, "97", "The doctor is not connected to your designated body", DateTimeOffset.UnixEpoch, null, null, null),
            Refusals = [new GmcRefusalResponse(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 19), "97", "The doctor is not connected to your designated body")],
        };

        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], open: refused)).Add(c => c.CanAct, true));

        var callout = cut.Find("[data-testid=gmc-refused]").TextContent;
        Assert.Contains("Refused by the GMC", callout, StringComparison.Ordinal);
        Assert.Contains("on 20 November 2026: The doctor is not connected to your designated body.", callout, StringComparison.Ordinal);
        Assert.Contains("Correct it and submit again", callout, StringComparison.Ordinal);
        Assert.True(cut.Find("#type-Revalidate").HasAttribute("checked"));
        Assert.DoesNotContain("RejectedByGmc", cut.Markup, StringComparison.Ordinal);
    }

    private static RecommendationResponse Recommendation(RecommendationType type, RecommendationStatus status) => new(
        DraftId, 1, type, status, null, null, null, null, null, null, DateTimeOffset.UnixEpoch, "ro",
        status == RecommendationStatus.Submitted ? new DateOnly(2026, 11, 26) : null, null, null, null, null);
}
