using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.Tests;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;

namespace Revalidation.Gmc.Tests;

/// <summary>
/// The real local Server (in-process, real SQLite, real JWTs, fake clock) with the demo body on the GMC web service,
/// pointed at a <see cref="FakeGmcServer"/> on loopback: the real SOAP client talks HTTP to it.
/// </summary>
public sealed class GmcWorld : IAsyncLifetime
{
    public const string Body = "1-DEMO01";
    public const string Username = "demo-gmc-user";
    public const string Password = "not-a-real-password";

    public FakeGmcServer Gmc { get; private set; } = null!;

    public ApiFactory Factory { get; } = new();

    public DesignatedBodyCode Code { get; } = DesignatedBodyCode.Parse(Body);

    public GmcSubmissionService Dispatch => Factory.Services.GetRequiredService<GmcSubmissionService>();

    public GmcOutcomeService Poll => Factory.Services.GetRequiredService<GmcOutcomeService>();

    public GmcReconciliationService Reconciliation => Factory.Services.GetRequiredService<GmcReconciliationService>();

    public async Task InitializeAsync()
    {
        Gmc = await FakeGmcServer.StartAsync();
        Factory.Settings["Gmc:Bodies:1-DEMO01:Mode"] = "WebService";
        Factory.Settings["Gmc:Bodies:1-DEMO01:Url"] = Gmc.Url.ToString();
        Factory.Settings["Gmc:Bodies:1-DEMO01:Username"] = Username;
        Factory.Settings["Gmc:Bodies:1-DEMO01:Password"] = Password;
        Factory.Settings["Gmc:Timeout"] = "00:00:02";
        _ = Factory.Services;
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        await Gmc.DisposeAsync();
    }

    /// <summary>A doctor under notice (RSD in 60 days), a revalidate recommendation drafted and submitted by the RO through the API.</summary>
    public async Task<(DoctorRecord Doctor, Guid RecommendationId)> SubmitThroughApiAsync(object? recommendation = null)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 60);
        using var ro = Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, recommendation ?? Recommend.Revalidate("Ready"));
        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var body = await submitted.Content.ReadFromJsonAsync<RecommendationResponse>(TestJson.Options);
        Assert.Equal(Revalidation.Contracts.GmcSubmissionState.Queued, body!.GmcSubmission!.State);
        return (doctor, draft.Id);
    }

    public async Task<Core.Recommendations.Recommendation> RecommendationAsync(Guid doctorId, Guid recommendationId) =>
        (await Factory.Doctors.GetDoctorAsync(Code, doctorId))!.Recommendations.ById(recommendationId)!;

    public int TryRecommendationCallsFor(DoctorRecord doctor) =>
        Gmc.CallsOf("TryRecommendationV2").Count(c => c.Fields.GetValueOrDefault("DoctorUID") == doctor.GmcNumber.Value);
}
