using System.Net;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Core.Common;
using Revalidation.Server.Demo;
using RecommendationStatus = Revalidation.Contracts.RecommendationStatus;

namespace Revalidation.Api.Tests;

/// <summary>The RO's recommendation workflow through HTTP (R4–R11), and optimistic concurrency on a draft.</summary>
public sealed class RecommendationWorkflowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string RoId = "demo-ro";

    [Trait("Rule", "R11")]
    [Fact]
    public async Task Workflow_WhenDraftedEditedSubmittedAndApproved_OpensANewCycleWithTheGmcRsdAndAuditsEveryStep()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60);
        var oldRsd = doctor.CurrentCycle!.Rsd;
        var newRsd = oldRsd.AddYears(5).AddDays(3);
        using var ro = factory.ResponsibleOfficer();

        using var drafted = await ro.DraftAsync(doctor.Id, Recommend.Revalidate("First draft"));
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var draft = await drafted.ReadAsync<RecommendationResponse>();
        Assert.Equal($"/api/doctors/{doctor.Id}/recommendations/{draft.Id}", drafted.Headers.Location?.OriginalString);
        Assert.Equal((RecommendationStatus.Draft, 1, RoId), (draft.Status, draft.CycleNumber, draft.CreatedBy));

        using var edited = await ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Second draft"));
        Assert.Equal("Second draft", (await edited.ReadAsync<RecommendationResponse>()).Comments);

        using var submittedResponse = await ro.SubmitAsync(doctor.Id, draft.Id);
        var submitted = await submittedResponse.ReadAsync<RecommendationResponse>();
        Assert.Equal((RecommendationStatus.Submitted, factory.Today, RoId, oldRsd), (submitted.Status, submitted.SubmittedOn!.Value, submitted.SubmittedBy!, submitted.RsdAtSubmission!.Value));

        using var underReview = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "UnderReview" });
        Assert.Equal(RecommendationStatus.UnderReview, (await underReview.ReadAsync<RecommendationResponse>()).Status);

        using var approvedResponse = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved", newRsd, gmcRecommendationId = "GMC-REC-1" });
        var approved = await approvedResponse.ReadAsync<RecommendationResponse>();
        Assert.Equal((RecommendationStatus.Approved, factory.Today, "GMC-REC-1"), (approved.Status, approved.OutcomeOn!.Value, approved.GmcRecommendationId!));

        var record = await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options);
        Assert.Equal((2, factory.Today, newRsd, true), (record!.Cycle!.Number, record.Cycle.StartDate, record.Cycle.Rsd, record.Cycle.RsdConfirmed));
        Assert.Null(record.OpenRecommendation);
        Assert.False(record.UnderNotice);

        var history = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Equal(RecommendationStatus.Approved, Assert.Single(history!).Status);

        var audit = (await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!;
        Assert.Equal(
            ["recommendation.drafted", "recommendation.edited", "recommendation.submitted", "recommendation.outcome-recorded", "recommendation.outcome-recorded"],
            audit.AsEnumerable().Reverse().Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((RoId, "ResponsibleOfficer", doctor.Id), (a.ActorId, a.ActorRole, a.DoctorId!.Value)));
        Assert.Contains("Second draft", audit[3].Change, StringComparison.Ordinal);
        Assert.Contains("Approved", audit[0].Summary, StringComparison.Ordinal);
        Assert.Contains("under review", audit[1].Summary, StringComparison.Ordinal); // plain words, never the enum name

        // R6 applies per cycle: the new cycle can have its own recommendation.
        var next = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        Assert.Equal(2, next.CycleNumber);
    }

    [Trait("Rule", "R1")]
    [Trait("Rule", "R11")]
    [Fact]
    public async Task RecordOutcome_WhenApprovedWithoutAGmcDate_EstimatesTheNextRsdFiveYearsOnAndMarksItEstimated()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await SubmittedAsync(ro, doctor.Id, Recommend.Revalidate());

        using var approved = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var record = await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options);
        Assert.Equal((2, doctor.CurrentCycle!.Rsd.AddYears(5), false), (record!.Cycle!.Number, record.Cycle.Rsd, record.Cycle.RsdConfirmed));
    }

    [Trait("Rule", "R8")]
    [Trait("Rule", "R11")]
    [Fact]
    public async Task RecordOutcome_WhenADeferralIsApproved_MovesTheRsdToTheProposedDateInTheSameCycle()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        var proposed = doctor.CurrentCycle!.Rsd.AddDays(180);
        using var ro = factory.ResponsibleOfficer();
        var draft = await SubmittedAsync(ro, doctor.Id, Recommend.Defer(proposed));

        using var approved = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var record = await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options);
        Assert.Equal((1, proposed), (record!.Cycle!.Number, record.Cycle.Rsd));
        Assert.False(record.UnderNotice);
    }

    [Trait("Rule", "R6")]
    [Fact]
    public async Task Draft_WhenARecommendationIsAlreadyOpen_Returns422R6WhetherDraftOrSubmitted()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var first = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());

        using (var second = await ro.DraftAsync(doctor.Id, Recommend.NonEngagement()))
        {
            (await second.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.OneOpenRecommendation);
        }

        using (var submitted = await ro.SubmitAsync(doctor.Id, first.Id))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using (var third = await ro.DraftAsync(doctor.Id, Recommend.Revalidate()))
        {
            (await third.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.OneOpenRecommendation);
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Trait("Rule", "R10")]
    [Fact]
    public async Task Submit_WhileTheDoctorIsUnderGmcInvestigation_Returns422R10UntilTheFlagIsCleared()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        using (var flagged = await ro.PutAsync($"/api/doctors/{doctor.Id}/flags", Http.Json(new { underGmcInvestigation = true })))
        {
            Assert.True((await flagged.ReadAsync<DoctorResponse>()).UnderGmcInvestigation);
        }

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using (var refused = await ro.SubmitAsync(doctor.Id, draft.Id))
        {
            (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.FitnessToPractise, "underGmcInvestigation");
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);

        using (var cleared = await ro.PutAsync($"/api/doctors/{doctor.Id}/flags", Http.Json(new { underGmcInvestigation = false })))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        using var accepted = await ro.SubmitAsync(doctor.Id, draft.Id);
        Assert.Equal(RecommendationStatus.Submitted, (await accepted.ReadAsync<RecommendationResponse>()).Status);
    }

    [Trait("Rule", "R7")]
    [Fact]
    public async Task EditOrResubmit_AfterSubmission_Returns422R7AndTheSubmittedContentStays()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var submitted = await SubmittedAsync(ro, doctor.Id, Recommend.Revalidate("As submitted"));
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using (var edit = await ro.EditAsync(doctor.Id, submitted.Id, Recommend.Revalidate("Changed afterwards")))
        {
            (await edit.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.SubmittedIsFinal);
        }

        using (var again = await ro.SubmitAsync(doctor.Id, submitted.Id))
        {
            (await again.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.SubmittedIsFinal);
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        var stored = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Equal("As submitted", Assert.Single(stored!).Comments);
    }

    [Trait("Rule", "R7")]
    [Trait("Rule", "R11")]
    [Fact]
    public async Task RecordOutcome_WhenAlreadyDecidedOrStillADraft_Returns422AndChangesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using (var onDraft = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved" }))
        {
            (await onDraft.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.GmcOutcome);
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        using (var submit = await ro.SubmitAsync(doctor.Id, draft.Id))
        {
            Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        }

        using (var rejected = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Rejected" }))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        var decided = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using (var twice = await ro.OutcomeAsync(doctor.Id, draft.Id, new { outcome = "Approved" }))
        {
            (await twice.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.SubmittedIsFinal);
        }

        await decided.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Trait("Rule", "R11")]
    [Fact]
    public async Task Draft_AfterTheGmcRejectedTheLastRecommendation_IsAllowedInTheSameCycle()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var first = await SubmittedAsync(ro, doctor.Id, Recommend.Revalidate());
        using (var rejected = await ro.OutcomeAsync(doctor.Id, first.Id, new { outcome = "Rejected" }))
        {
            Assert.Equal(RecommendationStatus.Rejected, (await rejected.ReadAsync<RecommendationResponse>()).Status);
        }

        factory.Time.Advance(TimeSpan.FromMinutes(1)); // "newest first" needs the second draft to be newer
        var second = await ro.DraftOkAsync(doctor.Id, Recommend.Defer(doctor.CurrentCycle!.Rsd.AddDays(120)));

        Assert.Equal(1, second.CycleNumber);
        var history = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Equal([RecommendationStatus.Draft, RecommendationStatus.Rejected], history!.Select(r => r.Status));
    }

    [Trait("Rule", "R1")]
    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public async Task RecordOutcome_WhenApprovedWithANewRsdNotAfterTheCurrentOne_Returns422R1(int daysAfterRsd)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var submitted = await SubmittedAsync(ro, doctor.Id, Recommend.Revalidate());
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await ro.OutcomeAsync(doctor.Id, submitted.Id, new { outcome = "Approved", newRsd = doctor.CurrentCycle!.Rsd.AddDays(daysAfterRsd) });

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.CycleLength, "newRsd");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task RecordOutcome_WhenNewRsdIsOutOfRange_Returns400NamingNewRsd()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var submitted = await SubmittedAsync(ro, doctor.Id, Recommend.Revalidate());
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await ro.OutcomeAsync(doctor.Id, submitted.Id, new { outcome = "Approved", newRsd = new DateOnly(1900, 1, 1) });

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("newRsd");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    // ---- concurrency (docs/architecture.md#storage: a stale write is a conflict, never a silent overwrite) ----

    [Fact]
    public async Task Edit_WhenTwoEditsOfOneDraftRaceWithTheSameIfMatch_ExactlyOneWinsAndTheOtherGets409()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Original"));
        var etag = (await StateSnapshot.TakeAsync(factory, doctor.Id)).DoctorETag!;
        var auditBefore = (await StateSnapshot.TakeAsync(factory)).AuditEvents;

        var edits = await Task.WhenAll(
            ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Edit A"), etag),
            ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Edit B"), etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], edits.Select(e => e.StatusCode).Order());
        var winner = edits.Single(e => e.StatusCode == HttpStatusCode.OK);
        var loser = edits.Single(e => e.StatusCode == HttpStatusCode.Conflict);
        var winning = (await winner.ReadAsync<RecommendationResponse>()).Comments;
        await loser.ProblemAsync(HttpStatusCode.Conflict);
        var stored = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Equal(winning, Assert.Single(stored!).Comments);
        Assert.Equal(auditBefore + 1, (await StateSnapshot.TakeAsync(factory)).AuditEvents);
        foreach (var edit in edits)
        {
            edit.Dispose();
        }
    }

    [Fact]
    public async Task Edit_WhenManyEditsRaceWithoutIfMatch_EachIsSavedOrRefusedWith409AndOnlySavedOnesAreAudited()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Original"));
        var auditBefore = (await StateSnapshot.TakeAsync(factory)).AuditEvents;

        var edits = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate($"Edit {i}"))));

        Assert.All(edits, e => Assert.True(e.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"Got {(int)e.StatusCode}"));
        var saved = new List<string?>();
        foreach (var edit in edits.Where(e => e.StatusCode == HttpStatusCode.OK))
        {
            saved.Add((await edit.ReadAsync<RecommendationResponse>()).Comments);
        }

        Assert.NotEmpty(saved);
        Assert.Equal(auditBefore + saved.Count, (await StateSnapshot.TakeAsync(factory)).AuditEvents);
        var stored = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Contains(Assert.Single(stored!).Comments, saved);
        foreach (var edit in edits)
        {
            edit.Dispose();
        }
    }

    [Fact]
    public async Task Edit_WithAStaleIfMatch_Returns409AndKeepsTheNewerEdit()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Original"));
        var stale = (await StateSnapshot.TakeAsync(factory, doctor.Id)).DoctorETag!;
        using (var first = await ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Newer"), stale))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.NotEqual(stale, first.Headers.ETag?.Tag);
        }

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var second = await ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Overwrite"), stale);

        (await second.ProblemAsync(HttpStatusCode.Conflict)).AssertRule("Concurrency", "If-Match");
        await before.AssertUnchangedAsync(factory, doctor.Id);
        var stored = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Equal("Newer", Assert.Single(stored!).Comments);
    }

    [Trait("Rule", "R6")]
    [Fact]
    public async Task Draft_WhenManyDraftsRace_ExactlyOneIsCreated()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();

        var drafts = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => ro.DraftAsync(doctor.Id, Recommend.Revalidate($"Draft {i}"))));

        Assert.Single(drafts, d => d.StatusCode == HttpStatusCode.Created);
        Assert.All(drafts.Where(d => d.StatusCode != HttpStatusCode.Created),
            d => Assert.True(d.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"Got {(int)d.StatusCode}"));
        var stored = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        Assert.Single(stored!);
        foreach (var draft in drafts)
        {
            draft.Dispose();
        }
    }

    [Fact]
    public async Task Edit_WhenIfMatchIsCurrent_SucceedsAndReturnsTheNextETag()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 30);
        using var ro = factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Original"));
        var current = (await StateSnapshot.TakeAsync(factory, doctor.Id)).DoctorETag!;

        using var weak = await ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Weak tag"), $"W/{current}");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        using var strong = await ro.EditAsync(doctor.Id, draft.Id, Recommend.Revalidate("Strong tag"), weak.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        Assert.Equal(strong.Headers.ETag!.Tag, (await StateSnapshot.TakeAsync(factory, doctor.Id)).DoctorETag);
    }

    private static async Task<RecommendationResponse> SubmittedAsync(HttpClient ro, Guid doctorId, object body)
    {
        var draft = await ro.DraftOkAsync(doctorId, body);
        using var submitted = await ro.SubmitAsync(doctorId, draft.Id);
        return await submitted.ReadAsync<RecommendationResponse>();
    }
}
