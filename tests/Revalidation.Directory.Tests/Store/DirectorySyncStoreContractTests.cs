using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.Support;

namespace Revalidation.Directory.Tests.Store;

/// <summary>
/// What every adapter of <see cref="IDirectorySyncStore"/> must do (the embedded SQLite one below; a Cosmos DB one
/// derives from this class too): cursors, links, runs and the data-quality queue, scoped by source and body.
/// </summary>
public abstract class DirectorySyncStoreContractTests : IAsyncLifetime
{
    private static readonly DesignatedBodyCode Body = SyncHarness.Body;
    private static readonly DesignatedBodyCode Other = SyncHarness.OtherBody;
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    protected IDirectorySyncStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task GetCursorAsync_WhenSavedReplacedAndCleared_ReturnsTheLatest()
    {
        Assert.Null(await Store.GetCursorAsync("entra"));
        await Store.SaveCursorAsync("entra", "link-1", At);
        await Store.SaveCursorAsync("entra", "link-2", At.AddMinutes(1));
        await Store.SaveCursorAsync("other", "x", At);
        Assert.Equal("link-2", await Store.GetCursorAsync("entra"));

        await Store.SaveCursorAsync("entra", null, At.AddMinutes(2));

        Assert.Null(await Store.GetCursorAsync("entra"));
        Assert.Equal("x", await Store.GetCursorAsync("other"));
    }

    [Fact]
    public async Task GetLinksAsync_WhenSomeExist_ReturnsThoseOfTheSourceInOneCall()
    {
        var doctor = Guid.NewGuid();
        await Store.SaveLinksAsync([Link("entra", "a", doctor), Link("entra", "b", Guid.NewGuid()), Link("esr", "a", Guid.NewGuid())]);

        var links = await Store.GetLinksAsync("entra", ["a", "c"]);

        var link = Assert.Single(links).Value;
        Assert.Equal((doctor, "7000001", true, "fp"), (link.DoctorId, link.GmcNumber, link.Active, link.Fingerprint));
        Assert.Equal(Body, link.DesignatedBody);
    }

    [Fact]
    public async Task SaveLinksAsync_WhenALinkExists_ReplacesIt()
    {
        await Store.SaveLinksAsync([Link("entra", "a", Guid.NewGuid()), Link("entra", "b", Guid.NewGuid())]);
        await Store.SaveLinksAsync([Link("entra", "a", Guid.NewGuid()) with { Active = false, Fingerprint = string.Empty }]);

        var active = await Store.ListActiveLinksAsync("entra");

        Assert.Equal(["b"], active.Select(l => l.ExternalId));
        Assert.False((await Store.GetLinksAsync("entra", ["a"]))["a"].Active);
    }

    [Fact]
    public async Task ListRunsAsync_WhenRunsOfSeveralBodies_ReturnsTheBodysNewestFirstWithCounts()
    {
        var first = new SyncRun(Guid.NewGuid(), "entra", Body, SyncMode.Incremental, "schedule", At);
        var second = new SyncRun(Guid.NewGuid(), "entra", Body, SyncMode.Full, "admin:x", At.AddHours(1));
        await Store.SaveRunAsync(first);
        await Store.SaveRunAsync(second);
        await Store.SaveRunAsync(new SyncRun(Guid.NewGuid(), "theirs", Other, SyncMode.Incremental, "schedule", At));
        await Store.SaveRunAsync(first with { Status = SyncRunStatus.Failed, EndedAt = At.AddMinutes(1), Counts = new(5, 1, 2, 3, 4, 5, 6, 7), Error = "boom" });

        var runs = await Store.ListRunsAsync(Body);

        Assert.Equal([second.Id, first.Id], runs.Select(r => r.Id));
        var failed = runs[1];
        Assert.Equal((SyncRunStatus.Failed, "boom", new SyncCounts(5, 1, 2, 3, 4, 5, 6, 7)), (failed.Status, failed.Error, failed.Totals));
        Assert.Equal(At.AddMinutes(1), failed.EndedAt);
        Assert.Equal(second with { Counts = new SyncCounts() }, await Store.GetRunAsync(second.Id));
        Assert.Null(await Store.GetRunAsync(Guid.NewGuid()));
        Assert.Single(await Store.ListRunsAsync(Body, "entra", 1));
    }

