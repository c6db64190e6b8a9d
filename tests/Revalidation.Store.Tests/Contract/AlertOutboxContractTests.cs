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
public abstract class AlertOutboxContractTests(IStoreSource source) : StoreContract(source)
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
            Alert(code, $"{code}:2026-W03:digest") with { DoctorId = null, Recipient = AlertRecipient.MedicalDirector, Kind = "weekly-digest", Detail = null, State = AlertState.Skipped },
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

        var second = await Outbox.AddAlertsAsync(code, [Alert(code, key) with { Detail = "rerun" }]);

        Assert.Empty(second);
        Assert.Equal("under notice", Assert.Single(await Outbox.ListAllAlertsAsync(code)).Detail);
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
