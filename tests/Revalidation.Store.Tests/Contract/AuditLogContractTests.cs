using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="IAuditLog"/> must do (docs/decisions/0001), written against the ports only: appends
/// that are idempotent and stay in their body, and the log read newest first with its filters and limit. An adapter's
/// test class subclasses this and says how to open its store (<see cref="IStoreSource"/>); nothing else changes.
/// </summary>
public abstract class AuditLogContractTests(IStoreSource source) : StoreContract(source)
{
    // ---- audit of operational actions (no aggregate changes) ----

    [Fact]
    public async Task AppendAuditAsync_WhenAnEventIsAppendedTwice_KeepsItOnceAndOnlyInItsBody()
    {
        var body = NewBodyCode();
        var other = NewBodyCode();
        var retried = Audit(body, null, Admin, "alerts.dead-letters-retried", Now);
        var resolved = Audit(body, null, Admin, "directory.issue-resolved", Now.AddMinutes(1));

        await AuditLog.AppendAuditAsync(body, [retried]);
        await AuditLog.AppendAuditAsync(body, [retried, resolved]);

        var log = await AuditLog.QueryAuditAsync(body, new AuditQuery());
        Assert.Equal(["directory.issue-resolved", "alerts.dead-letters-retried"], log.Select(a => a.Action));
        Assert.Equal(retried.Id, log[1].Id);
        Assert.Empty(await AuditLog.QueryAuditAsync(other, new AuditQuery()));
    }

    [Fact]
    public async Task AppendAuditAsync_WhenAnEventBelongsToAnotherBody_ThrowsAndWritesNothing()
    {
        var body = NewBodyCode();
        var other = NewBodyCode();

        await Assert.ThrowsAsync<ArgumentException>(() => AuditLog.AppendAuditAsync(body, [Audit(body, null, Admin, "a", Now), Audit(other, null, Admin, "b", Now)]));

        Assert.Empty(await AuditLog.QueryAuditAsync(body, new AuditQuery()));
        Assert.Empty(await AuditLog.QueryAuditAsync(other, new AuditQuery()));
    }

    // ---- queries ----

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByDoctor_ReturnsOnlyThatDoctorsEventsNewestFirst()
    {
        var (code, x, _, events) = await SeedAuditAsync();

        var result = await AuditLog.QueryAuditAsync(code, new AuditQuery(DoctorId: x));

        Assert.Equal([events[1], events[0]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByActor_ReturnsOnlyThatActorsEventsNewestFirst()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        var result = await AuditLog.QueryAuditAsync(code, new AuditQuery(ActorId: ResponsibleOfficer.UserId));

        Assert.Equal([events[2], events[0]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByAction_ReturnsOnlyThatKindOfEventNewestFirst()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        var result = await AuditLog.QueryAuditAsync(code, new AuditQuery(Action: "doctor.updated"));

        Assert.Equal([events[3], events[1]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByDateRange_ReturnsEventsFromAndToInclusive()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        var result = await AuditLog.QueryAuditAsync(code, new AuditQuery(From: events[1].OccurredAt, To: events[2].OccurredAt));

        Assert.Equal([events[2], events[1]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFiltersCombine_AppliesAllOfThem()
    {
        var (code, _, y, events) = await SeedAuditAsync();

        var result = await AuditLog.QueryAuditAsync(code, new AuditQuery(DoctorId: y, ActorId: Admin.UserId, From: Now));

        Assert.Equal([events[3]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenLimited_ReturnsTheNewestEvents()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        Assert.Equal([events[3], events[2]], await AuditLog.QueryAuditAsync(code, new AuditQuery(Limit: 2)));
        Assert.Equal([events[3]], await AuditLog.QueryAuditAsync(code, new AuditQuery(Limit: 0)));
        Assert.Equal(events.AsEnumerable().Reverse(), await AuditLog.QueryAuditAsync(code, new AuditQuery(Limit: int.MaxValue)));
    }

    [Fact]
    public async Task QueryAuditAsync_WhenMatchedByPersonOrDoctor_ReturnsEventsOfEitherAndAllMatchesMustHold()
    {
        var (code, x, y, events) = await SeedAuditAsync();

        var either = await AuditLog.QueryAuditAsync(code, new AuditQuery(Matches: [new([ResponsibleOfficer.UserId], [x])]));
        var both = await AuditLog.QueryAuditAsync(code, new AuditQuery(Matches: [new([ResponsibleOfficer.UserId], []), new([], [y])]));
        var nobody = await AuditLog.QueryAuditAsync(code, new AuditQuery(Matches: [new([], [])]));

        Assert.Equal([events[2], events[1], events[0]], either);
        Assert.Equal([events[2]], both);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenSkipped_PagesNewestFirstAndCountIgnoresThePage()
    {
        var (code, x, _, events) = await SeedAuditAsync();

        Assert.Equal([events[2], events[1]], await AuditLog.QueryAuditAsync(code, new AuditQuery(Skip: 1, Limit: 2)));
        Assert.Equal([events[0]], await AuditLog.QueryAuditAsync(code, new AuditQuery(Skip: 3, Limit: 2)));
        Assert.Empty(await AuditLog.QueryAuditAsync(code, new AuditQuery(Skip: 4, Limit: 2)));
        Assert.Equal(4, await AuditLog.CountAuditAsync(code, new AuditQuery(Skip: 3, Limit: 1)));
        Assert.Equal(3, await AuditLog.CountAuditAsync(code, new AuditQuery(Matches: [new([ResponsibleOfficer.UserId], [x])])));
        Assert.Equal(1, await AuditLog.CountAuditAsync(code, new AuditQuery(DoctorId: x, ActorId: Admin.UserId)));
        Assert.Equal(0, await AuditLog.CountAuditAsync(NewBodyCode(), new AuditQuery()));
    }

    // ---- helpers ----

    /// <summary>Doctors X and Y; four events an hour apart: X by RO, X by admin, Y by RO, Y by admin.</summary>
    private async Task<(DesignatedBodyCode Code, Guid X, Guid Y, AuditEvent[] Events)> SeedAuditAsync()
    {
        var code = NewBodyCode();
        var x = new DoctorBuilder(code).Build();
        var y = new DoctorBuilder(code).Build();
        var events = new[]
        {
            Audit(code, x.Id, ResponsibleOfficer, "doctor.created", Now),
            Audit(code, x.Id, Admin, "doctor.updated", Now.AddHours(1), new { department = "Surgery" }),
            Audit(code, y.Id, ResponsibleOfficer, "doctor.created", Now.AddHours(2)),
            Audit(code, y.Id, Admin, "doctor.updated", Now.AddHours(3)),
        };

        // Saved out of time order, to show the order comes from the time, not the insertion.
        await SaveAsync(y, events[3], events[2]);
        await SaveAsync(x, events[0], events[1]);
        return (code, x.Id, y.Id, events);
    }
}
