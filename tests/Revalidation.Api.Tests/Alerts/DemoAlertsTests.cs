using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Revalidation.Api.Contracts;
using Revalidation.Core.Alerts;
using Revalidation.Infrastructure.Jobs;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests.Alerts;

/// <summary>
/// The "done means": the local Server, run for the demo with its jobs in-process, writes the expected
/// alerts as .eml files in its pickup folder; run again over the same data folder, it writes no duplicate.
/// Also the admins' view of dead letters.
/// </summary>
public sealed class DemoAlertsTests
{
    [Fact]
    public async Task Server_WhenRunTwiceOverTheSameDataFolder_WritesTheDemoAlertsOnceAsEmlFiles()
    {
        var folder = Path.Combine(Path.GetTempPath(), "revalidation-tests", Guid.NewGuid().ToString("N"));
        var mail = Path.Combine(folder, "mail");
        try
        {
            int firstCount;
            await using (var first = JobsOn(ApiFactory.Over(folder, keepData: true)))
            {
                var (scan, _) = await WaitForScanAndDispatchAsync(first);
                var sent = await first.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.Sent, 10_000);
                firstCount = Directory.GetFiles(mail, "*.eml").Length;

                Assert.True(firstCount > 20, $"the demo body has doctors in every state, so plenty of alerts ({firstCount})");
                // Every alert the scan planned was written, and so was the RO's notice of the demo directory's data-quality issues.
                var fromScan = sent.Count(a => a.Kind is not (Core.Alerts.AlertKind.DirectoryDataQuality or Core.Alerts.AlertKind.DirectorySyncFailing));
                Assert.True(scan.Result!.Contains($"Pending = {fromScan},", StringComparison.Ordinal), $"{fromScan} messages from the scan; the scan said {scan.Result}");
                Assert.Single(sent, a => a.Kind == Core.Alerts.AlertKind.DirectoryDataQuality);
                Assert.Equal(firstCount, sent.Count);
                Assert.Empty(await first.Outbox.ListAlertsInStateAsync(DemoSeeder.DemoBody, AlertState.DeadLettered, 10));

                // What a reader finds in the folder: real messages, to the demo addresses, linking to the record.
                var messages = Directory.GetFiles(mail, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
                Assert.Equal(firstCount, messages.Select(m => m.MessageId).Distinct().Count());
                Assert.Contains(messages, m => m.To.Mailboxes.Single().Address == DemoSeeder.ResponsibleOfficer.Email && m.Subject!.Contains("under notice", StringComparison.Ordinal));
                Assert.Contains(messages, m => m.Subject!.EndsWith("is no longer in the directory: check their GMC connection", StringComparison.Ordinal));
                Assert.Contains(messages, m => m.To.Mailboxes.Single().Address == "medical.director@demo-trust.example");
                Assert.All(messages, m => Assert.Contains("http://localhost:5080/", m.TextBody, StringComparison.Ordinal));
            }

            await using (var second = JobsOn(ApiFactory.Over(folder, keepData: true)))
            {
                // Nothing new to send, so the scan does not call the dispatcher: its own start-up run is the one to wait for.
                var (scan, dispatch) = await WaitForScanAndDispatchAsync(second, dispatchAfterScan: false);

                Assert.Contains("Pending = 0, Skipped = 0", scan.Result, StringComparison.Ordinal);
                Assert.Contains("Sent = 0,", dispatch.Result, StringComparison.Ordinal);
                Assert.Equal(firstCount, Directory.GetFiles(mail, "*.eml").Length);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DeadLetters_WhenAnAdminListsAndRetriesThem_TheyArePendingAgain_AndOtherKeysAreNotRetried()
    {
        await using var factory = new ApiFactory();
        var now = factory.Time.GetUtcNow();
        var dead = new AlertRecord($"{DemoSeeder.DemoBody}/test/dead", DemoSeeder.DemoBody, null, AlertRecipient.MedicalDirector, AlertKind.RsdPassed,
            factory.Today, now, AlertState.DeadLettered, new AlertFacts { CycleNumber = 1 })
        {
            Delivery = new AlertDelivery(1, LastError: "The designated body has no medical director email address.", DeadLetteredAt: now),
        };
        var pending = dead with { Key = $"{DemoSeeder.DemoBody}/test/pending", State = AlertState.Pending, Delivery = AlertDelivery.None };
        await factory.Outbox.AddAlertsAsync(DemoSeeder.DemoBody, [dead, pending]);
        using var admin = factory.Admin();

        var listed = await admin.GetFromJsonAsync<List<DeadLetterResponse>>("/api/admin/dead-letters", TestJson.Options);
        var retry = await admin.PostAsJsonAsync("/api/admin/dead-letters/retry", new { keys = new[] { dead.Key, pending.Key, "1-DEMO01/unknown" } }, TestJson.Options);
        var invalid = await admin.PostAsJsonAsync("/api/admin/dead-letters/retry", new { }, TestJson.Options);

        var item = Assert.Single(listed!);
        Assert.Equal((dead.Key, "MedicalDirector", 1, "The designated body has no medical director email address."), (item.Key, item.Recipient, item.Attempts, item.Reason));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var result = await retry.Content.ReadFromJsonAsync<RetryDeadLettersResponse>(TestJson.Options);
        Assert.Equal([dead.Key], result!.Retried);
        Assert.Equal([pending.Key, "1-DEMO01/unknown"], result.NotRetried);
        Assert.Equal(AlertState.Pending, (await factory.Outbox.GetAlertAsync(DemoSeeder.DemoBody, dead.Key))!.State);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static ApiFactory JobsOn(ApiFactory factory)
    {
        factory.Settings["Jobs:Enabled"] = "true";

        // A short scheduler term: should the first server's lease outlive it (a shutdown that ran out of time), the
        // second takes over within seconds rather than after the default minute.
        factory.Settings["Jobs:Lease:Duration"] = "00:00:06";
        factory.Settings["Jobs:Lease:RenewEvery"] = "00:00:02";

        // The scan asks the dispatcher to run at once; should that request land while a dispatch runs (one at a time),
        // the next interval picks the messages up: a short interval keeps that within seconds on a loaded machine.
        factory.Settings["Jobs:MailDispatch:Interval"] = "00:00:05";
        return factory;
    }

    private static async Task<(JobRun Scan, JobRun Dispatch)> WaitForScanAndDispatchAsync(ApiFactory factory, bool dispatchAfterScan = true)
    {
        var runs = factory.Services.GetRequiredService<JobRunLog>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var scan = await runs.WaitForAsync(r => r.Job == DeadlineScanJob.Name, timeout.Token);
        var dispatch = await runs.WaitForAsync(r => r.Job == MailDispatchJob.Name && (!dispatchAfterScan || r.StartSequence > scan.Sequence), timeout.Token);
        Assert.True(scan.Succeeded && dispatch.Succeeded);
        return (scan, dispatch);
    }
}
