using Revalidation.Api.Tests;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Gmc.Tests;

/// <summary>The GMC outbox: the RO's submit queues, the dispatcher sends TryRecommendationV2 once, every return code is mapped.</summary>
public sealed class SubmissionTests(GmcWorld world) : IClassFixture<GmcWorld>
{
    public static TheoryData<string, GmcSubmissionState> Codes()
    {
        var data = new TheoryData<string, GmcSubmissionState>();
        foreach (var code in GmcReturnCodes.Documented)
        {
            data.Add(code, GmcReturnCodes.Describe(code).Kind switch
            {
                GmcCodeKind.Success => GmcSubmissionState.Submitted,
                GmcCodeKind.Configuration => GmcSubmissionState.Held,
                GmcCodeKind.RetryLater => GmcSubmissionState.Queued,
                _ => GmcSubmissionState.RejectedByGmc,
            });
        }

        data.Add("999", GmcSubmissionState.RejectedByGmc);
        data.Add(string.Empty, GmcSubmissionState.RejectedByGmc);
        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Dispatch_WhenTheGmcAnswersEachReturnCode_MapsItToItsOutcome(string code, GmcSubmissionState expected)
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        world.Gmc.Script = call => call.Operation == "TryRecommendationV2" && call.Fields.GetValueOrDefault("DoctorUID") == doctor.GmcNumber.Value
            ? FakeGmcServer.Reply(("RecommendationID", code == "0" ? "77001" : string.Empty), ("ReturnCode", code), ("GMCRequestID", "g-1"))
            : null;
        try
        {
            await world.Dispatch.RunAsync();
        }
        finally
        {
            world.Gmc.Script = null;
        }

        var recommendation = await world.RecommendationAsync(doctor.Id, recommendationId);
        var submission = recommendation.GmcSubmission!;
        Assert.Equal(expected, submission.State);
        Assert.Equal(1, world.TryRecommendationCallsFor(doctor));
        Assert.Equal(code, submission.ReturnCode);
        Assert.False(string.IsNullOrWhiteSpace(submission.ReturnCodeMeaning));
        var audit = await world.Factory.AuditLog.QueryAuditAsync(world.Code, new AuditQuery(DoctorId: doctor.Id));
        switch (expected)
        {
            case GmcSubmissionState.Submitted:
                Assert.Equal("77001", recommendation.GmcRecommendationId);
                Assert.Equal(RecommendationStatus.Submitted, recommendation.Status);
                Assert.Contains(audit, a => a.Action == "recommendation.gmc-submitted");
                break;
            case GmcSubmissionState.RejectedByGmc:
                // R7: a refusal is not a GMC decision. Shown to the RO, back to draft for correction, never retried by itself.
                Assert.Equal(RecommendationStatus.Draft, recommendation.Status);
                Assert.Equal(code, Assert.Single(recommendation.Refusals!).ReturnCode);
                Assert.Contains(audit, a => a.Action == "recommendation.gmc-rejected" && a.Summary.Contains($"code {code}", StringComparison.Ordinal));
                if (code == "999")
                {
                    Assert.Contains("'999'", submission.ReturnCodeMeaning, StringComparison.Ordinal);
                }

                world.Factory.Time.Advance(TimeSpan.FromDays(1));
                await world.Dispatch.RunAsync();
                Assert.Equal(1, world.TryRecommendationCallsFor(doctor));
                break;
            case GmcSubmissionState.Held:
                Assert.Contains(audit, a => a.Action == "recommendation.gmc-held");
                var alerts = await world.Factory.Outbox.ListAllAlertsAsync(world.Code);
                Assert.Contains(alerts, a => a.Kind == AlertKind.GmcConfiguration && a.Recipient == AlertRecipient.Admin && a.Key.Contains($"configuration-{code}-", StringComparison.Ordinal));
                // §4: the RO is told too: a held submission is not with the GMC, and the RSD still runs.
                Assert.Contains(alerts, a => a.DoctorId == doctor.Id && a.Kind == AlertKind.GmcNotAcknowledged && a.Recipient == AlertRecipient.ResponsibleOfficer);
                await world.Dispatch.RunAsync();
                Assert.Equal(1, world.TryRecommendationCallsFor(doctor));
                break;
            case GmcSubmissionState.Queued:
                // 98: tried again later, with the same ClientRequestID.
                Assert.NotNull(submission.NextAttemptAt);
                world.Factory.Time.Advance(TimeSpan.FromHours(2));
                await world.Dispatch.RunAsync();
                Assert.Equal(2, world.TryRecommendationCallsFor(doctor));
                Assert.Equal(GmcSubmissionState.Submitted, (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!.State);
                Assert.Single(world.Gmc.CallsOf("TryRecommendationV2").Where(c => c.Fields.GetValueOrDefault("DoctorUID") == doctor.GmcNumber.Value)
                    .Select(c => c.Fields["ClientRequestID"]).Distinct());
                break;
        }
    }

    [Fact]
    public async Task Dispatch_SendsTheRecommendationAsTheWsdlDescribes_WithTheAccountAndTheSoapAction()
    {
        var proposed = world.Factory.Today.AddDays(60 + 120);
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync(new
        {
            type = "Defer", deferralReason = "InsufficientEvidence", deferralSubReason = "PatientFeedback", proposedRsd = proposed,
        });

        await world.Dispatch.RunAsync();

        var call = world.Gmc.CallsOf("TryRecommendationV2").Single(c => c.Fields.GetValueOrDefault("DoctorUID") == doctor.GmcNumber.Value);
        Assert.Equal($"\"{FakeGmcServer.Ns}TryRecommendationV2\"", call.SoapAction);
        Assert.Equal((GmcWorld.Username, GmcWorld.Password), (call.Username, call.Password));
        Assert.Equal("2", call.Fields["RoRecommendation"]);
        Assert.Equal("1", call.Fields["RoRecommendationReason"]);
        Assert.Equal("6", call.Fields["RoRecommendationSubreason"]);
        Assert.Equal(proposed.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), call.Fields["RequestedDeferralDate"]);
        Assert.Equal(GmcWorld.Body, call.Fields["RoDesignatedBodyCode"]);
        Assert.Equal("Tester", call.Fields["DoctorSurname"]);
        Assert.Equal(GmcSubmission.ClientRequestIdFor(recommendationId), call.Fields["ClientRequestID"]);
        Assert.Equal(Revalidation.Server.Demo.DemoSeeder.ResponsibleOfficer.GmcNumber, call.Fields["RoUID"]);
    }

