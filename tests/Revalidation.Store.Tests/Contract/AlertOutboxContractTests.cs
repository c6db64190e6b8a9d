using Revalidation.Core.Alerts;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="IAlertOutbox"/> must do (docs/decisions/0001, docs/decisions/0010), written against the
/// ports only: each alert recorded exactly once per key, also under concurrent writers, and its delivery changed only on a
/// matching ETag. An adapter's test class subclasses this and says how to open its store (<see cref="IStoreSource"/>).
/// Every alert of a body is read with <see cref="AlertOutboxReads.ListAllAlertsAsync"/>, through the port.
/// </summary>
public abstract class AlertOutboxContractTests(IStoreSource source, IFirstReleaseAlerts firstRelease) : StoreContract(source)
{
    // ---- alerts: exactly once per key ----

    [Fact]
    public async Task AddAlertsAsync_WhenKeysAreNew_InsertsAndReturnsThem()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        var alerts = new[]
        {
            Alert(code, $"{doctorId}:1:ro-notice-start", doctorId),
            Alert(code, $"{code}:2026-W03:digest") with { DoctorId = null, Recipient = AlertRecipient.MedicalDirector, Kind = AlertKind.WeeklyDigest, Facts = new AlertFacts { Digest = new DigestFigures(new DateOnly(2026, 1, 19), 3, 1, 1, 0, 0, "2025/26", 2, 1) }, State = AlertState.Skipped },
        };

        var inserted = await Outbox.AddAlertsAsync(code, alerts);

        Assert.Equal(alerts, inserted.Select(a => a with { ETag = null }));
        Assert.All(inserted, a => Assert.NotNull(a.ETag));
        Assert.Equal(inserted.OrderBy(a => a.Key, StringComparer.Ordinal), (await Outbox.ListAllAlertsAsync(code)).OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddAlertsAsync_WhenKeyIsAlreadyRecorded_ReturnsEmptyAndKeepsTheFirst()
    {
        var code = NewBodyCode();
        var key = $"{Guid.NewGuid()}:1:ro-notice-start";
        await Outbox.AddAlertsAsync(code, [Alert(code, key)]);

        var second = await Outbox.AddAlertsAsync(code, [Alert(code, key) with { Facts = new AlertFacts { Gaps = 5 } }]);

        Assert.Empty(second);
        Assert.Equal(2, Assert.Single(await Outbox.ListAllAlertsAsync(code)).Facts.Gaps);
    }

    // ---- alerts the first release stored (docs/decisions/0017) ----

    [Fact]
    public async Task GetAlertAsync_WhenTheFirstReleaseStoredIt_ReadsItTyped_AndItsTypedFormIsTheSameAlert()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        var rsd = new DateOnly(2027, 2, 9);
        var key = $"{code}/{doctorId:N}/cycle-1/rsd-20270209/ro/60d";
        await firstRelease.StoreAsync(code, new FirstReleaseAlert(key, doctorId, AlertRecipient.ResponsibleOfficer, "ro-rsd-60d", "1 gap(s)", rsd.AddDays(-60), rsd));

        var read = await Outbox.GetAlertAsync(code, key);

        Assert.Equal((AlertKind.ResponsibleOfficerReminder, new AlertFacts { CycleNumber = 1, DaysBefore = 60, Gaps = 1 }, "ro-rsd-60d", (DateOnly?)rsd),
            (read!.Kind, read.Facts, read.Code, read.RefersTo));

        // Exactly once across the upgrade: the scan plans the same alert in its typed form under the same key; nothing new is recorded.
        var typed = AlertContent.ResponsibleOfficerReminder(1, 60, 1, rsd).ToRecord(key, code, doctorId, rsd.AddDays(-60), Now);
        Assert.Empty(await Outbox.AddAlertsAsync(code, [typed]));
        Assert.Equal([key], (await Outbox.ListDoctorAlertKeysAsync(code)).Select(a => a.Key));

        // The outbox reads it typed too, and its delivery moves on as any alert's does.
        var deliverable = Assert.Single(await Outbox.ListDeliverableAlertsAsync(code, Now, 10));
        Assert.Equal((read.Kind, read.Facts), (deliverable.Kind, deliverable.Facts));
        Assert.Equal(SaveStatus.Saved, (await Outbox.UpdateAlertDeliveryAsync(deliverable.Claim(Now, TimeSpan.FromMinutes(5)))).Status);
        var claimed = Assert.Single(await Outbox.ListAllAlertsAsync(code));
        Assert.Equal((AlertState.Sending, read.Kind, read.Facts), (claimed.State, claimed.Kind, claimed.Facts));
    }

