using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Web.Pages;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;
using Revalidation.Contracts;

namespace Revalidation.Web.Tests;

/// <summary>The RO's one-click GMC connection change (docs/decisions/0013 §8): reason required and checked, a confirmation step, the GMC's refusal in the error summary.</summary>
public sealed class GmcConnectionsTests : BunitContext
{
    private static readonly Guid IssueId = Guid.Parse("33333333-3333-3333-3333-333333333333");

    private (HttpStatusCode Status, object? Body) change = (HttpStatusCode.OK, null);

    private readonly FakeApi api;

    public GmcConnectionsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => request.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, new[] { Issue(DataQualityIssueKind.GmcNotConnected) })
            : change);
        Services.AddSingleton(api.Client());
        session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        // A body on the GMC's web service: the one-click change is offered (the manual route has its own test below).
        session.SignedInForTests(TestData.Me(AppRoles.ResponsibleOfficer) with { GmcWebService = true });
        Services.AddSingleton(session);
    }

    private readonly AppSession session;

    [Fact]
    public void Page_ManualRoute_OffersNoChangeAndSaysToMakeItInGmcConnect()
    {
        session.SignedInForTests(TestData.Me(AppRoles.ResponsibleOfficer));

        var cut = Render<GmcConnections>();

        Assert.Contains("by hand, through GMC Connect", cut.Find("[data-testid=gmc-manual-route]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Add the connection in GMC Connect", cut.Find("[data-testid=gmc-discrepancies]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=gmc-action]"));
    }

    [Theory]
    [InlineData(DataQualityIssueKind.GmcNotConnected, GmcConnectionAction.Add)]
    [InlineData(DataQualityIssueKind.GmcConnectedNotInDirectory, GmcConnectionAction.Remove)]
    [InlineData(DataQualityIssueKind.GmcLeaverStillConnected, GmcConnectionAction.Remove)]
    [InlineData(DataQualityIssueKind.Leaver, null)]
    [InlineData(DataQualityIssueKind.InvalidGmcNumber, null)]
    public void ActionFor_EachGmcKind_HasItsOneAction(DataQualityIssueKind kind, GmcConnectionAction? action)
    {
        Assert.Equal(action, GmcConnectionForm.ActionFor(kind));
    }

    [Theory]
    [InlineData(DataQualityIssueKind.GmcNotConnected, null, "Select the reason for the change.")]
    [InlineData(DataQualityIssueKind.GmcNotConnected, "  ", "Select the reason for the change.")]
    [InlineData(DataQualityIssueKind.GmcNotConnected, "3", "Select one of the reasons listed: the GMC does not accept '3' to add a connection.")]
    [InlineData(DataQualityIssueKind.GmcNotConnected, "2", null)]
    [InlineData(DataQualityIssueKind.GmcLeaverStillConnected, "3", null)]
    [InlineData(DataQualityIssueKind.GmcConnectedNotInDirectory, "4", "Select one of the reasons listed: the GMC does not accept '4' to remove a connection.")]
    public void Validate_ChangeReason_IsRequiredAndMustBeOneTheGmcAccepts(DataQualityIssueKind kind, string? reason, string? error)
    {
        var form = new GmcConnectionForm(Issue(kind)) { ChangeReason = reason };

        var errors = form.Validate();

        Assert.Equal(error, errors.SingleOrDefault()?.Message);
        Assert.All(errors, e => Assert.Equal("changeReason", e.FieldId));
    }

    [Fact]
    public void Form_ForAKindWithNoGmcAction_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new GmcConnectionForm(Issue(DataQualityIssueKind.RsdToConfirm)));
    }

    [Fact]
    public void ForUpload_LineErrorsNameTheLineAndLinkToTheFileInput()
    {
        var errors = IssueKinds.ForUpload([new ErrorItem("The GMC number must be exactly 7 digits (R12).", "line 3"), new ErrorItem("The file is empty.", "file")], "gmcFile");

        Assert.Equal(["Line 3: The GMC number must be exactly 7 digits (R12).", "The file is empty."], errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal("gmcFile", e.FieldId));
    }

    [Fact]
    public void Page_WithoutAReason_ShowsTheErrorAndSendsNothing()
    {
        var cut = Render<GmcConnections>();
        cut.Find("[data-testid=gmc-action]").Click();

        cut.Find("[data-testid=gmc-change-form]").Submit();

        Assert.Contains("Select the reason for the change.", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void Page_ConfirmsThenSendsTheReason_AndReloads()
    {
        change = (HttpStatusCode.OK, new GmcConnectionChangeResponse(true, "0", "Success.", Issue(DataQualityIssueKind.GmcNotConnected)));
        var cut = Render<GmcConnections>();
        cut.Find("[data-testid=gmc-action]").Click();
        cut.Find("#changeReason-1").Change(true);
        cut.Find("[data-testid=gmc-change-form]").Submit();

        Assert.Contains("Connect the doctor to your designated body", cut.Find("[data-testid=gmc-confirm-summary]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
        cut.FindAll("button").Single(b => b.TextContent == "Send to the GMC").Click();

        var post = Assert.Single(api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal($"/api/gmc/discrepancies/{IssueId}/add", post.PathAndQuery);
        Assert.Equal("1", JsonDocument.Parse(post.Body!).RootElement.GetProperty("changeReason").GetString());
        cut.WaitForAssertion(() => Assert.Contains("The GMC accepted the change", cut.Find("[data-testid=gmc-notice]").TextContent, StringComparison.Ordinal));
        // The queue and its hidden count, at the start and after the change.
        Assert.Equal(4, api.Requests.Count(r => r.Method == HttpMethod.Get));
    }

    [Fact]
    public void Page_GmcRefusal_IsShownInTheErrorSummary()
    {
        change = (HttpStatusCode.UnprocessableEntity, """{"title":"The request breaks a revalidation rule.","status":422,"errors":{"issueId":["The GMC refused the change: code 100 (The doctor is already associated with your designated body.)"]}}""");
        var cut = Render<GmcConnections>();
        cut.Find("[data-testid=gmc-action]").Click();
        cut.Find("#changeReason-2").Change(true);
        cut.Find("[data-testid=gmc-change-form]").Submit();
        cut.FindAll("button").Single(b => b.TextContent == "Send to the GMC").Click();

        cut.WaitForAssertion(() => Assert.Contains("code 100", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=error-summary] a"));
    }

    private static DataQualityIssueResponse Issue(DataQualityIssueKind kind) => new(
        IssueId, "gmc:1-DEMO01", kind, DataQualityIssueStatus.Open, "Dr A Example (GMC 7654321)", null, "7654321", null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, null, null, null);
}
