using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Contracts;
using Revalidation.Web.Services;
using Revalidation.Web.Shared;

namespace Revalidation.Web.Tests;

/// <summary>
/// Issue 14, item 1 on the admin screen: a run held by the leaver threshold shows who would leave and a button to
/// confirm them; "Preview" shows what a run would do, in words, and says nothing has changed.
/// </summary>
public sealed class DirectorySyncPanelTests : BunitContext
{
    private static readonly Guid HeldRunId = Guid.Parse("44444444-4444-4444-4444-444444444444");

    private readonly FakeApi api;

    public DirectorySyncPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        api = new FakeApi(request => request.RequestUri!.AbsolutePath switch
        {
            var p when p.EndsWith("/leavers", StringComparison.Ordinal) => (HttpStatusCode.OK, new[]
            {
                new DirectoryLeaverResponse(Guid.NewGuid(), "Amara Okafor", "7000001", "Cardiology"),
                new DirectoryLeaverResponse(Guid.NewGuid(), "Ben Hall", "7000002", null),
            }),
            var p when p.EndsWith("/confirm", StringComparison.Ordinal) => (HttpStatusCode.Accepted, Run(SyncRunStatus.Running, 0)),
            var p when p.EndsWith("/preview", StringComparison.Ordinal) => (HttpStatusCode.OK, new DirectoryPreviewResponse(
                "esr", 1_240, 3, 12, 1_224, 1, 2, 1_238, 25, 1, false, [new DirectoryLeaverResponse(Guid.NewGuid(), "Cara Diaz", "7000003", "Surgery")], null)),
            _ => (HttpStatusCode.NotFound, null),
        });
        Services.AddSingleton(api.Client());
    }

    [Fact]
    public void HeldRun_ShowsWhoWouldLeave_ThenConfirmsThatRun()
    {
        string? told = null;
        var panel = Render<DirectorySyncPanel>(p => p
            .Add(x => x.Sources, [new DirectorySourceResponse("esr", "File", "ESR export", Run(SyncRunStatus.AwaitingConfirmation, 2))])
            .Add(x => x.OnChanged, changed => told = changed.Notice));

        Assert.Contains("would make 2 doctors leavers", panel.Find("[data-testid=held-run]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Waiting for an admin to confirm the leavers", panel.Find("[data-testid=sources-table]").TextContent, StringComparison.Ordinal);
        panel.FindAll("button").Single(b => b.TextContent == "Show who would leave").Click();
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=leaver-list] tbody tr").Count));
        Assert.Contains("Not recorded", panel.Find("[data-testid=leaver-list]").TextContent, StringComparison.Ordinal);

        panel.Find("[data-testid=confirm-leavers]").Click();

        panel.WaitForAssertion(() => Assert.Contains(api.Requests, r => r.Method == HttpMethod.Post && r.PathAndQuery == $"/api/admin/directory/sources/esr/runs/{HeldRunId}/confirm"));
        Assert.StartsWith("Confirmed.", told, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_ShowsTheCountsInWords_AndSaysNothingHasChanged()
    {
        var panel = Render<DirectorySyncPanel>(p => p
            .Add(x => x.Sources, [new DirectorySourceResponse("esr", "File", "ESR export", Run(SyncRunStatus.Succeeded, 0))])
            .Add(x => x.OnChanged, _ => { }));

        panel.FindAll("button").First(b => b.TextContent.StartsWith("Preview", StringComparison.Ordinal)).Click();

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=sync-preview]")));
        var text = panel.Find("[data-testid=sync-preview]").TextContent;
        Assert.Contains("nothing has changed", text, StringComparison.Ordinal);
        Assert.Contains("1,240", text, StringComparison.Ordinal);
        Assert.Contains("A run would apply this without asking.", text, StringComparison.Ordinal);
        Assert.Contains("Who would leave (1 doctor)", text, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=held-run]"));
    }

    private static SyncRunResponse Run(SyncRunStatus status, int pendingLeavers) => new(HeldRunId, "esr", SyncMode.Full, status, true, "schedule",
        new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), null, 40, 0, 0, 0, 0, 0, 40, 0, null, pendingLeavers);
}
