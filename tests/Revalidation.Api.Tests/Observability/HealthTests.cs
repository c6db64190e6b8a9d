using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Gmc;
using Revalidation.Core.Recommendations;
using Revalidation.Infrastructure.Observability;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests.Observability;

/// <summary>
/// README "Observability": <c>/health</c> is Degraded (still 200) when mail has failed for over an hour, a directory
/// source's last two runs failed, or a GMC submission is held; Healthy otherwise; and says which and why without
/// naming anyone. Each test sets the store up before the first reading (a reading is kept for half a minute of the fake clock, which each test moves past it).
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_WithNothingWrong_IsHealthyInEveryCheck()
    {
        await using var factory = new ApiFactory();

        var (status, health) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var checks = health.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["directory-sync", "gmc", "mail"], checks.Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Health_WhenAnAlertHasFailedToSendForOverAnHour_IsDegradedOnMail_StillAnswering200()
    {
        await using var factory = new ApiFactory();
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 100);
        var now = factory.Time.GetUtcNow();
        await factory.Outbox.AddAlertsAsync(DemoSeeder.DemoBody, [FailingAlert(doctor.Id, now - TimeSpan.FromMinutes(61), now)]);

        var (status, health) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var mail = Check(health, "mail");
        Assert.Equal("Degraded", mail.GetProperty("status").GetString());
        Assert.Contains("Mail has failed for over an hour", mail.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(health, "gmc").GetProperty("status").GetString());
        AssertNamesNobody(health, doctor);
    }

    [Fact]
    public async Task Health_WhenAnAlertHasBeenDueForOverAnHourAndNothingSentIt_IsDegradedOnMail()
    {
        await using var factory = new ApiFactory();
        var now = factory.Time.GetUtcNow();
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 100);
        var waiting = FailingAlert(doctor.Id, now.AddHours(-2), now) with { Key = $"{DemoSeeder.DemoBody}/{doctor.Id}/test/waiting", Delivery = AlertDelivery.None };
        await factory.Outbox.AddAlertsAsync(DemoSeeder.DemoBody, [waiting]);

        var (status, health) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        var mail = Check(health, "mail");
        Assert.Equal("Degraded", mail.GetProperty("status").GetString());
        Assert.Contains("due for over an hour and have not been sent", mail.GetProperty("description").GetString(), StringComparison.Ordinal);
        AssertNamesNobody(health, doctor);
    }

    [Fact]
    public async Task Health_WhenAnAlertHasFailedForLessThanAnHour_IsHealthy()
    {
        await using var factory = new ApiFactory();
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 100);
        var now = factory.Time.GetUtcNow();
        await factory.Outbox.AddAlertsAsync(DemoSeeder.DemoBody, [FailingAlert(doctor.Id, now - TimeSpan.FromMinutes(30), now)]);

        var (_, health) = await HealthAsync(factory);

        Assert.Equal("Healthy", Check(health, "mail").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_WhenADirectorySourcesLastTwoRunsFailed_IsDegradedOnDirectorySync_ButOneFailureIsNot()
    {
        await using var factory = new ApiFactory();
        var store = factory.Services.GetRequiredService<IDirectorySyncStore>();
        var now = factory.Time.GetUtcNow();
        await store.SaveRunAsync(Run("flaky", now.AddHours(-3), SyncRunStatus.Succeeded));
        await store.SaveRunAsync(Run("flaky", now.AddHours(-2), SyncRunStatus.Failed));
        await store.SaveRunAsync(Run("broken", now.AddHours(-2), SyncRunStatus.Failed));
        await store.SaveRunAsync(Run("broken", now.AddHours(-1), SyncRunStatus.Failed));

        var (status, health) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(health.GetProperty("status").GetString() == "Degraded", health.GetRawText() + string.Join(", ", (await store.ListRunsAsync(DemoSeeder.DemoBody)).Select(r => $"{r.SourceId} {r.Status} {r.StartedAt}")));
        var directory = Check(health, "directory-sync");
        Assert.Equal("Degraded", directory.GetProperty("status").GetString());
        var description = directory.GetProperty("description").GetString()!;
        Assert.Contains("broken (1-DEMO01)", description, StringComparison.Ordinal);
        Assert.DoesNotContain("flaky", description, StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(health, "mail").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_WhenAGmcSubmissionIsHeld_IsDegradedOnGmc()
    {
        await using var factory = new ApiFactory();
        var now = factory.Time.GetUtcNow();
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 60, arrange: d => Hold(d, factory, now));

        var (status, health) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var gmc = Check(health, "gmc");
        Assert.Equal("Degraded", gmc.GetProperty("status").GetString());
        Assert.Contains("1 of 1-DEMO01", gmc.GetProperty("description").GetString(), StringComparison.Ordinal);
        AssertNamesNobody(health, doctor);
    }

    /// <summary>A deferral submitted, queued for the GMC web service, sent, and answered with a configuration problem (code 99).</summary>
    internal static void Hold(Core.Doctors.DoctorRecord doctor, ApiFactory factory, DateTimeOffset now)
    {
        var options = factory.Options();
        var details = new RecommendationDetails(RecommendationType.Defer, DeferralReason.InsufficientEvidence, DeferralSubReason.ColleagueFeedback, factory.Today.AddDays(300));
        var draft = doctor.Recommendations.Draft(details, now, DemoSeeder.ResponsibleOfficer.UserId, options);
        Assert.True(draft.IsSuccess, draft.ToString());
        var id = draft.Value!.Id;
        Assert.True(doctor.Recommendations.Submit(id, factory.Today, DemoSeeder.ResponsibleOfficer.UserId, options).IsSuccess);
        Assert.True(doctor.Recommendations.QueueForGmc(id, now).IsSuccess);
        Assert.True(doctor.Recommendations.ClaimGmcSubmission(id, now, TimeSpan.FromMinutes(5)).IsSuccess);
        Assert.True(doctor.Recommendations.GmcSubmissionHeld(id, new GmcRecommendationAnswer("99", null, null, null), now.AddHours(12)).IsSuccess);
    }

    internal static AlertRecord FailingAlert(Guid doctorId, DateTimeOffset createdAt, DateTimeOffset now) =>
        new($"{DemoSeeder.DemoBody}/{doctorId}/test/failing", DemoSeeder.DemoBody, doctorId, AlertRecipient.Doctor, AlertKind.RsdPassed,
            DateOnly.FromDateTime(createdAt.UtcDateTime), createdAt, AlertState.Pending, new AlertFacts { CycleNumber = 1 })
        {
            Delivery = new AlertDelivery(2, NextAttemptAt: now.AddMinutes(10), LastError: "The mail relay refused the connection."),
        };

    private static SyncRun Run(string source, DateTimeOffset startedAt, SyncRunStatus status) =>
        new(Guid.NewGuid(), source, DemoSeeder.DemoBody, SyncMode.Incremental, "schedule", startedAt, status, EndedAt: startedAt.AddMinutes(1),
            Error: status == SyncRunStatus.Failed ? "The directory could not be reached." : null);

    private static async Task<(HttpStatusCode Status, JsonElement Health)> HealthAsync(ApiFactory factory)
    {
        // A reading taken before the test's state was stored (a metrics collection in a test beside it) has expired.
        factory.Time.Advance(OperationsReader.MaxAge + TimeSpan.FromSeconds(1));
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.GetAsync("/health");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static JsonElement Check(JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static void AssertNamesNobody(JsonElement health, Core.Doctors.DoctorRecord doctor)
    {
        var text = health.GetRawText();
        Assert.DoesNotContain(doctor.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(doctor.GmcNumber.Value, text, StringComparison.Ordinal);
        Assert.DoesNotContain(doctor.FamilyName, text, StringComparison.Ordinal);
    }
}
