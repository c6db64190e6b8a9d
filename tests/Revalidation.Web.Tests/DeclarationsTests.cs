using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Pages;
using Revalidation.Web.Services;
using static Revalidation.Web.Tests.TestData;

namespace Revalidation.Web.Tests;

/// <summary>R16: the probity statement is an acceptance and a declaration (nothing to declare, or what is declared).</summary>
public sealed class DeclarationsTests : BunitContext
{
    private readonly FakeApi api;

    public DeclarationsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var doctor = Doctor([Year(2026, AppraisalYearStatus.Due)]);
        api = new FakeApi(_ => (HttpStatusCode.OK, doctor));
        Services.AddSingleton(api.Client());
        var session = new AppSession(JSInterop.JSRuntime, Services, SignInMode.Demo);
        session.SignedInForTests(new MeResponse("doc-1", "Fiona Singh", [AppRoles.Doctor], "1-DEMO01", "Demo Trust", doctor.Id));
        Services.AddSingleton(session);
    }

    [Theory]
    [InlineData(false, null, null, new string[0])]
    [InlineData(true, null, null, new[] { "nothingToDeclare" })]
    [InlineData(true, true, null, new string[0])]
    [InlineData(true, false, " ", new[] { "probityDeclaration" })]
    [InlineData(true, false, "A caution in 2019.", new string[0])]
    public void ValidateProbity_NeedsAChoice_AndWordsForSomethingDeclared(bool probity, bool? nothing, string? declared, string[] fields)
    {
        Assert.Equal(fields, Declarations.ValidateProbity(probity, nothing, declared).Select(e => e.FieldId));
    }

    [Fact]
    public void SomethingToDeclare_AsksWhat_AndSendsIt()
    {
        var cut = Render<Declarations>();
        cut.WaitForElement("#probity").Change(true);
        Assert.Empty(cut.FindAll("#probityDeclaration"));
        cut.Find("#nothingToDeclare-no").Change(true);

        cut.Find("form").Submit();
        Assert.Contains("Say what you declare", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Put);

        cut.Find("#probityDeclaration").Change("I am a director of a private clinic.");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Your declarations are saved.", cut.Markup, StringComparison.Ordinal));
        var put = Assert.Single(api.Requests, r => r.Method == HttpMethod.Put);
        Assert.Contains("\"probity\":true", put.Body, StringComparison.Ordinal);
        Assert.Contains("\"nothingToDeclare\":false,\"probityDeclaration\":\"I am a director of a private clinic.\"", put.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingToDeclare_SendsNoDeclaration()
    {
        var cut = Render<Declarations>();
        cut.WaitForElement("#probity").Change(true);
        cut.Find("#nothingToDeclare-yes").Change(true);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(api.Requests, r => r.Method == HttpMethod.Put));
        Assert.Contains("\"nothingToDeclare\":true,\"probityDeclaration\":null", api.Requests.Single(r => r.Method == HttpMethod.Put).Body, StringComparison.Ordinal);
    }
}