    [Fact]
    public async Task ListAlertsInStateAsync_WhenTheFirstReleaseStoredALeaverAndADigest_ReadsThemTyped()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        var left = new DateOnly(2026, 11, 2);
        var figures = new DigestFigures(new DateOnly(2026, 11, 9), 4, 2, 1, 1, 0, "2026/27", 3, 1);
        await firstRelease.StoreAsync(code, new FirstReleaseAlert(Core.Alerts.AlertKeys.Leaver(code, doctorId, left), doctorId, AlertRecipient.ResponsibleOfficer, "ro-leaver",
            "The doctor has left: remove the prescribed connection in GMC Connect (R13).", left, null));
        await firstRelease.StoreAsync(code, new FirstReleaseAlert($"{code}/week-2026-W46/md/digest", null, AlertRecipient.MedicalDirector, "weekly-digest", Json(figures), figures.AsOf, figures.AsOf));

        var pending = await Outbox.ListAlertsInStateAsync(code, AlertState.Pending, 10);

        Assert.Equal(
            [(AlertKind.Leaver, AlertFacts.None), (AlertKind.WeeklyDigest, new AlertFacts { Digest = figures })],
            pending.OrderBy(a => a.Kind).Select(a => (a.Kind, a.Facts)));

        // The one leaver alert the scan and directory sync now both record has the first release's key: not sent again.
        Assert.Empty(await Outbox.AddAlertsAsync(code, [AlertContent.LeaverAlert(code, doctorId, left, Now)]));
    }

    [Fact]
    public async Task AddAlertsAsync_WhenSomeKeysAreRecorded_ReturnsOnlyTheNewOnes()
    {
        var code = NewBodyCode();
        await Outbox.AddAlertsAsync(code, [Alert(code, "a"), Alert(code, "b")]);

        var inserted = await Outbox.AddAlertsAsync(code, [Alert(code, "b"), Alert(code, "c"), Alert(code, "c")]);

        Assert.Equal(["c"], inserted.Select(a => a.Key));
        Assert.Equal(3, (await Outbox.ListAllAlertsAsync(code)).Count);
    }

    [Fact]
    public async Task AddAlertsAsync_WhenTwoStoresRunConcurrentlyWithOverlappingKeys_InsertsEachKeyExactlyOnce()
    {
        var code = NewBodyCode();
        var otherStore = await CreateStoresAsync();
        var first = Enumerable.Range(0, 40).Select(i => Alert(code, $"{code}:k{i:D2}")).ToList();
        var second = Enumerable.Range(20, 40).Select(i => Alert(code, $"{code}:k{i:D2}")).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => Outbox.AddAlertsAsync(code, first)),
            Task.Run(() => otherStore.Outbox.AddAlertsAsync(code, second)));

        var insertedKeys = results.SelectMany(r => r).Select(a => a.Key).ToList();
        Assert.Equal(60, insertedKeys.Count);
        Assert.Equal(60, insertedKeys.Distinct().Count());
        Assert.Equal(60, (await Outbox.ListAllAlertsAsync(code)).Count);
    }

    [Fact]
    public async Task AddAlertsAsync_WhenAnAlertNamesAnotherDesignatedBody_ThrowsAndInsertsNothing()
    {
        var code = NewBodyCode();

        await Assert.ThrowsAsync<ArgumentException>(() => Outbox.AddAlertsAsync(code, [Alert(code, $"{code}:a"), Alert(NewBodyCode(), $"{code}:b")]));

        Assert.Empty(await Outbox.ListAllAlertsAsync(code));
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

        await Outbox.AddAlertsAsync(code, [alert]);

        Assert.Equal(alert, (await Outbox.GetAlertAsync(code, alert.Key))! with { ETag = null });
    }

    [Fact]
    public async Task ListDoctorAlertKeysAsync_ReturnsKeyDoctorAndDueDayOfTheBodysDoctorAlertsOnly()
    {
        var code = NewBodyCode();
        var doctorId = Guid.NewGuid();
        await Outbox.AddAlertsAsync(code,
        [
            Alert(code, $"{code}:doctor", doctorId),
            Alert(code, $"{code}:digest") with { DoctorId = null },
        ]);
        var other = NewBodyCode();
        await Outbox.AddAlertsAsync(other, [Alert(other, $"{other}:doctor", doctorId)]);

        var keys = await Outbox.ListDoctorAlertKeysAsync(code);

        Assert.Equal([new RecordedAlert($"{code}:doctor", doctorId, new DateOnly(2026, 1, 1))], keys);
    }

    // ---- the outbox: delivery state on the alert, conditional on its ETag ----

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenETagMatches_SavesStateAndDeliveryAndChangesETag()
    {
        var code = NewBodyCode();
        var stored = Assert.Single(await Outbox.AddAlertsAsync(code, [Alert(code, $"{code}:a")]));
        var claimed = stored.Claim(Now, TimeSpan.FromMinutes(5));

        var outcome = await Outbox.UpdateAlertDeliveryAsync(claimed);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(stored.ETag, outcome.ETag);
        var read = await Outbox.GetAlertAsync(code, stored.Key);
        Assert.Equal(claimed with { ETag = outcome.ETag }, read);
        Assert.Equal(AlertState.Sending, read!.State);
        Assert.Equal(1, read.Delivery.Attempts);
        Assert.Equal(Now.AddMinutes(5), read.Delivery.ClaimedUntil);
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        var stored = Assert.Single(await Outbox.AddAlertsAsync(code, [Alert(code, $"{code}:a")]));
        Assert.True((await Outbox.UpdateAlertDeliveryAsync(stored.Claim(Now, TimeSpan.FromMinutes(5)))).Saved);

        var second = await Outbox.UpdateAlertDeliveryAsync(stored.Claim(Now.AddSeconds(1), TimeSpan.FromMinutes(9)));

        Assert.Equal(SaveStatus.Conflict, second.Status);
        Assert.Equal(Now.AddMinutes(5), (await Outbox.GetAlertAsync(code, stored.Key))!.Delivery.ClaimedUntil);
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenTwoStoresClaimTheSameMessages_EachIsClaimedExactlyOnce()
    {
        var code = NewBodyCode();
        var otherStore = await CreateStoresAsync();
        var stored = await Outbox.AddAlertsAsync(code, Enumerable.Range(0, 30).Select(i => Alert(code, $"{code}:m{i:D2}")).ToList());
        var mine = await Outbox.ListDeliverableAlertsAsync(code, Now, 100);
        var theirs = await otherStore.Outbox.ListDeliverableAlertsAsync(code, Now, 100);

        var results = await Task.WhenAll(
            Task.Run(async () => await Task.WhenAll(mine.Select(a => Outbox.UpdateAlertDeliveryAsync(a.Claim(Now, TimeSpan.FromMinutes(5)))))),
            Task.Run(async () => await Task.WhenAll(theirs.Select(a => otherStore.Outbox.UpdateAlertDeliveryAsync(a.Claim(Now, TimeSpan.FromMinutes(5)))))));

        Assert.Equal(stored.Count, results.SelectMany(r => r).Count(o => o.Saved));
        Assert.Empty(await Outbox.ListDeliverableAlertsAsync(code, Now, 100));
    }

    [Fact]
    public async Task UpdateAlertDeliveryAsync_WhenAlertWasSentOrSkipped_RefusesEveryChange()
    {
        var code = NewBodyCode();
        var stored = await Outbox.AddAlertsAsync(code, [Alert(code, $"{code}:sent"), Alert(code, $"{code}:skipped") with { State = AlertState.Skipped }]);
        var sent = stored[0].Claim(Now, TimeSpan.FromMinutes(5));
        var saved = await Outbox.UpdateAlertDeliveryAsync(sent);
        sent = sent.MarkSent(Now.AddSeconds(2)) with { ETag = saved.ETag };
        saved = await Outbox.UpdateAlertDeliveryAsync(sent);
        Assert.True(saved.Saved);

        var resend = await Outbox.UpdateAlertDeliveryAsync(sent with { ETag = saved.ETag, State = AlertState.Pending });
        var sendSkipped = await Outbox.UpdateAlertDeliveryAsync(stored[1] with { State = AlertState.Pending });

        Assert.Equal(SaveStatus.Conflict, resend.Status);
        Assert.Equal(SaveStatus.Conflict, sendSkipped.Status);
        Assert.Equal(AlertState.Sent, (await Outbox.GetAlertAsync(code, stored[0].Key))!.State);
        Assert.Equal(AlertState.Skipped, (await Outbox.GetAlertAsync(code, stored[1].Key))!.State);
    }

    [Fact]
    public async Task ListDeliverableAlertsAsync_ReturnsDuePendingAndExpiredClaimsOnly_OldestFirst()
    {
        var code = NewBodyCode();
        AlertRecord At(string key, int minutes, AlertState state, AlertDelivery delivery) =>
            Alert(code, $"{code}:{key}") with { CreatedAt = Now.AddMinutes(minutes), State = state, Delivery = delivery };
        await Outbox.AddAlertsAsync(code,
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
        await Outbox.AddAlertsAsync(other, [Alert(other, $"{other}:elsewhere")]);

        var due = await Outbox.ListDeliverableAlertsAsync(code, Now, 100);

        Assert.Equal(["pending-now", "retry-due", "pending-later", "claim-expired"], due.Select(a => a.Key[(code.Value.Length + 1)..]));
        Assert.All(due, a => Assert.True(a.IsDeliverable(Now)));
        Assert.Equal(2, (await Outbox.ListDeliverableAlertsAsync(code, Now, 2)).Count);
    }

    [Fact]
    public async Task ListAlertsInStateAsync_WhenDeadLettered_ReturnsThemNewestFirstWithTheirReason()
    {
        var code = NewBodyCode();
        await Outbox.AddAlertsAsync(code,
        [
            Alert(code, $"{code}:old") with { State = AlertState.DeadLettered, Delivery = new AlertDelivery(1, LastError: "no address") },
            Alert(code, $"{code}:new") with { CreatedAt = Now.AddDays(1), State = AlertState.DeadLettered, Delivery = new AlertDelivery(2, LastError: "550") },
            Alert(code, $"{code}:fine"),
        ]);

        var dead = await Outbox.ListAlertsInStateAsync(code, AlertState.DeadLettered, 10);

        Assert.Equal([$"{code}:new", $"{code}:old"], dead.Select(a => a.Key));
        Assert.Equal(["550", "no address"], dead.Select(a => a.Delivery.LastError));
        Assert.Single(await Outbox.ListAlertsInStateAsync(code, AlertState.DeadLettered, 1));
    }

    [Fact]
    public async Task GetAlertAsync_WhenMissingOrAskedInAnotherBody_ReturnsNull()
    {
        var code = NewBodyCode();
        await Outbox.AddAlertsAsync(code, [Alert(code, $"{code}:a")]);

        Assert.Null(await Outbox.GetAlertAsync(code, $"{code}:missing"));
        Assert.Null(await Outbox.GetAlertAsync(NewBodyCode(), $"{code}:a"));
    }
}