    [Fact]
    public async Task Dispatch_WhenTheGmcIsDownDuringSubmitThenUp_ExactlyOneTryRecommendationReachesIt()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        var port = world.Gmc.Port;
        await world.Gmc.StopAsync();
        try
        {
            var down = await world.Dispatch.RunAsync();
            Assert.True(down.Retrying >= 1);
            var waiting = (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!;
            Assert.Equal(GmcSubmissionState.Queued, waiting.State);
            Assert.False(waiting.MayHaveReachedGmc);
            Assert.NotNull(waiting.LastError);

            // Not yet due: nothing is sent even once the GMC is back.
            await world.Gmc.StartAsync(port);
            await world.Dispatch.RunAsync();
            Assert.Equal(0, world.TryRecommendationCallsFor(doctor));
        }
        finally
        {
            if (world.Gmc.Port != port)
            {
                await world.Gmc.StartAsync(port);
            }
        }

        world.Factory.Time.Advance(TimeSpan.FromHours(2));
        await world.Dispatch.RunAsync();
        await world.Dispatch.RunAsync();

        Assert.Equal(1, world.TryRecommendationCallsFor(doctor));
        var submitted = await world.RecommendationAsync(doctor.Id, recommendationId);
        Assert.Equal(GmcSubmissionState.Submitted, submitted.GmcSubmission!.State);
        Assert.NotNull(submitted.GmcRecommendationId);
    }