    [Fact]
    public async Task GetRunAsync_OfARunHeldByTheLeaverThreshold_ReturnsWhoWouldLeave()
    {
        Guid[] leavers = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var held = new SyncRun(Guid.NewGuid(), "entra", Body, SyncMode.Full, "schedule", At, SyncRunStatus.AwaitingConfirmation, true, At.AddMinutes(1),
            new SyncCounts(Seen: 10), "held", leavers);
        await Store.SaveRunAsync(held);

        var stored = (await Store.GetRunAsync(held.Id))!;

        Assert.Equal(leavers, stored.PendingLeavers);
        Assert.Equal(leavers, (await Store.ListRunsAsync(Body)).Single(r => r.Id == held.Id).PendingLeavers);
    }

    [Fact]
    public async Task RaiseIssuesAsync_WhenTheKeyIsOpen_UpdatesItInsteadOfAddingAnother()
    {
        var issue = Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "first");
        await Store.RaiseIssuesAsync([issue]);

        await Store.RaiseIssuesAsync([Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "second", At.AddDays(1))]);

        var open = Assert.Single(await Store.ListIssuesAsync(Body, new DataQualityIssueQuery()));
        Assert.Equal((issue.Id, 2, "second", At.AddDays(1), At), (open.Id, open.Occurrences, open.Detail, open.LastSeenAt, open.FirstSeenAt));
    }

    [Fact]
    public async Task ResolveIssueAsync_WhenOpen_ResolvesOnceAndARecurrenceOpensANewIssue()
    {
        var issue = Issue("entra", "u1", DataQualityIssueKind.DuplicateGmcNumber, "dup");
        await Store.RaiseIssuesAsync([issue]);

        var resolved = await Store.ResolveIssueAsync(Body, issue.Id, "admin-1", "Fixed in ESR", At.AddHours(1));
        var again = await Store.ResolveIssueAsync(Body, issue.Id, "admin-1", null, At.AddHours(2));
        var elsewhere = await Store.ResolveIssueAsync(Other, issue.Id, "admin-2", null, At.AddHours(2));
        await Store.RaiseIssuesAsync([Issue("entra", "u1", DataQualityIssueKind.DuplicateGmcNumber, "dup again", At.AddDays(2))]);

        Assert.Equal(ResolveStatus.Resolved, resolved.Status);
        Assert.Equal(("admin-1", "Fixed in ESR", At.AddHours(1)), (resolved.Issue!.ResolvedBy, resolved.Issue.ResolutionNote, resolved.Issue.ResolvedAt));
        Assert.Equal(ResolveStatus.AlreadyResolved, again.Status);
        Assert.Equal(ResolveStatus.NotFound, elsewhere.Status);
        var all = await Store.ListIssuesAsync(Body, new DataQualityIssueQuery(Status: null));
        Assert.Equal([DataQualityIssueStatus.Open, DataQualityIssueStatus.Resolved], all.Select(i => i.Status));
        Assert.Null(await Store.GetIssueAsync(Other, issue.Id));
        Assert.Equal(DataQualityIssueStatus.Resolved, (await Store.GetIssueAsync(Body, issue.Id))!.Status);
    }

    [Fact]
    public async Task ResolveIssuesOfAsync_WhenTheDirectoryFixedAPerson_ResolvesOnlyTheGivenKindsOfThatPerson()
    {
        await Store.RaiseIssuesAsync([
            Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "bad"),
            Issue("entra", "u1", DataQualityIssueKind.Leaver, "left"),
            Issue("entra", "u2", DataQualityIssueKind.InvalidGmcNumber, "bad too"),
        ]);
        Assert.Equal(["u1", "u2"], (await Store.ListExternalIdsWithOpenIssuesAsync("entra")).Order(StringComparer.Ordinal));

        var count = await Store.ResolveIssuesOfAsync("entra", "u1", [DataQualityIssueKind.InvalidGmcNumber], "directory:entra", "fixed", At.AddHours(1));

        Assert.Equal(1, count);
        var open = await Store.ListIssuesAsync(Body, new DataQualityIssueQuery());
        Assert.Equal(["u1/Leaver", "u2/InvalidGmcNumber"], open.Select(i => $"{i.ExternalId}/{i.Kind}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListIssuesAsync_WhenFilteredBySourceAndStatus_NamesItsBody()
    {
        await Store.RaiseIssuesAsync([
            Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "a"),
            Issue("esr", "r1", DataQualityIssueKind.InvalidDetails, "b"),
            Issue("entra", "u9", DataQualityIssueKind.InvalidGmcNumber, "theirs") with { DesignatedBody = Other },
        ]);

        Assert.Equal(["a"], (await Store.ListIssuesAsync(Body, new DataQualityIssueQuery(SourceId: "entra"))).Select(i => i.Detail));
        Assert.Equal(2, (await Store.ListIssuesAsync(Body, new DataQualityIssueQuery())).Count);
        Assert.Empty(await Store.ListIssuesAsync(Body, new DataQualityIssueQuery(DataQualityIssueStatus.Resolved)));
        Assert.Equal(["theirs"], (await Store.ListIssuesAsync(Other, new DataQualityIssueQuery())).Select(i => i.Detail));
    }

    // ---- issue 16, item 8: queues a team works ----

    private static readonly Revalidation.Core.Common.StaffMember Manager = new("manager-1", "Mo Manager");

    [Fact]
    public async Task ChangeIssueAsync_OwnerNotesAndHide_AreKeptWithTheirHistory_AndARecurrenceKeepsThem()
    {
        var issue = Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "bad");
        await Store.RaiseIssuesAsync([issue]);
        var owner = new IssueOwner(Manager.UserId, Manager.Name);

        Assert.Equal(IssueChangeStatus.Changed, (await Store.ChangeIssueAsync(Body, issue.Id, IssueWork.SetOwner(owner, Manager, At.AddMinutes(1)))).Status);
        await Store.ChangeIssueAsync(Body, issue.Id, IssueWork.AddNote("Asked HR", Manager, At.AddMinutes(2)));
        var hidden = await Store.ChangeIssueAsync(Body, issue.Id, IssueWork.Hide(At.AddDays(5), Manager, At.AddMinutes(3)));
        await Store.RaiseIssuesAsync([Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "bad again", At.AddHours(1))]);

        var stored = (await Store.GetIssueAsync(Body, issue.Id))!;
        Assert.Equal((owner, At.AddDays(5), "bad again", 2), (stored.Owner, stored.HiddenUntil, stored.Detail, stored.Occurrences));
        Assert.Equal([IssueEventKind.OwnerChanged, IssueEventKind.NoteAdded, IssueEventKind.Hidden], stored.WorkHistory.Select(e => e.Kind));
        Assert.Equal(new IssueEvent(IssueEventKind.NoteAdded, At.AddMinutes(2), "manager-1", "Mo Manager", Text: "Asked HR"), stored.WorkHistory[1]);
        Assert.Equal(stored.WorkHistory, hidden.Issue!.WorkHistory);
        Assert.Equal(IssueChangeStatus.NotFound, (await Store.ChangeIssueAsync(Other, issue.Id, IssueWork.AddNote("x", Manager, At))).Status);
    }

    [Fact]
    public async Task ChangeIssueAsync_WhenRefusedOrResolved_ChangesNothing()
    {
        var issue = Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "bad");
        await Store.RaiseIssuesAsync([issue]);

        var refused = await Store.ChangeIssueAsync(Body, issue.Id, IssueWork.Unhide(Manager, At));
        await Store.ResolveIssueAsync(Body, issue.Id, "admin", "Fixed", At.AddMinutes(1));
        var late = await Store.ChangeIssueAsync(Body, issue.Id, IssueWork.AddNote("Too late", Manager, At.AddMinutes(2)));

        Assert.Equal((IssueChangeStatus.Refused, "issueId"), (refused.Status, refused.Refusal!.Value.Violations.Single().Field));
        Assert.Equal(IssueChangeStatus.AlreadyResolved, late.Status);
        Assert.Empty((await Store.GetIssueAsync(Body, issue.Id))!.WorkHistory);
    }

    [Fact]
    public async Task ListIssuesAsync_ByOwnerAndHidden_AtTheMomentAsked()
    {
        var mine = Issue("entra", "u1", DataQualityIssueKind.InvalidGmcNumber, "mine");
        var hidden = Issue("entra", "u2", DataQualityIssueKind.InvalidGmcNumber, "hidden");
        var nobodys = Issue("entra", "u3", DataQualityIssueKind.InvalidGmcNumber, "nobody's");
        await Store.RaiseIssuesAsync([mine, hidden, nobodys]);
        await Store.ChangeIssueAsync(Body, mine.Id, IssueWork.SetOwner(new IssueOwner("manager-1", "Mo Manager"), Manager, At));
        await Store.ChangeIssueAsync(Body, hidden.Id, IssueWork.Hide(At.AddDays(3), Manager, At));

        async Task<string[]> Details(DataQualityIssueQuery q) => [.. (await Store.ListIssuesAsync(Body, q)).Select(i => i.Detail).Order(StringComparer.Ordinal)];

        Assert.Equal(["mine"], await Details(new(Owner: "manager-1")));
        Assert.Equal(["hidden", "nobody's"], await Details(new(Owner: IssueOwnerFilter.Unassigned)));
        Assert.Equal(["mine", "nobody's"], await Details(new(Hidden: false, Now: At.AddDays(1))));
        Assert.Equal(["hidden"], await Details(new(Hidden: true, Now: At.AddDays(1))));
        Assert.Equal(["hidden", "mine", "nobody's"], await Details(new(Hidden: false, Now: At.AddDays(3))));
        Assert.Equal(3, (await Details(new())).Length);
    }

    [Fact]
    public async Task UnhideIssuesOfDoctorAsync_BringsBackOnlyThatDoctorsHiddenOpenIssues_WithWhy()
    {
        var doctor = Guid.NewGuid();
        var theirs = DataQualityIssue.Raise("entra", Body, DataQualityIssueKind.InvalidDetails, "u1", doctor, "theirs", null, At, null);
        var another = DataQualityIssue.Raise("entra", Body, DataQualityIssueKind.InvalidDetails, "u2", Guid.NewGuid(), "another", null, At, null);
        var shown = DataQualityIssue.Raise("gmc:x", Body, DataQualityIssueKind.GmcNotConnected, "7000001", doctor, "shown", null, At, null);
        await Store.RaiseIssuesAsync([theirs, another, shown]);
        await Store.ChangeIssueAsync(Body, theirs.Id, IssueWork.Hide(At.AddDays(9), Manager, At));
        await Store.ChangeIssueAsync(Body, another.Id, IssueWork.Hide(At.AddDays(9), Manager, At));

        Assert.Equal(0, await Store.UnhideIssuesOfDoctorAsync(Other, doctor, "moved", At.AddHours(1)));
        Assert.Equal(1, await Store.UnhideIssuesOfDoctorAsync(Body, doctor, "The doctor left", At.AddHours(1)));

        var back = (await Store.GetIssueAsync(Body, theirs.Id))!;
        Assert.Null(back.HiddenUntil);
        Assert.Equal(new IssueEvent(IssueEventKind.Unhidden, At.AddHours(1), IssueWork.SystemUserId, string.Empty, Text: "The doctor left"), back.WorkHistory[^1]);
        Assert.Equal(At.AddDays(9), (await Store.GetIssueAsync(Body, another.Id))!.HiddenUntil);
        Assert.Empty((await Store.GetIssueAsync(Body, shown.Id))!.WorkHistory);
    }

    private static DirectoryLink Link(string source, string externalId, Guid doctorId) =>
        new(source, externalId, Body, doctorId, "7000001", true, "fp", At);

    private static DataQualityIssue Issue(string source, string externalId, DataQualityIssueKind kind, string detail, DateTimeOffset? at = null) =>
        DataQualityIssue.Raise(source, Body, kind, externalId, null, detail, "line 2", at ?? At, null);
}

/// <summary>The contract on the embedded store: a real SQLite file, migrated at start-up like a host does.</summary>
public sealed class SqliteDirectorySyncStoreContractTests : DirectorySyncStoreContractTests
{
    private SyncHarness harness = null!;

    public override async Task InitializeAsync()
    {
        harness = await SyncHarness.StartAsync();
        Store = harness.SyncStore;
    }

    public override async Task DisposeAsync() => await harness.DisposeAsync();
}
