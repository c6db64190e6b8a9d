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
            var p when p.EndsWith("/directory/runs", StringComparison.Ordinal) => (HttpStatusCode.OK, new[]
            {
                new SyncRunResponse(Guid.NewGuid(), "esr", SyncMode.Incremental, SyncRunStatus.Failed, false, "admin:ada", new DateTimeOffset(2026, 7, 2, 8, 30, 0, TimeSpan.Zero),
                    null, 0, 0, 0, 0, 0, 0, 0, 0, "The export file was not found."),
                new SyncRunResponse(Guid.NewGuid(), "esr", SyncMode.Full, SyncRunStatus.Succeeded, true, "schedule", new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero),
                    null, 1_240, 3, 12, 2, 1, 4, 1_218, 0, null),
            }),
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

    [Fact]
    public void RecentRuns_ListTheSourcesLastTenRuns_InPlainWordsAndUkTime()
    {
        var panel = Render<DirectorySyncPanel>(p => p
            .Add(x => x.Sources, [new DirectorySourceResponse("esr", "File", "ESR export", Run(SyncRunStatus.Succeeded, 0))])
            .Add(x => x.OnChanged, _ => { }));

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=recent-runs] tbody tr").Count));
        Assert.Contains(api.Requests, r => r.Method == HttpMethod.Get && r.PathAndQuery == "/api/admin/directory/runs?sourceId=esr&limit=10");
        var details = panel.Find("[data-testid=recent-runs]");
        Assert.Equal("details", details.TagName, ignoreCase: true);
        Assert.Contains("Recent runs of ESR export", details.TextContent, StringComparison.Ordinal);
        var rows = panel.FindAll("[data-testid=recent-runs] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("2 July 2026, 9:30am", rows[0], StringComparison.Ordinal); // British Summer Time
        Assert.Contains("Changes since the last run, started by an admin", rows[0], StringComparison.Ordinal);
        Assert.Contains("Failed: The export file was not found.", rows[0], StringComparison.Ordinal);
        Assert.Contains("1 December 2026, 6:00am", rows[1], StringComparison.Ordinal); // GMT
        Assert.Contains("Full export, on the schedule", rows[1], StringComparison.Ordinal);
        Assert.Contains("1,240 read, 3 new, 12 updated, 2 left, 1 returned, 4 rows to correct", rows[1], StringComparison.Ordinal);
        foreach (var word in new[] { "Incremental", "FullResync", "AwaitingConfirmation", "2026-12-01", "admin:ada" })
        {
            Assert.DoesNotContain(word, details.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2026, 3, 29, 0, 59, "29 March 2026, 12:59am")] // before the clocks go forward at 1am UTC
    [InlineData(2026, 3, 29, 1, 0, "29 March 2026, 2:00am")]
    [InlineData(2026, 10, 25, 0, 59, "25 October 2026, 1:59am")]
    [InlineData(2026, 10, 25, 1, 0, "25 October 2026, 1:00am")] // back to GMT
    [InlineData(2026, 12, 3, 13, 5, "3 December 2026, 1:05pm")]
    public void When_IsUkClockTime(int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, Tags.When(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero)));

    private static SyncRunResponse Run(SyncRunStatus status, int pendingLeavers) => new(HeldRunId, "esr", SyncMode.Full, status, true, "schedule",
        new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), null, 40, 0, 0, 0, 0, 0, 40, 0, null, pendingLeavers);
}
