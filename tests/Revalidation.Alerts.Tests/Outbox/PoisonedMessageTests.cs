using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Alerts.Tests.Outbox;

/// <summary>
/// Issue 14 item 3: one malformed address must not stop all mail (docs/decisions/0010-alerts-outbox-and-worker.md).
/// A stored address with a CR LF header injection (data from before addresses were checked where entered) sits among
/// good messages of two designated bodies; through the real dispatcher, MailKit and the in-process SMTP server.
/// </summary>
public sealed class PoisonedMessageTests : IAsyncLifetime
{
    private const string Injected = "ro@demo-trust.example\r\nBcc: x@evil.example";
    private const string SouthRo = "ro@southfield.example";
    private const string SouthMd = "md@southfield.example";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    private AlertsWorld world = null!;

    public async Task InitializeAsync() => world = await AlertsWorld.CreateAsync(Start);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunAsync_WhenOneStoredAddressIsCrLfInjected_DeadLettersThatMessageAndDeliversEveryOtherOnceWithNoBcc()
    {
        var north = await world.AddBodyAsync("1-NORTH");
        var south = await world.AddBodyAsync("1-SOUTH", roEmail: SouthRo, mdEmail: SouthMd, adminEmail: "admin@southfield.example");
        var poisoned = await world.AddDoctorAsync(north.Code, new DateOnly(2026, 5, 1), email: Injected);
        var good = await world.AddDoctorAsync(north.Code, new DateOnly(2026, 5, 1));
        var southDoctor = await world.AddDoctorAsync(south.Code, new DateOnly(2026, 5, 1));
        await world.Outbox.AddAlertsAsync(north.Code,
        [
            Alert(north, poisoned, "connection-check", AlertRecipient.Doctor),
            Alert(north, good, "connection-check", AlertRecipient.Doctor),
            Alert(north, good, "ro-rsd-60d", AlertRecipient.ResponsibleOfficer),
            Alert(north, good, "md-rsd-passed", AlertRecipient.MedicalDirector),
        ]);
        await world.Outbox.AddAlertsAsync(south.Code,
        [
            Alert(south, southDoctor, "connection-check", AlertRecipient.Doctor),
            Alert(south, southDoctor, "ro-rsd-60d", AlertRecipient.ResponsibleOfficer),
            Alert(south, southDoctor, "md-rsd-passed", AlertRecipient.MedicalDirector),
        ]);

        var first = await world.Dispatch.RunAsync();
        var second = await world.Dispatch.RunAsync();
        var third = await world.Dispatch.RunAsync();

        Assert.False(first.StoppedEarly);
        Assert.Equal(6, first.Sent);
        Assert.Equal(1, first.DeadLettered);
        Assert.Equal(1, second.Sent); // the admin's dead-letter notice
        Assert.Equal(0, third.Attempted);
        foreach (var address in new[] { good.Email!, AlertsWorld.RoEmail, AlertsWorld.MedicalDirectorEmail, southDoctor.Email!, SouthRo, SouthMd, AlertsWorld.AdminEmail })
        {
            Assert.Single(world.Smtp.To(address));
        }

        Assert.Equal(7, world.Smtp.Messages.Count);
        Assert.Equal(7, world.Smtp.Offered.Count);
        Assert.All(world.Smtp.Offered, m =>
        {
            Assert.False(m.Headers.Contains(MimeKit.HeaderId.Bcc));
            Assert.Empty(m.Bcc);
            Assert.DoesNotContain(m.GetRecipients(), a => a.Address.Contains("evil", StringComparison.OrdinalIgnoreCase));
        });

        var dead = Assert.Single(await world.Outbox.ListAlertsInStateAsync(north.Code, AlertState.DeadLettered, 10));
        Assert.Equal(poisoned.Id, dead.DoctorId);
        Assert.Contains("not one valid address", dead.Delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", dead.Delivery.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await world.Outbox.ListAlertsInStateAsync(south.Code, AlertState.DeadLettered, 10));
        Assert.Empty(await world.Outbox.ListAlertsInStateAsync(north.Code, AlertState.Pending, 10));
        Assert.Empty(await world.Outbox.ListAlertsInStateAsync(south.Code, AlertState.Pending, 10));
    }

    private AlertRecord Alert(DesignatedBody body, DoctorRecord doctor, string code, AlertRecipient to)
    {
        var (kind, facts) = LegacyAlerts.Read(code, null, string.Empty);
        return new($"{body.Code}/{doctor.Id:N}/{code}", body.Code, doctor.Id, to, kind,
            world.Today, world.Time.GetUtcNow(), AlertState.Pending, facts with { Gaps = 0 }, doctor.CurrentCycle!.Rsd);
    }
}
