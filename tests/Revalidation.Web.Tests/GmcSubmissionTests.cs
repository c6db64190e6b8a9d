using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Web.Shared;
using static Revalidation.Web.Tests.TestData;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>The GMC web-service submission as the RO reads it (docs/decisions/0013): every state, tag and text; the manual outcome hidden while on its way.</summary>
public sealed class GmcSubmissionTests : BunitContext
{
    private static readonly DateTimeOffset Queued = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public GmcSubmissionTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new FakeApi(_ => (HttpStatusCode.OK, null)).Client());
    }

    [Theory]
    [InlineData(GmcSubmissionState.Queued, RecommendationStatus.Submitted, null, "Queued for the GMC", "nhsuk-tag--grey", true)]
    [InlineData(GmcSubmissionState.Sending, RecommendationStatus.Submitted, null, "Sending to the GMC", "nhsuk-tag--blue", true)]
    [InlineData(GmcSubmissionState.Submitted, RecommendationStatus.Submitted, "0", "Sent to the GMC", "nhsuk-tag--blue", false)]
    [InlineData(GmcSubmissionState.Submitted, RecommendationStatus.UnderReview, "0", "Under review by the GMC", "nhsuk-tag--yellow", false)]
    [InlineData(GmcSubmissionState.Submitted, RecommendationStatus.Approved, "0", "Approved by the GMC", "nhsuk-tag--green", false)]
    [InlineData(GmcSubmissionState.Submitted, RecommendationStatus.Rejected, "0", "Not accepted at GMC review", "nhsuk-tag--red", false)]
    [InlineData(GmcSubmissionState.RejectedByGmc, RecommendationStatus.Rejected, "89", "Rejected by the GMC", "nhsuk-tag--red", false)]
    [InlineData(GmcSubmissionState.Held, RecommendationStatus.Submitted, "99", "Held: configuration problem", "nhsuk-tag--orange", false)]
    [InlineData(GmcSubmissionState.RejectedByGmc, RecommendationStatus.Rejected, "777", "Unknown GMC answer", "nhsuk-tag--orange", false)]
    [InlineData(GmcSubmissionState.RejectedByGmc, RecommendationStatus.Rejected, null, "Unknown GMC answer", "nhsuk-tag--orange", false)]
    public void Of_MapsEveryStateToATagAndColour(GmcSubmissionState state, RecommendationStatus status, string? code, string tag, string colour, bool onItsWay)
    {
        var recommendation = WithSubmission(state, status, code);

        var view = GmcSubmissionStatus.Of(recommendation)!;

        Assert.Equal(tag, view.Tag);
        Assert.Equal(colour, view.Colour);
        Assert.Equal(onItsWay, view.OnItsWay);
        Assert.Equal(onItsWay, GmcSubmissionStatus.OnItsWay(recommendation));
    }

    [Fact]
    public void Of_ManualRoute_HasNoView()
    {
        Assert.Null(GmcSubmissionStatus.Of(WithSubmission(GmcSubmissionState.Queued, RecommendationStatus.Submitted, null) with { GmcSubmission = null }));
        Assert.False(GmcSubmissionStatus.OnItsWay(null));
    }

    [Fact]
    public void Of_RejectedWithARuleCode_ShowsTheCodeAndItsMeaning()
    {
        var view = GmcSubmissionStatus.Of(WithSubmission(GmcSubmissionState.RejectedByGmc, RecommendationStatus.Rejected, "89"))!;

        Assert.Contains(new KeyValuePair<string, string>("GMC return code", "89"), view.Rows);
        Assert.Contains(new KeyValuePair<string, string>("Meaning", Meanings["89"]), view.Rows);
        Assert.Contains("code 89: The deferral date is invalid or unexpected.", view.Inset, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_UnknownCode_IsShownVerbatim()
    {
        var view = GmcSubmissionStatus.Of(WithSubmission(GmcSubmissionState.RejectedByGmc, RecommendationStatus.Rejected, "X-42"))!;

        Assert.Contains(new KeyValuePair<string, string>("GMC return code", "X-42"), view.Rows);
        Assert.Contains("return code X-42, which this product does not know", view.Inset, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_HeldSubmission_SaysTheAdminsAreAlertedAndWhenItIsTriedAgain()
    {
        var view = GmcSubmissionStatus.Of(WithSubmission(GmcSubmissionState.Held, RecommendationStatus.Submitted, "99"))!;

        Assert.Contains("administrators have been alerted", view.Inset, StringComparison.Ordinal);
        Assert.Contains(view.Rows, r => r.Key == "Next attempt");
    }

    [Theory]
    [InlineData(GmcSubmissionState.Queued, false)]
    [InlineData(GmcSubmissionState.Sending, false)]
    [InlineData(GmcSubmissionState.Submitted, true)]
    public void Panel_OffersTheManualOutcome_OnlyWhenTheSubmissionIsNotOnItsWay(GmcSubmissionState state, bool offered)
    {
        var open = WithSubmission(state, RecommendationStatus.Submitted, state == GmcSubmissionState.Submitted ? "0" : null);

        var cut = Render<RecommendationPanel>(p => p.Add(c => c.Doctor, Doctor([], open)).Add(c => c.CanAct, true));

        Assert.Equal(offered, cut.FindAll("input[name=outcome]").Count > 0);
        Assert.NotEmpty(cut.FindAll("[data-testid=gmc-submission-tag]"));
    }

    [Fact]
    public void Overview_ShowsTheGmcConfirmedFacts()
    {
        var doctor = Doctor([]) with
        {
            GmcConnection = new GmcConnectionResponse(new DateOnly(2026, 11, 25), false, Rsd, true, false, true, null, "Registered with a licence", null),
        };

        var cut = Render<DoctorOverview>(p => p.Add(c => c.Doctor, doctor));

        var facts = cut.Find("[data-testid=gmc-facts]").TextContent;
        Assert.Contains("25 March 2027 (confirmed)", facts, StringComparison.Ordinal);
        Assert.Contains("Preliminary investigation", facts, StringComparison.Ordinal);
        Assert.Contains("Registered with a licence", facts, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=gmc-not-connected]"));
    }

    private static RecommendationResponse WithSubmission(GmcSubmissionState state, RecommendationStatus status, string? code) => new(
        Guid.Parse("22222222-2222-2222-2222-222222222222"), 1, RecommendationType.Revalidate, status, null, null, null, null, null, null,
        DateTimeOffset.UnixEpoch, "ro", new DateOnly(2026, 11, 26), "ro", Rsd, null, code == "0" ? "GMC-1" : null,
        new GmcSubmissionResponse(state, "REVAL-22222222-2222-2222-2222-222222222222", Queued,
            state == GmcSubmissionState.Queued ? 0 : 1,
            state is GmcSubmissionState.Queued or GmcSubmissionState.Held ? Queued.AddHours(12) : null,
            code, code is null ? null : Meanings.GetValueOrDefault(code, $"The GMC answered with return code '{code}', which this product does not know; check GMC Connect."),
            state == GmcSubmissionState.Submitted ? Queued.AddMinutes(1) : null, null, null, null, code is null || !Meanings.ContainsKey(code)));

    /// <summary>What the API says the codes used here mean (Core's GmcReturnCodes).</summary>
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["0"] = "Success.",
        ["89"] = "The deferral date is invalid or unexpected.",
        ["99"] = "The GMC refused the credentials (user name, password or the caller's IP address).",
    };
}
