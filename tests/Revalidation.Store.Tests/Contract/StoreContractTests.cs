using System.Text.Json;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="IRevalidationStore"/> must do (DESIGN.md §6), written against the port only.
/// An adapter's test class subclasses this and says how to open its store; nothing else changes.
/// <para>
/// Tests of one class may share a database, so each works in designated bodies and GMC numbers of its own
/// (<see cref="TestData.NewBodyCode"/>, <see cref="TestData.NewGmcNumber"/>).
/// </para>
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    /// <summary>The store this test started with.</summary>
    protected IRevalidationStore Store { get; private set; } = null!;

    /// <summary>
    /// Opens another store instance over this test class's database, independent of those already open
    /// (for SQLite: its own DI container and connections, as a second process would have).
    /// </summary>
    protected abstract Task<IRevalidationStore> CreateStoreAsync();

    /// <summary>Closes every store instance this test opened, as a shutdown would, then opens the same database again.</summary>
    protected abstract Task<IRevalidationStore> ReopenStoreAsync();

    /// <summary>Closes every store instance this test opened.</summary>
    protected abstract Task CloseStoresAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => CloseStoresAsync();

    // ---- designated bodies ----

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenNew_IsReadBackWithAnETag()
    {
        var code = NewBodyCode();
        var body = Body(code);
        Ok(body.AddAppraiser(new StaffMember("appraiser-1", "Dr Appraiser")));
        Ok(body.SetContacts("md@example.nhs.uk", "admin@example.nhs.uk"));

        var outcome = await Store.SaveDesignatedBodyAsync(body, [Audit(code, null, Admin, "body.created", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotNull(outcome.ETag);
        Assert.Equal(outcome.ETag, body.ETag);
        var read = await Store.GetDesignatedBodyAsync(code);
        Assert.NotNull(read);
        Assert.Equal(outcome.ETag, read.ETag);
        Assert.Equal(Json(body), Json(read));
        Assert.Contains(code, await Store.ListDesignatedBodiesAsync());
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenUpdatedWithCurrentETag_SavesAndChangesETag()
    {
        var code = NewBodyCode();
        var body = Body(code);
        await SaveAsync(body);
        var firstETag = body.ETag;
        var read = (await Store.GetDesignatedBodyAsync(code))!;
        Ok(read.Rename("Southfield Hospitals NHS Trust"));

        var outcome = await Store.SaveDesignatedBodyAsync(read, []);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(firstETag, outcome.ETag);
        var again = await Store.GetDesignatedBodyAsync(code);
        Assert.Equal("Southfield Hospitals NHS Trust", again!.Name);
        Assert.Equal(outcome.ETag, again.ETag);
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        await SaveAsync(Body(code));
        var first = (await Store.GetDesignatedBodyAsync(code))!;
        var second = (await Store.GetDesignatedBodyAsync(code))!;
        Ok(first.Rename("First Trust"));
        Ok(second.Rename("Second Trust"));

        var firstOutcome = await Store.SaveDesignatedBodyAsync(first, []);
        var secondOutcome = await Store.SaveDesignatedBodyAsync(second, [Audit(code, null, Admin, "body.renamed", Now)]);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        Assert.Equal("First Trust", (await Store.GetDesignatedBodyAsync(code))!.Name);
        Assert.Empty(await Store.QueryAuditAsync(code, new AuditQuery()));
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenCreatedTwice_ReturnsConflict()
    {
        var code = NewBodyCode();
        await SaveAsync(Body(code, "First Trust"));

        var outcome = await Store.SaveDesignatedBodyAsync(Body(code, "Second Trust"), []);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Equal("First Trust", (await Store.GetDesignatedBodyAsync(code))!.Name);
    }

    [Fact]
    public async Task GetDesignatedBodyAsync_WhenMissing_ReturnsNull() =>
        Assert.Null(await Store.GetDesignatedBodyAsync(NewBodyCode()));

    // ---- doctors: create, read, update ----

    [Fact]
    public async Task SaveDoctorAsync_WhenNew_RoundTripsTheWholeRecord()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).WithAppraisalAndEvidence().WithDraftRevalidation().Build();
        Ok(doctor.SetResponsibleOfficerConflict(true, new StaffMember("ro-2", "Dr Second Officer")));

        var outcome = await Store.SaveDoctorAsync(doctor, [Audit(code, doctor.Id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotNull(outcome.ETag);
        Assert.Equal(outcome.ETag, doctor.ETag);
        var read = await Store.GetDoctorAsync(code, doctor.Id);
        Assert.NotNull(read);
        Assert.Equal(outcome.ETag, read.ETag);
        Assert.Equal(Json(doctor), Json(read));
        Assert.Equal(doctor.Recommendations.Open!.Id, read.Recommendations.Open?.Id);
        Assert.Equal(2, read.Evidence.Items.Count);
        Assert.True(read.Appraisals.For(2025)!.IsCompleted);
    }

    [Fact]
    public async Task FindDoctorByGmcNumberAsync_WhenDoctorExists_ReturnsIt()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);

        var found = await Store.FindDoctorByGmcNumberAsync(code, doctor.GmcNumber);

        Assert.Equal(doctor.Id, found?.Id);
        Assert.Equal(doctor.ETag, found?.ETag);
    }

    [Fact]
    public async Task GetDoctorAsync_WhenMissing_ReturnsNull()
    {
        var code = NewBodyCode();
        await SaveAsync(new DoctorBuilder(code).Build());

        Assert.Null(await Store.GetDoctorAsync(code, Guid.NewGuid()));
        Assert.Null(await Store.FindDoctorByGmcNumberAsync(code, NewGmcNumber()));
        Assert.Empty(await Store.ListDoctorSummariesAsync(NewBodyCode()));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenUpdatedWithCurrentETag_SavesChangeAndNewETag()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var firstETag = doctor.ETag;
        var read = (await Store.GetDoctorAsync(code, doctor.Id))!;
        Ok(read.UpdateDirectoryDetails("Ada", "King", "ada.king@example.nhs.uk", "Surgery", "Cardiothoracic surgery", null).Outcome);

        var outcome = await Store.SaveDoctorAsync(read, [Audit(code, doctor.Id, Admin, "doctor.updated", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(firstETag, outcome.ETag);
        Assert.Equal(outcome.ETag, read.ETag);
        var again = (await Store.GetDoctorAsync(code, doctor.Id))!;
        Assert.Equal(("King", "Surgery"), (again.FamilyName, again.Department));
        Assert.Equal(outcome.ETag, again.ETag);

        // The same instance can go on being saved: its ETag moved with the save.
        Ok(read.SetOpenLocalProcess(true));
        Assert.Equal(SaveStatus.Saved, (await Store.SaveDoctorAsync(read, [])).Status);
    }

    // ---- optimistic concurrency (R6) ----

    [Fact]
    public async Task SaveDoctorAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var first = (await Store.GetDoctorAsync(code, doctor.Id))!;
        var second = (await Store.GetDoctorAsync(code, doctor.Id))!;
        Ok(first.UpdateDirectoryDetails("Ada", "Lovelace", null, "Surgery", null, null).Outcome);
        Ok(second.UpdateDirectoryDetails("Ada", "Lovelace", null, "Oncology", null, null).Outcome);

        var firstOutcome = await Store.SaveDoctorAsync(first, [Audit(code, doctor.Id, ResponsibleOfficer, "doctor.updated", Now)]);
        var secondETag = second.ETag;
        var secondOutcome = await Store.SaveDoctorAsync(second, [Audit(code, doctor.Id, Admin, "doctor.updated", Now)]);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        Assert.Null(secondOutcome.ETag);
        Assert.Equal(secondETag, second.ETag);
        var stored = (await Store.GetDoctorAsync(code, doctor.Id))!;
        Assert.Equal("Surgery", stored.Department);
        Assert.Equal(firstOutcome.ETag, stored.ETag);
    }

    [Fact]
    [Trait("Rule", "R6")]
    public async Task SaveDoctorAsync_WhenTwoCopiesBothDraftARecommendation_OnlyTheFirstSaveSucceeds()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var first = (await Store.GetDoctorAsync(code, doctor.Id))!;
        var second = (await Store.GetDoctorAsync(code, doctor.Id))!;

        // Each copy on its own allows a draft: the domain check alone cannot see the other one.
        Ok(first.Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-1", Options).Outcome);
        Ok(second.Recommendations.Draft(new RecommendationDetails(RecommendationType.NonEngagement,
            Attestations: new NonEngagementAttestations(true, true, true, true, true)), Now, "ro-2", Options).Outcome);

        var firstOutcome = await Store.SaveDoctorAsync(first, []);
        var secondOutcome = await Store.SaveDoctorAsync(second, []);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        var stored = (await Store.GetDoctorAsync(code, doctor.Id))!;
        var open = Assert.Single(stored.Recommendations.Items, r => r.IsOpen);
        Assert.Equal(RecommendationType.Revalidate, open.Type);
        var summary = Assert.Single(await Store.ListDoctorSummariesAsync(code));
        Assert.Equal(RecommendationType.Revalidate, summary.OpenRecommendation?.Type);
    }

    [Fact]
    [Trait("Rule", "R6")]
    public async Task SaveDoctorAsync_WhenTwoStoresSaveStaleCopiesConcurrently_ExactlyOneSucceeds()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var otherStore = await CreateStoreAsync();
        var copies = new[] { (await Store.GetDoctorAsync(code, doctor.Id))!, (await otherStore.GetDoctorAsync(code, doctor.Id))! };
        Ok(copies[0].Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-1", Options).Outcome);
        Ok(copies[1].Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-2", Options).Outcome);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Store.SaveDoctorAsync(copies[0], [Audit(code, doctor.Id, new Actor("ro-1", "ResponsibleOfficer"), "recommendation.drafted", Now)])),
            Task.Run(() => otherStore.SaveDoctorAsync(copies[1], [Audit(code, doctor.Id, new Actor("ro-2", "ResponsibleOfficer"), "recommendation.drafted", Now)])));

        Assert.Single(outcomes, o => o.Status == SaveStatus.Saved);
        Assert.Single(outcomes, o => o.Status == SaveStatus.Conflict);
        var stored = (await Store.GetDoctorAsync(code, doctor.Id))!;
        var winner = Array.FindIndex(outcomes, o => o.Saved);
        Assert.Equal(copies[winner].Recommendations.Open!.Id, Assert.Single(stored.Recommendations.Items).Id);
        var audit = Assert.Single(await Store.QueryAuditAsync(code, new AuditQuery(DoctorId: doctor.Id, Limit: 10)), a => a.Action == "recommendation.drafted");
        Assert.Equal(winner == 0 ? "ro-1" : "ro-2", audit.ActorId);
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenSameIdIsCreatedTwice_ReturnsConflict()
    {
        var code = NewBodyCode();
        var id = Guid.NewGuid();
        var gmc = NewGmcNumber();
        await SaveAsync(new DoctorBuilder(code).WithId(id).WithGmcNumber(gmc).Named("Ada", "Lovelace").Build(), Audit(code, id, Admin, "doctor.created", Now));

        var again = new DoctorBuilder(code).WithId(id).WithGmcNumber(gmc).Named("Grace", "Hopper").Build();
        var outcome = await Store.SaveDoctorAsync(again, [Audit(code, id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Null(again.ETag);
        Assert.Equal("Lovelace", (await Store.GetDoctorAsync(code, id))!.FamilyName);
        Assert.Single(await Store.QueryAuditAsync(code, new AuditQuery(DoctorId: id)));
    }

    // ---- GMC number uniqueness (R12) ----

    [Fact]
    [Trait("Rule", "R12")]
    public async Task SaveDoctorAsync_WhenGmcNumberIsTakenInAnotherDesignatedBody_ReturnsDuplicateAndWritesNothing()
    {
        var bodyA = NewBodyCode();
        var bodyB = NewBodyCode();
        var gmc = NewGmcNumber();
        await SaveAsync(new DoctorBuilder(bodyA).WithGmcNumber(gmc).Build());
        var duplicate = new DoctorBuilder(bodyB).WithGmcNumber(gmc).Named("Grace", "Hopper").Build();

        var outcome = await Store.SaveDoctorAsync(duplicate, [Audit(bodyB, duplicate.Id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.DuplicateGmcNumber, outcome.Status);
        Assert.Null(duplicate.ETag);
        Assert.Null(await Store.GetDoctorAsync(bodyB, duplicate.Id));
        Assert.Null(await Store.FindDoctorByGmcNumberAsync(bodyB, gmc));
        Assert.Empty(await Store.ListDoctorSummariesAsync(bodyB));
        Assert.Empty(await Store.QueryAuditAsync(bodyB, new AuditQuery()));
        Assert.Equal("Lovelace", (await Store.FindDoctorByGmcNumberAsync(bodyA, gmc))!.FamilyName);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task SaveDoctorAsync_WhenGmcNumberIsTakenInTheSameDesignatedBody_ReturnsDuplicate()
    {
        var code = NewBodyCode();
        var gmc = NewGmcNumber();
        await SaveAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build());

        var outcome = await Store.SaveDoctorAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build(), []);

        Assert.Equal(SaveStatus.DuplicateGmcNumber, outcome.Status);
        Assert.Single(await Store.ListDoctorSummariesAsync(code));
    }

    // ---- audit of operational actions (no aggregate changes) ----

    [Fact]
    public async Task AppendAuditAsync_WhenAnEventIsAppendedTwice_KeepsItOnceAndOnlyInItsBody()
    {
        var body = NewBodyCode();
        var other = NewBodyCode();
        var retried = Audit(body, null, Admin, "alerts.dead-letters-retried", Now);
        var resolved = Audit(body, null, Admin, "directory.issue-resolved", Now.AddMinutes(1));

        await Store.AppendAuditAsync(body, [retried]);
        await Store.AppendAuditAsync(body, [retried, resolved]);

        var log = await Store.QueryAuditAsync(body, new AuditQuery());
        Assert.Equal(["directory.issue-resolved", "alerts.dead-letters-retried"], log.Select(a => a.Action));
        Assert.Equal(retried.Id, log[1].Id);
        Assert.Empty(await Store.QueryAuditAsync(other, new AuditQuery()));
    }

    [Fact]
    public async Task AppendAuditAsync_WhenAnEventBelongsToAnotherBody_ThrowsAndWritesNothing()
    {
        var body = NewBodyCode();
        var other = NewBodyCode();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAuditAsync(body, [Audit(body, null, Admin, "a", Now), Audit(other, null, Admin, "b", Now)]));

        Assert.Empty(await Store.QueryAuditAsync(body, new AuditQuery()));
        Assert.Empty(await Store.QueryAuditAsync(other, new AuditQuery()));
    }

    // ---- designated-body isolation (§6: every query names its DB) ----

    [Fact]
    public async Task Queries_WhenTwoDesignatedBodiesHaveData_NeverReturnTheOtherBodysData()
    {
        var bodyA = NewBodyCode();
        var bodyB = NewBodyCode();
        var doctorA = new DoctorBuilder(bodyA).Named("Ada", "Lovelace").Build();
        var doctorB = new DoctorBuilder(bodyB).Named("Grace", "Hopper").Build();
        await SaveAsync(doctorA, Audit(bodyA, doctorA.Id, ResponsibleOfficer, "doctor.created", Now));
        await SaveAsync(doctorB, Audit(bodyB, doctorB.Id, ResponsibleOfficer, "doctor.created", Now));
        await Store.AddAlertsAsync(bodyA, [Alert(bodyA, $"{doctorA.Id}:1:ro-notice-start", doctorA.Id)]);
        await Store.AddAlertsAsync(bodyB, [Alert(bodyB, $"{doctorB.Id}:1:ro-notice-start", doctorB.Id)]);

        Assert.Equal([doctorA.Id], (await Store.ListDoctorSummariesAsync(bodyA)).Select(s => s.Id));
        Assert.Null(await Store.GetDoctorAsync(bodyA, doctorB.Id));
        Assert.Null(await Store.FindDoctorByGmcNumberAsync(bodyA, doctorB.GmcNumber));
        Assert.Equal([doctorA.Id], (await Store.QueryAuditAsync(bodyA, new AuditQuery())).Select(a => a.DoctorId));
        Assert.Empty(await Store.QueryAuditAsync(bodyA, new AuditQuery(DoctorId: doctorB.Id)));
        Assert.Equal([doctorA.Id], (await Store.ListAlertsAsync(bodyA)).Select(a => a.DoctorId));
        Assert.All(await Store.ListDoctorSummariesAsync(bodyB), s => Assert.Equal(bodyB, s.DesignatedBody));
    }

    [Fact]
    public async Task GetDoctorAsync_WhenAskedInTheWrongDesignatedBody_ReturnsNull()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);

        Assert.Null(await Store.GetDoctorAsync(NewBodyCode(), doctor.Id));
        Assert.NotNull(await Store.GetDoctorAsync(code, doctor.Id));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenAnAuditEventNamesAnotherDesignatedBody_ThrowsAndWritesNothing()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.SaveDoctorAsync(doctor, [Audit(NewBodyCode(), doctor.Id, Admin, "doctor.created", Now)]));

        Assert.Null(await Store.GetDoctorAsync(code, doctor.Id));
    }

    // ---- leavers (R13) ----

    [Fact]
    [Trait("Rule", "R13")]
    public async Task SaveDoctorAsync_WhenDoctorIsMarkedLeaver_KeepsTheRecordInTheList()
    {
        var code = NewBodyCode();
        var stays = new DoctorBuilder(code).Named("Ada", "Lovelace").Build();
        var leaves = new DoctorBuilder(code).Named("Grace", "Hopper").Build();
        await SaveAsync(stays);
        await SaveAsync(leaves);
        var read = (await Store.GetDoctorAsync(code, leaves.Id))!;
        Ok(read.MarkLeaver(Today));

        var outcome = await Store.SaveDoctorAsync(read, [Audit(code, leaves.Id, Actor.System, "doctor.leaver", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        var summaries = await Store.ListDoctorSummariesAsync(code);
        Assert.Equal(2, summaries.Count);
        var leaver = Assert.Single(summaries, s => s.Id == leaves.Id);
        Assert.Equal(DoctorStatus.Leaver, leaver.Status);
        Assert.Equal(Today, leaver.LeftOn);
        Assert.Equal(DoctorStatus.Leaver, (await Store.GetDoctorAsync(code, leaves.Id))!.Status);
        Assert.NotNull(await Store.FindDoctorByGmcNumberAsync(code, leaves.GmcNumber));
    }

    // ---- audit ----

    [Fact]
    public async Task SaveDoctorAsync_WhenSaved_WritesItsAuditEventsWithTheChange()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        var created = Audit(code, doctor.Id, Admin, "doctor.created", Now, new { gmcNumber = doctor.GmcNumber.Value });
        var flagged = Audit(code, doctor.Id, Admin, "doctor.flagged", Now.AddSeconds(1), new { openLocalProcess = true });

        await SaveAsync(doctor, created, flagged);

        var audit = await Store.QueryAuditAsync(code, new AuditQuery());
        Assert.Equal([flagged, created], audit);
        Assert.Contains("openLocalProcess", audit[0].Change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenSaveConflicts_WritesNoAuditEvent()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var stale = (await Store.GetDoctorAsync(code, doctor.Id))!;
        Ok(doctor.SetOpenLocalProcess(true));
        await SaveAsync(doctor);
        Ok(stale.SetGmcInvestigation(true));

        var outcome = await Store.SaveDoctorAsync(stale, [Audit(code, doctor.Id, ResponsibleOfficer, "doctor.investigation", Now)]);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Empty(await Store.QueryAuditAsync(code, new AuditQuery(ActorId: ResponsibleOfficer.UserId)));
        Assert.False((await Store.GetDoctorAsync(code, doctor.Id))!.UnderGmcInvestigation);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByDoctor_ReturnsOnlyThatDoctorsEventsNewestFirst()
    {
        var (code, x, _, events) = await SeedAuditAsync();

        var result = await Store.QueryAuditAsync(code, new AuditQuery(DoctorId: x));

        Assert.Equal([events[1], events[0]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByActor_ReturnsOnlyThatActorsEventsNewestFirst()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        var result = await Store.QueryAuditAsync(code, new AuditQuery(ActorId: ResponsibleOfficer.UserId));

        Assert.Equal([events[2], events[0]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFilteredByDateRange_ReturnsEventsFromAndToInclusive()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        var result = await Store.QueryAuditAsync(code, new AuditQuery(From: events[1].OccurredAt, To: events[2].OccurredAt));

        Assert.Equal([events[2], events[1]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenFiltersCombine_AppliesAllOfThem()
    {
        var (code, _, y, events) = await SeedAuditAsync();

        var result = await Store.QueryAuditAsync(code, new AuditQuery(DoctorId: y, ActorId: Admin.UserId, From: Now));

        Assert.Equal([events[3]], result);
    }

    [Fact]
    public async Task QueryAuditAsync_WhenLimited_ReturnsTheNewestEvents()
    {
        var (code, _, _, events) = await SeedAuditAsync();

        Assert.Equal([events[3], events[2]], await Store.QueryAuditAsync(code, new AuditQuery(Limit: 2)));
        Assert.Equal([events[3]], await Store.QueryAuditAsync(code, new AuditQuery(Limit: 0)));
        Assert.Equal(events.AsEnumerable().Reverse(), await Store.QueryAuditAsync(code, new AuditQuery(Limit: int.MaxValue)));
    }

    // ---- alerts (§4: exactly once per key) ----

    [Fact]
    public async Task AddAlertsAsync_WhenKeysAreNew_InsertsAndReturnsThem()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        var alerts = new[]
        {
            Alert(code, $"{doctorId}:1:ro-notice-start", doctorId),
            Alert(code, $"{code}:2026-W03:digest") with { DoctorId = null, Recipient = AlertRecipient.MedicalDirector, Kind = "weekly-digest", Detail = null, State = AlertState.Skipped },
        };

        var inserted = await Store.AddAlertsAsync(code, alerts);

        Assert.Equal(alerts, inserted.Select(a => a with { ETag = null }));
        Assert.All(inserted, a => Assert.NotNull(a.ETag));
        Assert.Equal(inserted.OrderBy(a => a.Key, StringComparer.Ordinal), (await Store.ListAlertsAsync(code)).OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddAlertsAsync_WhenKeyIsAlreadyRecorded_ReturnsEmptyAndKeepsTheFirst()
    {
        var code = NewBodyCode();
        var key = $"{Guid.NewGuid()}:1:ro-notice-start";
        await Store.AddAlertsAsync(code, [Alert(code, key)]);

        var second = await Store.AddAlertsAsync(code, [Alert(code, key) with { Detail = "rerun" }]);

        Assert.Empty(second);
        Assert.Equal("under notice", Assert.Single(await Store.ListAlertsAsync(code)).Detail);
    }

    [Fact]
    public async Task AddAlertsAsync_WhenSomeKeysAreRecorded_ReturnsOnlyTheNewOnes()
    {
        var code = NewBodyCode();
        await Store.AddAlertsAsync(code, [Alert(code, "a"), Alert(code, "b")]);

        var inserted = await Store.AddAlertsAsync(code, [Alert(code, "b"), Alert(code, "c"), Alert(code, "c")]);

        Assert.Equal(["c"], inserted.Select(a => a.Key));
        Assert.Equal(3, (await Store.ListAlertsAsync(code)).Count);
    }

    [Fact]
    public async Task AddAlertsAsync_WhenTwoStoresRunConcurrentlyWithOverlappingKeys_InsertsEachKeyExactlyOnce()
    {
        var code = NewBodyCode();
        var otherStore = await CreateStoreAsync();
        var first = Enumerable.Range(0, 40).Select(i => Alert(code, $"{code}:k{i:D2}")).ToList();
        var second = Enumerable.Range(20, 40).Select(i => Alert(code, $"{code}:k{i:D2}")).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => Store.AddAlertsAsync(code, first)),
            Task.Run(() => otherStore.AddAlertsAsync(code, second)));

        var insertedKeys = results.SelectMany(r => r).Select(a => a.Key).ToList();
        Assert.Equal(60, insertedKeys.Count);
        Assert.Equal(60, insertedKeys.Distinct().Count());
        Assert.Equal(60, (await Store.ListAlertsAsync(code)).Count);
    }

    [Fact]
    public async Task AddAlertsAsync_WhenAnAlertNamesAnotherDesignatedBody_ThrowsAndInsertsNothing()
    {
        var code = NewBodyCode();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddAlertsAsync(code, [Alert(code, $"{code}:a"), Alert(NewBodyCode(), $"{code}:b")]));

        Assert.Empty(await Store.ListAlertsAsync(code));
    }

    [Fact]
    public async Task AddAlertsAsync_WhenAlertCarriesRefersToAndDelivery_RoundTripsThem()
    {
        var code = NewBodyCode();
        var alert = Alert(code, $"{code}:dead") with
        {
            RefersTo = new DateOnly(2026, 9, 15),
            State = AlertState.DeadLettered,
            Delivery = new AlertDelivery(3, null, null, null, "SMTP 550 at send (recipient not accepted)", Now.AddMinutes(7)),
        };

        await Store.AddAlertsAsync(code, [alert]);

        Assert.Equal(alert, (await Store.GetAlertAsync(code, alert.Key))! with { ETag = null });
    }

    [Fact]
    public async Task ListDoctorAlertKeysAsync_ReturnsKeyDoctorAndDueDayOfTheBodysDoctorAlertsOnly()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        await Store.AddAlertsAsync(code,
        [
            Alert(code, $"{code}:doctor", doctorId),
            Alert(code, $"{code}:digest") with { DoctorId = null },
        ]);
        var other = NewBodyCode();
        await Store.AddAlertsAsync(other, [Alert(other, $"{other}:doctor", doctorId)]);

        var keys = await Store.ListDoctorAlertKeysAsync(code);

        Assert.Equal([new RecordedAlert($"{code}:doctor", doctorId, new DateOnly(2026, 1, 1))], keys);
    }

    // ---- the outbox: delivery state on the alert, conditional on its ETag ----

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenETagMatches_SavesStateAndDeliveryAndChangesETag()
    {
        var code = NewBodyCode();
        var stored = Assert.Single(await Store.AddAlertsAsync(code, [Alert(code, $"{code}:a")]));
        var claimed = stored.Claim(Now, TimeSpan.FromMinutes(5));

        var outcome = await Store.UpdateAlertDeliveryAsync(claimed);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(stored.ETag, outcome.ETag);
        var read = await Store.GetAlertAsync(code, stored.Key);
        Assert.Equal(claimed with { ETag = outcome.ETag }, read);
        Assert.Equal(AlertState.Sending, read!.State);
        Assert.Equal(1, read.Delivery.Attempts);
        Assert.Equal(Now.AddMinutes(5), read.Delivery.ClaimedUntil);
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        var stored = Assert.Single(await Store.AddAlertsAsync(code, [Alert(code, $"{code}:a")]));
        Assert.True((await Store.UpdateAlertDeliveryAsync(stored.Claim(Now, TimeSpan.FromMinutes(5)))).Saved);

        var second = await Store.UpdateAlertDeliveryAsync(stored.Claim(Now.AddSeconds(1), TimeSpan.FromMinutes(9)));

        Assert.Equal(SaveStatus.Conflict, second.Status);
        Assert.Equal(Now.AddMinutes(5), (await Store.GetAlertAsync(code, stored.Key))!.Delivery.ClaimedUntil);
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenTwoStoresClaimTheSameMessages_EachIsClaimedExactlyOnce()
    {
        var code = NewBodyCode();
        var otherStore = await CreateStoreAsync();
        var stored = await Store.AddAlertsAsync(code, Enumerable.Range(0, 30).Select(i => Alert(code, $"{code}:m{i:D2}")).ToList());
        var mine = await Store.ListDeliverableAlertsAsync(code, Now, 100);
        var theirs = await otherStore.ListDeliverableAlertsAsync(code, Now, 100);

        var results = await Task.WhenAll(
            Task.Run(async () => await Task.WhenAll(mine.Select(a => Store.UpdateAlertDeliveryAsync(a.Claim(Now, TimeSpan.FromMinutes(5)))))),
            Task.Run(async () => await Task.WhenAll(theirs.Select(a => otherStore.UpdateAlertDeliveryAsync(a.Claim(Now, TimeSpan.FromMinutes(5)))))));

        Assert.Equal(stored.Count, results.SelectMany(r => r).Count(o => o.Saved));
        Assert.Empty(await Store.ListDeliverableAlertsAsync(code, Now, 100));
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenAlertWasSentOrSkipped_RefusesEveryChange()
    {
        var code = NewBodyCode();
        var stored = await Store.AddAlertsAsync(code, [Alert(code, $"{code}:sent"), Alert(code, $"{code}:skipped") with { State = AlertState.Skipped }]);
        var sent = stored[0].Claim(Now, TimeSpan.FromMinutes(5));
        var saved = await Store.UpdateAlertDeliveryAsync(sent);
        sent = sent.MarkSent(Now.AddSeconds(2)) with { ETag = saved.ETag };
        saved = await Store.UpdateAlertDeliveryAsync(sent);
        Assert.True(saved.Saved);

        var resend = await Store.UpdateAlertDeliveryAsync(sent with { ETag = saved.ETag, State = AlertState.Pending });
        var sendSkipped = await Store.UpdateAlertDeliveryAsync(stored[1] with { State = AlertState.Pending });

        Assert.Equal(SaveStatus.Conflict, resend.Status);
        Assert.Equal(SaveStatus.Conflict, sendSkipped.Status);
        Assert.Equal(AlertState.Sent, (await Store.GetAlertAsync(code, stored[0].Key))!.State);
        Assert.Equal(AlertState.Skipped, (await Store.GetAlertAsync(code, stored[1].Key))!.State);
    }

    [Fact]
    public async Task ListDeliverableAlertsAsync_ReturnsDuePendingAndExpiredClaimsOnly_OldestFirst()
    {
        var code = NewBodyCode();
        AlertRecord At(string key, int minutes, AlertState state, AlertDelivery delivery) =>
            Alert(code, $"{code}:{key}") with { CreatedAt = Now.AddMinutes(minutes), State = state, Delivery = delivery };
        await Store.AddAlertsAsync(code,
        [
            At("pending-later", 3, AlertState.Pending, AlertDelivery.None),
            At("pending-now", 1, AlertState.Pending, AlertDelivery.None),
            At("retry-due", 2, AlertState.Pending, new AlertDelivery(1, NextAttemptAt: Now)),
            At("retry-not-yet", 0, AlertState.Pending, new AlertDelivery(1, NextAttemptAt: Now.AddSeconds(1))),
            At("claim-live", 0, AlertState.Sending, new AlertDelivery(1, ClaimedUntil: Now.AddMinutes(1))),
            At("claim-expired", 4, AlertState.Sending, new AlertDelivery(1, ClaimedUntil: Now)),
            At("sent", 0, AlertState.Sent, new AlertDelivery(1, SentAt: Now)),
            At("skipped", 0, AlertState.Skipped, AlertDelivery.None),
            At("dead", 0, AlertState.DeadLettered, new AlertDelivery(12, LastError: "gave up", DeadLetteredAt: Now)),
        ]);
        var other = NewBodyCode();
        await Store.AddAlertsAsync(other, [Alert(other, $"{other}:elsewhere")]);

        var due = await Store.ListDeliverableAlertsAsync(code, Now, 100);

        Assert.Equal(["pending-now", "retry-due", "pending-later", "claim-expired"], due.Select(a => a.Key[(code.Value.Length + 1)..]));
        Assert.All(due, a => Assert.True(a.IsDeliverable(Now)));
        Assert.Equal(2, (await Store.ListDeliverableAlertsAsync(code, Now, 2)).Count);
    }

    [Fact]
    public async Task ListAlertsInStateAsync_WhenDeadLettered_ReturnsThemNewestFirstWithTheirReason()
    {
        var code = NewBodyCode();
        await Store.AddAlertsAsync(code,
        [
            Alert(code, $"{code}:old") with { State = AlertState.DeadLettered, Delivery = new AlertDelivery(1, LastError: "no address") },
            Alert(code, $"{code}:new") with { CreatedAt = Now.AddDays(1), State = AlertState.DeadLettered, Delivery = new AlertDelivery(2, LastError: "550") },
            Alert(code, $"{code}:fine"),
        ]);

        var dead = await Store.ListAlertsInStateAsync(code, AlertState.DeadLettered, 10);

        Assert.Equal([$"{code}:new", $"{code}:old"], dead.Select(a => a.Key));
        Assert.Equal(["550", "no address"], dead.Select(a => a.Delivery.LastError));
        Assert.Single(await Store.ListAlertsInStateAsync(code, AlertState.DeadLettered, 1));
    }

    [Fact]
    public async Task GetAlertAsync_WhenMissingOrAskedInAnotherBody_ReturnsNull()
    {
        var code = NewBodyCode();
        await Store.AddAlertsAsync(code, [Alert(code, $"{code}:a")]);

        Assert.Null(await Store.GetAlertAsync(code, $"{code}:missing"));
        Assert.Null(await Store.GetAlertAsync(NewBodyCode(), $"{code}:a"));
    }

    // ---- the scheduler lease ----

    [Fact]
    public async Task TryAcquireLeaseAsync_WhenFree_GrantsItAndRefusesAnotherHolderUntilItLapses()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var term = TimeSpan.FromSeconds(60);

        var first = await Store.TryAcquireLeaseAsync(name, "a", Now, term);
        var other = await Store.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(59), term);
        var renewed = await Store.TryAcquireLeaseAsync(name, "a", Now.AddSeconds(30), term);
        var stillRefused = await Store.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(89), term);
        var takenOver = await Store.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(90), term);
        var formerHolder = await Store.TryAcquireLeaseAsync(name, "a", Now.AddSeconds(91), term);

        Assert.Equal(new LeaseGrant(name, "a", Now.Add(term)), first);
        Assert.Null(other);
        Assert.Equal(Now.AddSeconds(90), renewed!.ExpiresAt);
        Assert.Null(stillRefused);
        Assert.Equal(new LeaseGrant(name, "b", Now.AddSeconds(150)), takenOver);
        Assert.Null(formerHolder);
    }

    [Fact]
    public async Task ReleaseLeaseAsync_WhenHolderReleases_AnotherTakesItAtOnce_AndOthersCannotRelease()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var term = TimeSpan.FromSeconds(60);
        await Store.TryAcquireLeaseAsync(name, "a", Now, term);

        await Store.ReleaseLeaseAsync(name, "b");
        Assert.Null(await Store.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(1), term));

        await Store.ReleaseLeaseAsync(name, "a");
        Assert.NotNull(await Store.TryAcquireLeaseAsync(name, "b", Now.AddSeconds(2), term));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_WhenTwoStoresRaceForAFreeLease_GrantsItToExactlyOne()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        var otherStore = await CreateStoreAsync();

        var grants = await Task.WhenAll(
            Task.Run(() => Store.TryAcquireLeaseAsync(name, "a", Now, TimeSpan.FromMinutes(1))),
            Task.Run(() => otherStore.TryAcquireLeaseAsync(name, "b", Now, TimeSpan.FromMinutes(1))));

        Assert.Single(grants, g => g is not null);
    }

    // ---- summaries ----

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenRecordIsSaved_ReflectsRsdRecommendationAndEvidence()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).WithRsd(new DateOnly(2026, 4, 30)).WithAppraisalAndEvidence().WithDraftRevalidation().Build();
        await SaveAsync(doctor);

        var summary = Assert.Single(await Store.ListDoctorSummariesAsync(code));

        Assert.Equal(doctor.Id, summary.Id);
        Assert.Equal(doctor.GmcNumber, summary.GmcNumber);
        Assert.Equal(new DateOnly(2026, 4, 30), summary.Cycle?.Rsd);
        Assert.Equal(RecommendationStatus.Draft, summary.OpenRecommendation?.Status);
        Assert.True(summary.QualityImprovementInCycle);
        var year = Assert.Single(summary.Years);
        Assert.True(year.Completed && year.Cpd && year.Probity && year.Health);
        Assert.Equal(12.5m, year.CpdCredits);
        Assert.Equal(JsonSerializer.Serialize(Core.Readiness.DoctorSummary.From(doctor), StoreJson.Options), JsonSerializer.Serialize(summary, StoreJson.Options));
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenRecordIsUpdated_ReflectsTheUpdate()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).WithRsd(new DateOnly(2026, 4, 30), confirmed: false).Build();
        await SaveAsync(doctor);
        Ok(doctor.Cycles.ConfirmRsd(new DateOnly(2026, 6, 30)));
        Ok(doctor.SetGmcInvestigation(true));

        await SaveAsync(doctor);

        var summary = Assert.Single(await Store.ListDoctorSummariesAsync(code));
        Assert.Equal(new DateOnly(2026, 6, 30), summary.Cycle?.Rsd);
        Assert.True(summary.Cycle?.RsdConfirmed);
        Assert.True(summary.UnderGmcInvestigation);
    }

    // ---- durability ----

    [Fact]
    public async Task ReopenedStore_WhenDataWasSaved_StillHasIt()
    {
        var code = NewBodyCode();
        var body = Body(code);
        var doctor = new DoctorBuilder(code).WithAppraisalAndEvidence().Build();
        var created = Audit(code, doctor.Id, Admin, "doctor.created", Now);
        await SaveAsync(body);
        await SaveAsync(doctor, created);
        await Store.AddAlertsAsync(code, [Alert(code, $"{doctor.Id}:1:ro-notice-start", doctor.Id)]);

        var reopened = await ReopenStoreAsync();

        Assert.Equal(Json(body), Json((await reopened.GetDesignatedBodyAsync(code))!));
        var read = await reopened.GetDoctorAsync(code, doctor.Id);
        Assert.Equal(Json(doctor), Json(read!));
        Assert.Equal(doctor.ETag, read!.ETag);
        Assert.Single(await reopened.ListDoctorSummariesAsync(code));
        Assert.Equal([created], await reopened.QueryAuditAsync(code, new AuditQuery()));
        Assert.Single(await reopened.ListAlertsAsync(code));
        Assert.Empty(await reopened.AddAlertsAsync(code, [Alert(code, $"{doctor.Id}:1:ro-notice-start", doctor.Id)]));

        // And it keeps working: a save with the ETag read before the restart still applies.
        Ok(read.SetOpenLocalProcess(true));
        Assert.Equal(SaveStatus.Saved, (await reopened.SaveDoctorAsync(read, [])).Status);
    }

    // ---- helpers ----

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, StoreJson.Options);

    private async Task SaveAsync(DesignatedBody body)
    {
        var outcome = await Store.SaveDesignatedBodyAsync(body, []);
        Assert.Equal(SaveStatus.Saved, outcome.Status);
    }

    private async Task SaveAsync(DoctorRecord doctor, params AuditEvent[] audit)
    {
        var outcome = await Store.SaveDoctorAsync(doctor, audit);
        Assert.Equal(SaveStatus.Saved, outcome.Status);
    }

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