    [Fact]
    public async Task Dispatch_WhenTheAnswerIsLostAndTheRetryGets91_RecordsTheSubmissionOnceWithoutRejectingIt()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        var first = true;
        world.Gmc.Script = call =>
        {
            if (call.Operation != "TryRecommendationV2" || call.Fields.GetValueOrDefault("DoctorUID") != doctor.GmcNumber.Value || !first)
            {
                return null;
            }

            first = false;
            world.Gmc.OpenByDoctor[doctor.GmcNumber.Value] = "55555"; // the GMC records it…
            return new GmcReply([("ReturnCode", "0")], Delay: TimeSpan.FromSeconds(10)); // …but the answer never arrives in time
        };
        try
        {
            await world.Dispatch.RunAsync();
            var lost = (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!;
            Assert.Equal(GmcSubmissionState.Queued, lost.State);
            Assert.True(lost.MayHaveReachedGmc);

            world.Factory.Time.Advance(TimeSpan.FromHours(2));
            await world.Dispatch.RunAsync();
        }
        finally
        {
            world.Gmc.Script = null;
        }

        var recommendation = await world.RecommendationAsync(doctor.Id, recommendationId);
        Assert.Equal(GmcSubmissionState.Submitted, recommendation.GmcSubmission!.State);
        Assert.Equal("91", recommendation.GmcSubmission.ReturnCode);
        Assert.Equal(RecommendationStatus.Submitted, recommendation.Status);
        Assert.Equal(2, world.TryRecommendationCallsFor(doctor));
    }

    [Fact]
    public async Task Dispatch_WhenTheGmcAnswersASoapFault_RetriesLater_KnowingTheRequestMayHaveReachedIt()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        world.Gmc.Script = call => call.Operation == "TryRecommendationV2" && call.Fields.GetValueOrDefault("DoctorUID") == doctor.GmcNumber.Value ? new GmcReply(Fault: true) : null;
        try
        {
            await world.Dispatch.RunAsync();
        }
        finally
        {
            world.Gmc.Script = null;
        }

        var submission = (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!;
        Assert.Equal(GmcSubmissionState.Queued, submission.State);
        Assert.True(submission.MayHaveReachedGmc);
        Assert.Contains("SOAP fault", submission.LastError, StringComparison.Ordinal);
        Assert.Null(submission.ReturnCode);

        world.Factory.Time.Advance(TimeSpan.FromHours(2));
        await world.Dispatch.RunAsync();
        Assert.Equal(GmcSubmissionState.Submitted, (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!.State);
    }

    [Fact]
    public async Task RecordOutcomeByHand_WhileTheSubmissionIsQueuedForTheGmc_IsRefused()
    {
        var (doctor, recommendationId) = await world.SubmitThroughApiAsync();
        using var ro = world.Factory.ResponsibleOfficer();

        using var response = await ro.OutcomeAsync(doctor.Id, recommendationId, new { outcome = "Approved" });

        (await response.ProblemAsync(System.Net.HttpStatusCode.UnprocessableEntity)).AssertRule("R11", "recommendationId");
        Assert.Equal(GmcSubmissionState.Queued, (await world.RecommendationAsync(doctor.Id, recommendationId)).GmcSubmission!.State);
    }

    [Fact]
    public async Task Dispatch_When91AnswersAFirstAttempt_IsARefusal()
    {
        var doctor = await TestDoctors.CreateAsync(world.Factory, rsdInDays: 60);
        world.Gmc.OpenByDoctor[doctor.GmcNumber.Value] = "123"; // submitted in GMC Connect by hand
        using var ro = world.Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        (await ro.SubmitAsync(doctor.Id, draft.Id)).EnsureSuccessStatusCode();

        await world.Dispatch.RunAsync();

        var recommendation = await world.RecommendationAsync(doctor.Id, draft.Id);
        Assert.Equal(GmcSubmissionState.RejectedByGmc, recommendation.GmcSubmission!.State);
        Assert.Equal(RecommendationStatus.Draft, recommendation.Status);
        var alerts = await world.Factory.Outbox.ListAllAlertsAsync(world.Code);
        Assert.Contains(alerts, a => a.DoctorId == doctor.Id && a.Kind == AlertKind.GmcRefused && a.Recipient == AlertRecipient.ResponsibleOfficer);
    }
}
