using System.Text.Json;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="IDoctorStore"/> must do (docs/decisions/0001), written against the ports only: the
/// record, its summary and its audit events saved together, optimistic concurrency (R6), GMC numbers unique (R12),
/// leavers kept (R13), every read in one designated body, and all of it durable. An adapter's test class subclasses
/// this and says how to open its store (<see cref="IStoreSource"/>); nothing else changes.
/// </summary>
public abstract class DoctorStoreContractTests(IStoreSource source) : StoreContract(source)
{
    // ---- create, read, update ----

    [Fact]
    public async Task SaveDoctorAsync_WhenNew_RoundTripsTheWholeRecord()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).WithAppraisalAndEvidence().WithDraftRevalidation().Build();
        Ok(doctor.Concerns.SetResponsibleOfficerConflict(true, new StaffMember("ro-2", "Dr Second Officer")));

        var outcome = await Doctors.SaveDoctorAsync(doctor, [Audit(code, doctor.Id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotNull(outcome.ETag);
        Assert.Equal(outcome.ETag, doctor.ETag);
        var read = await Doctors.GetDoctorAsync(code, doctor.Id);
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

        var found = await Doctors.FindDoctorByGmcNumberAsync(code, doctor.GmcNumber);

        Assert.Equal(doctor.Id, found?.Id);
        Assert.Equal(doctor.ETag, found?.ETag);
    }

    [Fact]
    public async Task GetDoctorAsync_WhenMissing_ReturnsNull()
    {
        var code = NewBodyCode();
        await SaveAsync(new DoctorBuilder(code).Build());

        Assert.Null(await Doctors.GetDoctorAsync(code, Guid.NewGuid()));
        Assert.Null(await Doctors.FindDoctorByGmcNumberAsync(code, NewGmcNumber()));
        Assert.Empty(await Doctors.ListDoctorSummariesAsync(NewBodyCode()));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenUpdatedWithCurrentETag_SavesChangeAndNewETag()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var firstETag = doctor.ETag;
        var read = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        Ok(read.UpdateDirectoryDetails("Ada", "King", "ada.king@example.nhs.uk", "Surgery", "Cardiothoracic surgery", null).Outcome);

        var outcome = await Doctors.SaveDoctorAsync(read, [Audit(code, doctor.Id, Admin, "doctor.updated", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(firstETag, outcome.ETag);
        Assert.Equal(outcome.ETag, read.ETag);
        var again = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        Assert.Equal(("King", "Surgery"), (again.FamilyName, again.Department));
        Assert.Equal(outcome.ETag, again.ETag);

        // The same instance can go on being saved: its ETag moved with the save.
        Ok(read.Concerns.SetOpenLocalProcess(true));
        Assert.Equal(SaveStatus.Saved, (await Doctors.SaveDoctorAsync(read, [])).Status);
    }

    // ---- optimistic concurrency (R6) ----

    [Fact]
    public async Task SaveDoctorAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var first = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        var second = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        Ok(first.UpdateDirectoryDetails("Ada", "Lovelace", null, "Surgery", null, null).Outcome);
        Ok(second.UpdateDirectoryDetails("Ada", "Lovelace", null, "Oncology", null, null).Outcome);

        var firstOutcome = await Doctors.SaveDoctorAsync(first, [Audit(code, doctor.Id, ResponsibleOfficer, "doctor.updated", Now)]);
        var secondETag = second.ETag;
        var secondOutcome = await Doctors.SaveDoctorAsync(second, [Audit(code, doctor.Id, Admin, "doctor.updated", Now)]);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        Assert.Null(secondOutcome.ETag);
        Assert.Equal(secondETag, second.ETag);
        var stored = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
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
        var first = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        var second = (await Doctors.GetDoctorAsync(code, doctor.Id))!;

        // Each copy on its own allows a draft: the domain check alone cannot see the other one.
        Ok(first.Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-1", Options).Outcome);
        Ok(second.Recommendations.Draft(new RecommendationDetails(RecommendationType.NonEngagement,
            Attestations: new NonEngagementAttestations(true, true, true, true, CriterionAnswer.Confirmed, CriterionAnswer.Confirmed)), Now, "ro-2", Options).Outcome);

        var firstOutcome = await Doctors.SaveDoctorAsync(first, []);
        var secondOutcome = await Doctors.SaveDoctorAsync(second, []);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        var stored = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        var open = Assert.Single(stored.Recommendations.Items, r => r.IsOpen);
        Assert.Equal(RecommendationType.Revalidate, open.Type);
        var summary = Assert.Single(await Doctors.ListDoctorSummariesAsync(code));
        Assert.Equal(RecommendationType.Revalidate, summary.OpenRecommendation?.Type);
    }

    [Fact]
    [Trait("Rule", "R6")]
    public async Task SaveDoctorAsync_WhenTwoStoresSaveStaleCopiesConcurrently_ExactlyOneSucceeds()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var otherStore = await CreateStoresAsync();
        var copies = new[] { (await Doctors.GetDoctorAsync(code, doctor.Id))!, (await otherStore.Doctors.GetDoctorAsync(code, doctor.Id))! };
        Ok(copies[0].Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-1", Options).Outcome);
        Ok(copies[1].Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate), Now, "ro-2", Options).Outcome);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Doctors.SaveDoctorAsync(copies[0], [Audit(code, doctor.Id, new Actor("ro-1", "ResponsibleOfficer"), "recommendation.drafted", Now)])),
            Task.Run(() => otherStore.Doctors.SaveDoctorAsync(copies[1], [Audit(code, doctor.Id, new Actor("ro-2", "ResponsibleOfficer"), "recommendation.drafted", Now)])));

        Assert.Single(outcomes, o => o.Status == SaveStatus.Saved);
        Assert.Single(outcomes, o => o.Status == SaveStatus.Conflict);
        var stored = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        var winner = Array.FindIndex(outcomes, o => o.Saved);
        Assert.Equal(copies[winner].Recommendations.Open!.Id, Assert.Single(stored.Recommendations.Items).Id);
        var audit = Assert.Single(await AuditLog.QueryAuditAsync(code, new AuditQuery(DoctorId: doctor.Id, Limit: 10)), a => a.Action == "recommendation.drafted");
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
        var outcome = await Doctors.SaveDoctorAsync(again, [Audit(code, id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Null(again.ETag);
        Assert.Equal("Lovelace", (await Doctors.GetDoctorAsync(code, id))!.FamilyName);
        Assert.Single(await AuditLog.QueryAuditAsync(code, new AuditQuery(DoctorId: id)));
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

        var outcome = await Doctors.SaveDoctorAsync(duplicate, [Audit(bodyB, duplicate.Id, Admin, "doctor.created", Now)]);

        Assert.Equal(SaveStatus.DuplicateGmcNumber, outcome.Status);
        Assert.Null(duplicate.ETag);
        Assert.Null(await Doctors.GetDoctorAsync(bodyB, duplicate.Id));
        Assert.Null(await Doctors.FindDoctorByGmcNumberAsync(bodyB, gmc));
        Assert.Empty(await Doctors.ListDoctorSummariesAsync(bodyB));
        Assert.Empty(await AuditLog.QueryAuditAsync(bodyB, new AuditQuery()));
        Assert.Equal("Lovelace", (await Doctors.FindDoctorByGmcNumberAsync(bodyA, gmc))!.FamilyName);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task SaveDoctorAsync_WhenGmcNumberIsTakenInTheSameDesignatedBody_ReturnsDuplicate()
    {
        var code = NewBodyCode();
        var gmc = NewGmcNumber();
        await SaveAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build());

        var outcome = await Doctors.SaveDoctorAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build(), []);

        Assert.Equal(SaveStatus.DuplicateGmcNumber, outcome.Status);
        Assert.Single(await Doctors.ListDoctorSummariesAsync(code));
    }

    // ---- designated-body isolation (every read names its body) ----

    [Fact]
    public async Task Queries_WhenTwoDesignatedBodiesHaveData_NeverReturnTheOtherBodysData()
    {
        var bodyA = NewBodyCode();
        var bodyB = NewBodyCode();
        var doctorA = new DoctorBuilder(bodyA).Named("Ada", "Lovelace").Build();
        var doctorB = new DoctorBuilder(bodyB).Named("Grace", "Hopper").Build();
        await SaveAsync(doctorA, Audit(bodyA, doctorA.Id, ResponsibleOfficer, "doctor.created", Now));
        await SaveAsync(doctorB, Audit(bodyB, doctorB.Id, ResponsibleOfficer, "doctor.created", Now));
        await Outbox.AddAlertsAsync(bodyA, [Alert(bodyA, $"{doctorA.Id}:1:ro-notice-start", doctorA.Id)]);
        await Outbox.AddAlertsAsync(bodyB, [Alert(bodyB, $"{doctorB.Id}:1:ro-notice-start", doctorB.Id)]);

        Assert.Equal([doctorA.Id], (await Doctors.ListDoctorSummariesAsync(bodyA)).Select(s => s.Id));
        Assert.Null(await Doctors.GetDoctorAsync(bodyA, doctorB.Id));
        Assert.Null(await Doctors.FindDoctorByGmcNumberAsync(bodyA, doctorB.GmcNumber));
        Assert.Equal([doctorA.Id], (await AuditLog.QueryAuditAsync(bodyA, new AuditQuery())).Select(a => a.DoctorId));
        Assert.Empty(await AuditLog.QueryAuditAsync(bodyA, new AuditQuery(DoctorId: doctorB.Id)));
        Assert.Equal([doctorA.Id], (await Outbox.ListAllAlertsAsync(bodyA)).Select(a => a.DoctorId));
        Assert.All(await Doctors.ListDoctorSummariesAsync(bodyB), s => Assert.Equal(bodyB, s.DesignatedBody));
    }

    [Fact]
    public async Task GetDoctorAsync_WhenAskedInTheWrongDesignatedBody_ReturnsNull()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);

        Assert.Null(await Doctors.GetDoctorAsync(NewBodyCode(), doctor.Id));
        Assert.NotNull(await Doctors.GetDoctorAsync(code, doctor.Id));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenAnAuditEventNamesAnotherDesignatedBody_ThrowsAndWritesNothing()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Doctors.SaveDoctorAsync(doctor, [Audit(NewBodyCode(), doctor.Id, Admin, "doctor.created", Now)]));

        Assert.Null(await Doctors.GetDoctorAsync(code, doctor.Id));
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
        var read = (await Doctors.GetDoctorAsync(code, leaves.Id))!;
        Ok(read.MarkLeaver(Today));

        var outcome = await Doctors.SaveDoctorAsync(read, [Audit(code, leaves.Id, Actor.System, "doctor.leaver", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        var summaries = await Doctors.ListDoctorSummariesAsync(code);
        Assert.Equal(2, summaries.Count);
        var leaver = Assert.Single(summaries, s => s.Id == leaves.Id);
        Assert.Equal(DoctorStatus.Leaver, leaver.Status);
        Assert.Equal(Today, leaver.LeftOn);
        Assert.Equal(DoctorStatus.Leaver, (await Doctors.GetDoctorAsync(code, leaves.Id))!.Status);
        Assert.NotNull(await Doctors.FindDoctorByGmcNumberAsync(code, leaves.GmcNumber));
    }

    // ---- audit, written with the change ----

    [Fact]
    public async Task SaveDoctorAsync_WhenSaved_WritesItsAuditEventsWithTheChange()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        var created = Audit(code, doctor.Id, Admin, "doctor.created", Now, new { gmcNumber = doctor.GmcNumber.Value });
        var flagged = Audit(code, doctor.Id, Admin, "doctor.flagged", Now.AddSeconds(1), new { openLocalProcess = true });

        await SaveAsync(doctor, created, flagged);

        var audit = await AuditLog.QueryAuditAsync(code, new AuditQuery());
        Assert.Equal([flagged, created], audit);
        Assert.Contains("openLocalProcess", audit[0].Change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenSaveConflicts_WritesNoAuditEvent()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await SaveAsync(doctor);
        var stale = (await Doctors.GetDoctorAsync(code, doctor.Id))!;
        Ok(doctor.Concerns.SetOpenLocalProcess(true));
        await SaveAsync(doctor);
        Ok(stale.Concerns.SetGmcInvestigation(true));

        var outcome = await Doctors.SaveDoctorAsync(stale, [Audit(code, doctor.Id, ResponsibleOfficer, "doctor.investigation", Now)]);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Empty(await AuditLog.QueryAuditAsync(code, new AuditQuery(ActorId: ResponsibleOfficer.UserId)));
        Assert.False((await Doctors.GetDoctorAsync(code, doctor.Id))!.Concerns.UnderGmcInvestigation);
    }

    // ---- summaries ----

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenRecordIsSaved_ReflectsRsdRecommendationAndEvidence()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).WithRsd(new DateOnly(2026, 4, 30)).WithAppraisalAndEvidence().WithDraftRevalidation().Build();
        await SaveAsync(doctor);

        var summary = Assert.Single(await Doctors.ListDoctorSummariesAsync(code));

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
        Ok(doctor.Cycles.ConfirmRsd(new DateOnly(2026, 6, 30), new DateOnly(2026, 1, 5)));
        Ok(doctor.Concerns.SetGmcInvestigation(true));

        await SaveAsync(doctor);

        var summary = Assert.Single(await Doctors.ListDoctorSummariesAsync(code));
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
        await Outbox.AddAlertsAsync(code, [Alert(code, $"{doctor.Id}:1:ro-notice-start", doctor.Id)]);

        var reopened = await ReopenStoresAsync();

        Assert.Equal(Json(body), Json((await reopened.Bodies.GetDesignatedBodyAsync(code))!));
        var read = await reopened.Doctors.GetDoctorAsync(code, doctor.Id);
        Assert.Equal(Json(doctor), Json(read!));
        Assert.Equal(doctor.ETag, read!.ETag);
        Assert.Single(await reopened.Doctors.ListDoctorSummariesAsync(code));
        Assert.Equal([created], await reopened.AuditLog.QueryAuditAsync(code, new AuditQuery()));
        Assert.Single(await reopened.Outbox.ListAllAlertsAsync(code));
        Assert.Empty(await reopened.Outbox.AddAlertsAsync(code, [Alert(code, $"{doctor.Id}:1:ro-notice-start", doctor.Id)]));

        // And it keeps working: a save with the ETag read before the restart still applies.
        Ok(read.Concerns.SetOpenLocalProcess(true));
        Assert.Equal(SaveStatus.Saved, (await reopened.Doctors.SaveDoctorAsync(read, [])).Status);
    }
}
