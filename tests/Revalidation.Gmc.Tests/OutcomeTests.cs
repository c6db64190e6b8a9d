using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Api.Tests;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Gmc.Tests;

/// <summary>Outcome polling (R11) and the "done means", through the API of the real Server.</summary>
public sealed class OutcomeTests(GmcWorld world) : IClassFixture<GmcWorld>
{
    [Fact]
    public async Task DoneMeans_AnRosSubmitReachesTheGmcOnce_AndTheApprovedOutcomeComesBackByPolling_VisibleInTheRecordAndTheAuditLog()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        var rsd = doctor.CurrentCycle!.Rsd;

        await world.Dispatch.RunAsync();
        await world.Dispatch.RunAsync();
        Assert.Equal(1, world.TryRecommendationCallsFor(doctor));
        var gmcId = world.Gmc.OpenByDoctor[doctor.GmcNumber.Value];

        // The GMC is still reviewing: the recommendation moves to UnderReview and polling goes on.
        Assert.Equal(GmcOutcome.UnderReview, await world.Poll.CheckAsync(world.Code, doctor.Id, recommendationId));
        Assert.Equal(RecommendationStatus.UnderReview, (await world.RecommendationAsync(doctor.Id, recommendationId)).Status);
        var check = world.Gmc.CallsOf("CheckRecommendationStatus").Last();
        Assert.Equal((gmcId, doctor.GmcNumber.Value, GmcSubmission.ClientRequestIdFor(recommendationId)),
            (check.Fields["RecommendationId"], check.Fields["GMCReferenceNumber"], check.Fields["ClientRequestId"]));

        world.Gmc.Statuses[gmcId] = "Approved";
        world.Factory.Time.Advance(TimeSpan.FromHours(1));
        var report = await world.Poll.RunAsync();
        Assert.True(report.Approved >= 1);

        using var ro = world.Factory.ResponsibleOfficer();
        var record = await ro.GetFromJsonAsync<DoctorResponse>($"/api/doctors/{doctor.Id}", TestJson.Options);
        Assert.Equal(2, record!.Cycle!.Number);
        Assert.True(record.Cycle.Rsd > rsd);
        Assert.Null(record.OpenRecommendation);
        var recommendations = await ro.GetFromJsonAsync<List<RecommendationResponse>>($"/api/doctors/{doctor.Id}/recommendations", TestJson.Options);
        var approved = recommendations!.Single(r => r.Id == recommendationId);
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Approved, approved.Status);
        Assert.Equal(gmcId, approved.GmcRecommendationId);
        Assert.Equal("Approved", approved.GmcSubmission!.GmcStatus);

        var audit = await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options);
        Assert.Contains(audit!, a => a.Action == "recommendation.submitted" && a.ActorId == Revalidation.Server.Demo.DemoSeeder.ResponsibleOfficer.UserId);
        Assert.Contains(audit!, a => a.Action == "recommendation.gmc-submitted" && a.ActorId == GmcSubmissionService.GmcActor.UserId);
        Assert.Contains(audit!, a => a.Action == "recommendation.outcome-recorded" && a.Summary.Contains("Approved", StringComparison.Ordinal));

        // The RO is alerted once; polling again changes nothing and asks the GMC nothing more about it.
        int ChecksOfThisDoctor() => world.Gmc.CallsOf("CheckRecommendationStatus").Count(c => c.Fields["GMCReferenceNumber"] == doctor.GmcNumber.Value);
        var calls = ChecksOfThisDoctor();
        await world.Poll.RunAsync();
        Assert.Equal(calls, ChecksOfThisDoctor());
        var alerts = (await world.Factory.Outbox.ListAllAlertsAsync(world.Code)).Where(a => a.DoctorId == doctor.Id && a.Kind == AlertKind.GmcApproved).ToList();
        Assert.Single(alerts);
        Assert.Equal(AlertRecipient.ResponsibleOfficer, alerts[0].Recipient);
    }

    [Fact]
    public async Task Poll_WhenTheGmcRejects_ClosesTheRecommendationSoANewOneCanBeDrafted()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        await world.Dispatch.RunAsync();
        world.Gmc.Statuses[world.Gmc.OpenByDoctor[doctor.GmcNumber.Value]] = "Rejected";

        Assert.Equal(GmcOutcome.Rejected, await world.Poll.CheckAsync(world.Code, doctor.Id, recommendationId));

        var recommendation = await world.RecommendationAsync(doctor.Id, recommendationId);
        Assert.Equal(RecommendationStatus.Rejected, recommendation.Status);
        using var ro = world.Factory.ResponsibleOfficer();
        var again = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate("Second go"));
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Draft, again.Status);
        var audit = await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(DoctorId: doctor.Id));
        Assert.Contains(audit, a => a.Action == "recommendation.outcome-recorded" && a.Summary.Contains("Rejected", StringComparison.Ordinal));
        Assert.Contains(await world.Factory.Outbox.ListAllAlertsAsync(world.Code), a => a.DoctorId == doctor.Id && a.Kind == AlertKind.GmcRejected);
    }

    [Fact]
    public async Task Poll_WhenTheGmcGivesAStatusItDoesNotKnow_KeepsItVerbatimAndWaits()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        await world.Dispatch.RunAsync();
        world.Gmc.Statuses[world.Gmc.OpenByDoctor[doctor.GmcNumber.Value]] = "Referred To Panel";

        Assert.Null(await world.Poll.CheckAsync(world.Code, doctor.Id, recommendationId));

        var recommendation = await world.RecommendationAsync(doctor.Id, recommendationId);
        Assert.Equal(RecommendationStatus.Submitted, recommendation.Status);
        Assert.Equal("Referred To Panel", recommendation.GmcSubmission!.GmcStatus);
    }
}
