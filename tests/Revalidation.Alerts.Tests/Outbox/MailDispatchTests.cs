using Microsoft.Extensions.DependencyInjection;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Alerts.Tests.Outbox;

/// <summary>
/// The outbox (docs/domain.md#alerts) through the real dispatch service, SQLite store and MailKit to an in-process SMTP
/// server: pending → sent; retried with exponential backoff; dead-lettered with a visible reason; an hour's outage
/// delays mail and loses or duplicates none. Time moves only on the fake clock.
/// </summary>
public sealed class MailDispatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    private AlertsWorld world = null!;
    private DesignatedBody body = null!;
    private DoctorRecord doctor = null!;

    public async Task InitializeAsync()
    {
        world = await AlertsWorld.CreateAsync(Start);
        body = await world.AddBodyAsync();
        doctor = await world.AddDoctorAsync(body.Code, new DateOnly(2026, 5, 1));
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunAsync_WhenTheRelayAccepts_SendsEachPendingAlertOnceToItsRecipientAndMarksItSent()
    {
        await AddAsync(Alert("ro-rsd-60d", AlertRecipient.ResponsibleOfficer), Alert("connection-check", AlertRecipient.Doctor), Alert("md-rsd-passed", AlertRecipient.MedicalDirector));

        var first = await world.Dispatch.RunAsync();
        var second = await world.Dispatch.RunAsync();

        Assert.Equal(3, first.Sent);
        Assert.Equal(0, second.Attempted);
        Assert.Equal(3, world.Smtp.Messages.Count);
        Assert.Single(world.Smtp.To(AlertsWorld.RoEmail));
        Assert.Single(world.Smtp.To(doctor.Email!));
        Assert.Single(world.Smtp.To(AlertsWorld.MedicalDirectorEmail));
        var alerts = await world.AlertsAsync();
        Assert.All(alerts, a => Assert.Equal(AlertState.Sent, a.State));
        Assert.All(alerts, a => Assert.Equal(Start, a.Delivery.SentAt));
        Assert.Equal(alerts.Select(a => world.Composer.MessageId(a.Key)).Order(), world.Smtp.Messages.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task RunAsync_WhenTheRelayRepliesTransiently_RetriesWithExponentialBackoffThenSendsOnce()
    {
        var alert = await AddAsync(Alert("ro-rsd-60d", AlertRecipient.ResponsibleOfficer));
        var refusals = 3;
        world.Smtp.Reply = _ => Interlocked.Decrement(ref refusals) >= 0 ? SmtpTestServer.Code(451, "Try again later") : null;
        var attemptsAt = new List<TimeSpan>();

        for (var minute = 0; minute <= 10; minute++)
        {
            var report = await world.Dispatch.RunAsync();
            if (report.Attempted > 0)
            {
                attemptsAt.Add(world.Time.GetUtcNow() - Start);
            }

            world.Time.Advance(TimeSpan.FromMinutes(1));
        }

        // First try, then 1, 2 and 4 minutes later (the first retry delay doubling).
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(7)], attemptsAt);
        var sent = await world.Outbox.GetAlertAsync(body.Code, alert.Key);
        Assert.Equal(AlertState.Sent, sent!.State);
        Assert.Equal(4, sent.Delivery.Attempts);
        Assert.Contains("SMTP 451", sent.Delivery.LastError, StringComparison.Ordinal);
        Assert.Single(world.Smtp.Messages);
    }

    [Fact]
    public async Task RunAsync_WhenAttemptsRunOut_DeadLettersTheMessageAndTellsTheAdmin()
    {
        await world.DisposeAsync();
        world = await AlertsWorld.CreateAsyncWith(Start, new()
        {
            ["Alerts:Outbox:MaxAttempts"] = "3",
            ["Alerts:Outbox:FirstRetryDelay"] = "00:30:00",
            ["Alerts:Outbox:MaxRetryDelay"] = "01:00:00",
        });
        body = await world.AddBodyAsync();
        doctor = await world.AddDoctorAsync(body.Code, new DateOnly(2026, 5, 1));
        var alert = await AddAsync(Alert("ro-rsd-60d", AlertRecipient.ResponsibleOfficer));
        world.Smtp.Reply = m => m.To.Mailboxes.Any(b => b.Address == AlertsWorld.RoEmail) ? SmtpTestServer.Code(452, "Mailbox full") : null;

        for (var minute = 0; minute <= 120; minute++)
        {
            await world.Dispatch.RunAsync();
            world.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var dead = await world.Outbox.GetAlertAsync(body.Code, alert.Key);
        Assert.Equal(AlertState.DeadLettered, dead!.State);
        Assert.Equal(3, dead.Delivery.Attempts);
        Assert.Equal(Start.AddMinutes(90), dead.Delivery.DeadLetteredAt);
        Assert.StartsWith("Gave up after 3 attempts: SMTP 452", dead.Delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(3, world.Smtp.Offered.Count(m => m.To.Mailboxes.Any(b => b.Address == AlertsWorld.RoEmail)));
        var notice = Assert.Single(world.Smtp.To(AlertsWorld.AdminEmail));
        Assert.Equal("An alert email could not be delivered", notice.Subject);
        Assert.Contains("the responsible officer's reminder before a revalidation date", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTheRelayRejectsTheMessagePermanently_DeadLettersItAtOnceWithTheReply()
    {
        var alert = await AddAsync(Alert("connection-check", AlertRecipient.Doctor));
        world.Smtp.Reply = m => m.To.Mailboxes.Any(b => b.Address == doctor.Email) ? SmtpTestServer.Code(550, "No such user") : null;

        var report = await world.Dispatch.RunAsync();
        await world.Dispatch.RunAsync();

        Assert.Equal(1, report.DeadLettered);
        var dead = await world.Outbox.GetAlertAsync(body.Code, alert.Key);
        Assert.Equal(AlertState.DeadLettered, dead!.State);
        Assert.Equal(1, dead.Delivery.Attempts);
        Assert.Equal("Permanent failure: SMTP 550 at send (message not accepted)", dead.Delivery.LastError);
        Assert.Single(world.Smtp.Offered, m => m.To.Mailboxes.Any(b => b.Address == doctor.Email));
        Assert.Single(world.Smtp.To(AlertsWorld.AdminEmail));
    }

    [Fact]
    [Trait("Rule", "R20")]
    public async Task RunAsync_WhenAnAddressIsMissing_DeadLettersWithTheReasonAndSendsOnceFixedAndRetried()
    {
        var noEmail = await world.AddDoctorAsync(body.Code, new DateOnly(2026, 6, 1), email: null, given: "Ben", family: "Brown");
        await world.Outbox.AddAlertsAsync(body.Code,
        [
            Alert("connection-check", AlertRecipient.Doctor) with { Key = $"{body.Code}/{noEmail.Id:N}/connection-check", DoctorId = noEmail.Id },
        ]);
        var settings = (await world.Bodies.GetDesignatedBodyAsync(body.Code))!;
        Assert.True(settings.SetContacts(null, AlertsWorld.AdminEmail).IsSuccess);
        Assert.True((await world.Bodies.SaveDesignatedBodyAsync(settings, [])).Saved);
        await AddAsync(Alert("md-rsd-passed", AlertRecipient.MedicalDirector));

        await world.Dispatch.RunAsync();

        var dead = await world.Outbox.ListAlertsInStateAsync(body.Code, AlertState.DeadLettered, 10);
        Assert.Equal(
            ["The designated body has no medical director email address.", "The doctor's record has no email address."],
            dead.Select(d => d.Delivery.LastError).Order(StringComparer.Ordinal));
        Assert.Empty(world.Smtp.Messages);

        // The admin adds the address and retries: the next run sends it.
        Assert.True(settings.SetContacts(AlertsWorld.MedicalDirectorEmail, AlertsWorld.AdminEmail).IsSuccess);
        Assert.True((await world.Bodies.SaveDesignatedBodyAsync(settings, [])).Saved);
        var md = dead.Single(d => d.Recipient == AlertRecipient.MedicalDirector);
        Assert.True((await world.Outbox.UpdateAlertDeliveryAsync(md.Requeue(world.Time.GetUtcNow()))).Saved);
        await world.Dispatch.RunAsync();

        Assert.Single(world.Smtp.To(AlertsWorld.MedicalDirectorEmail));
        Assert.Equal(2, world.Smtp.To(AlertsWorld.AdminEmail).Count);
        Assert.Equal(AlertState.Sent, (await world.Outbox.GetAlertAsync(body.Code, md.Key))!.State);
    }

    [Fact]
    public async Task RunAsync_WhenTheRelayIsDownForAnHour_DelaysMailButLosesAndDuplicatesNone()
    {
        const int Count = 20;
        for (var i = 0; i < Count; i++)
        {
            await AddAsync(Alert($"ro-rsd-{i}d", AlertRecipient.ResponsibleOfficer) with { Key = $"{body.Code}/outage/{i:D2}" });
        }

        var outage = await world.StartProcessAsync(smtpPort: SmtpTestServer.FreePort());
        var duringOutage = outage.Services.GetRequiredService<MailDispatchService>();
        for (var minute = 0; minute < 60; minute++)
        {
            var report = await duringOutage.RunAsync();
            Assert.Equal(0, report.Sent);
            world.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var recoveredAfter = TimeSpan.Zero;
        while ((await world.Outbox.ListAlertsInStateAsync(body.Code, AlertState.Sent, 100)).Count < Count)
        {
            await world.Dispatch.RunAsync();
            world.Time.Advance(TimeSpan.FromMinutes(1));
            recoveredAfter += TimeSpan.FromMinutes(1);
            Assert.True(recoveredAfter <= TimeSpan.FromHours(2), "every message is sent within the longest retry delay of the relay's return");
        }

        Assert.Empty(await world.Outbox.ListAlertsInStateAsync(body.Code, AlertState.DeadLettered, 100));
        Assert.Equal(Count, world.Smtp.Messages.Count);
        Assert.Equal(Count, world.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_WhenADispatcherDiedAfterClaiming_TakesTheMessageOverAfterTheClaimWithTheSameMessageId()
    {
        var alert = await AddAsync(Alert("ro-rsd-60d", AlertRecipient.ResponsibleOfficer));
        var crashed = alert.Claim(world.Time.GetUtcNow(), TimeSpan.FromMinutes(1));
        Assert.True((await world.Outbox.UpdateAlertDeliveryAsync(crashed)).Saved);

        var whileClaimed = await world.Dispatch.RunAsync();
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var afterClaim = await world.Dispatch.RunAsync();

        Assert.Equal(0, whileClaimed.Attempted);
        Assert.Equal(1, afterClaim.Sent);
        var message = Assert.Single(world.Smtp.Messages);
        Assert.Equal(world.Composer.MessageId(alert.Key), message.MessageId);
        Assert.Equal(2, (await world.Outbox.GetAlertAsync(body.Code, alert.Key))!.Delivery.Attempts);
    }

    [Fact]
    public async Task RunAsync_WhenTwoProcessesDispatchTheSameOutboxAtOnce_SendsEachMessageOnce()
    {
        const int Count = 40;
        for (var i = 0; i < Count; i++)
        {
            await AddAsync(Alert($"ro-rsd-{i}d", AlertRecipient.ResponsibleOfficer) with { Key = $"{body.Code}/race/{i:D2}" });
        }

        var other = (await world.StartProcessAsync()).Services.GetRequiredService<MailDispatchService>();

        var reports = await Task.WhenAll(Task.Run(() => world.Dispatch.RunAsync()), Task.Run(() => other.RunAsync()));

        Assert.Equal(Count, reports.Sum(r => r.Sent));
        Assert.Equal(Count, world.Smtp.Messages.Count);
        Assert.Equal(Count, world.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>An alert of the kind whose code is <paramref name="code"/> ("ro-rsd-60d"), with the doctor ready.</summary>
    private AlertRecord Alert(string code, AlertRecipient to)
    {
        var (kind, facts) = LegacyAlerts.Read(code, null, string.Empty);
        return new($"{body.Code}/{doctor.Id:N}/{code}", body.Code, to == AlertRecipient.MedicalDirector && code != "md-rsd-passed" ? null : doctor.Id, to, kind,
            world.Today, world.Time.GetUtcNow(), AlertState.Pending, facts with { Gaps = 0 }, doctor.CurrentCycle!.Rsd);
    }

    private async Task<AlertRecord> AddAsync(params AlertRecord[] alerts)
    {
        var inserted = await world.Outbox.AddAlertsAsync(body.Code, alerts);
        Assert.Equal(alerts.Length, inserted.Count);
        return inserted[0];
    }
}
