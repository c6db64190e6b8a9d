using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;

namespace Revalidation.Web.Tests;

/// <summary>
/// Issue 14, item 2 on the admin screen: a GMC Connect list is checked first (per doctor, what it would change), then
/// applied; a list lacking most of the body's doctors cannot be applied until the admin says it is the whole list.
/// </summary>
public sealed class GmcListUploadTests : BunitContext
{
    private readonly FakeApi api;
    private bool needsConfirmation;

    public GmcListUploadTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => request.RequestUri!.AbsolutePath.EndsWith("/preview", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, new GmcListPreviewResponse(1, 0, 0, 57, 0, 58, needsConfirmation ? 57 : 0, needsConfirmation, 1,
                [new GmcListDoctorChangeResponse(Guid.NewGuid(), "Dr Amara Okafor", "7000001", ["Revalidation date from 3 March 2027 to 1 June 2031", "The GMC now shows an investigation"])]))
            : (HttpStatusCode.OK, new GmcReconciliationResponse(1, 1, 1, 0, 57, 0, 0)));
        Services.AddSingleton(api.Client());
    }

    [Fact]
    public void CheckThenApply_ShowsWhatWouldChangePerDoctor_AndAppliesTheSameList()
    {
        string? told = null;
        var upload = Render<GmcListUpload>(p => p.Add(x => x.OnChanged, changed => told = changed.Notice));

        Choose(upload);
        upload.Find("form").Submit();

        upload.WaitForAssertion(() => Assert.Contains("Revalidation date from 3 March 2027 to 1 June 2031. The GMC now shows an investigation.",
            upload.Find("[data-testid=gmc-preview-changes]").TextContent, StringComparison.Ordinal));
        Assert.Empty(upload.FindAll("[data-testid=gmc-upload-result]"));
        Assert.DoesNotContain(api.Requests, r => r.PathAndQuery.StartsWith("/api/admin/gmc/connected-doctors?", StringComparison.Ordinal) || r.PathAndQuery == "/api/admin/gmc/connected-doctors");

        upload.Find("[data-testid=gmc-apply]").Click();

        upload.WaitForAssertion(() => Assert.NotNull(upload.Find("[data-testid=gmc-upload-result]")));
        Assert.Contains(api.Requests, r => r.PathAndQuery == "/api/admin/gmc/connected-doctors");
        Assert.Equal("GMC Connect list applied: 1 doctor.", told);
    }

    [Fact]
    public void AListLackingMostDoctors_CannotBeApplied_UntilTheAdminSaysItIsTheWholeList()
    {
        needsConfirmation = true;
        var upload = Render<GmcListUpload>(p => p.Add(x => x.OnChanged, _ => { }));
        Choose(upload);
        upload.Find("form").Submit();
        upload.WaitForAssertion(() => Assert.Contains("The list lacks 57 doctors of 58", upload.Find("[data-testid=gmc-preview]").TextContent, StringComparison.Ordinal));

        Assert.True(upload.Find("[data-testid=gmc-apply]").HasAttribute("disabled"));
        upload.Find("#gmcWholeList").Change(true);
        upload.Find("[data-testid=gmc-apply]").Click();

        upload.WaitForAssertion(() => Assert.Contains(api.Requests, r => r.PathAndQuery == "/api/admin/gmc/connected-doctors?confirm=true"));
    }

    private static void Choose(IRenderedComponent<GmcListUpload> upload) =>
        upload.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("GMC Reference Number\n7000001\n", "gmc.csv", contentType: "text/csv"));
}
