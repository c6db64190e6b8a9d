using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Alerts.Tests.Scan;

/// <summary>
/// The deadline scan through the real services and a real SQLite file: exactly once under reruns and under two
/// processes scanning at once, the catch-up rule, store round trips per designated body whatever its size, and
/// the R13 leaver alert.
/// </summary>
public sealed class DeadlineScanTests : IAsyncLifetime
{
    /// <summary>07:00 in London on a Monday in winter.</summary>
    private static readonly DateTimeOffset Start = new(2026, 1, 12, 7, 0, 0, TimeSpan.Zero);

    private AlertsWorld world = null!;

    public async Task InitializeAsync() => world = await AlertsWorld.CreateAsync(Start);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    [Trait("Rule", "R3")]
    public async Task RunAsync_WhenTwoProcessesScanTheSameStoreAtOnce_RecordsAndSendsEachAlertExactlyOnce()
    {
        var today = world.Today;
        foreach (var code in new[] { "1-NORTH", "1-SOUTH", "1-EAST" })
        {
            var body = await world.AddBodyAsync(code);
            for (var i = 0; i < 40; i++)
            {
                // RSDs from three weeks ago to two years ahead: under notice, overdue, connection check, appraisals…
                await world.AddDoctorAsync(body.Code, today.AddDays(-21 + (i * 19)), dueMonth: 1 + (i % 12));
            }
        }

        var other = await world.StartProcessAsync();
        var otherScan = other.Services.GetRequiredService<DeadlineScanService>();
        var otherDispatch = other.Services.GetRequiredService<MailDispatchService>();

        var scans = await Task.WhenAll(Task.Run(() => world.Scan.RunAsync()), Task.Run(() => otherScan.RunAsync()));
        var dispatches = await Task.WhenAll(Task.Run(() => world.Dispatch.RunAsync()), Task.Run(() => otherDispatch.RunAsync()));

        var alerts = (await world.AlertsAsync("1-NORTH")).Concat(await world.AlertsAsync("1-SOUTH")).Concat(await world.AlertsAsync("1-EAST")).ToList();
        var pending = scans.Sum(s => s.Pending);
        Assert.True(pending > 100, $"the scenario makes plenty of alerts ({pending})");
        Assert.Equal(alerts.Count, scans.Sum(s => s.Pending + s.Skipped));
        Assert.Equal(pending, alerts.Count(a => a.State == AlertState.Sent));
        Assert.Equal(pending, dispatches.Sum(d => d.Sent));
        Assert.Equal(pending, world.Smtp.Messages.Count);
        Assert.Equal(pending, world.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());

        // And a rerun the same day (a restart, a second trigger) records and sends nothing.
        var rerun = await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();
        Assert.Equal(0, rerun.Pending + rerun.Skipped);
        Assert.Equal(pending, world.Smtp.Messages.Count);
    }

    [Fact]
    [Trait("Rule", "R3")]
    [Trait("Rule", "R5")]
    public async Task RunAsync_WhenTheWorkerWasDownWhileSeveralThresholdsPassed_SendsOnlyTheMostUrgentAndRecordsTheOthersSkipped()
    {
        var body = await world.AddBodyAsync();
        var rsd = world.Today.AddDays(20);
        var doctor = await world.AddDoctorAsync(body.Code, rsd, dueMonth: 6, given: "Chloe", family: "Chen");

        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();

        var ro = (await world.AlertsAsync()).Where(a => a.Recipient == AlertRecipient.ResponsibleOfficer).OrderBy(a => a.DueOn).ToList();
        Assert.Equal(["ro-rsd-120d", "ro-rsd-60d", "ro-rsd-30d"], ro.Select(a => a.Code));
        Assert.Equal([AlertState.Skipped, AlertState.Skipped, AlertState.Sent], ro.Select(a => a.State));
        var email = Assert.Single(world.Smtp.To(AlertsWorld.RoEmail));
        Assert.Equal($"20 days to the revalidation date of Dr Chloe Chen ({rsd:d MMMM yyyy})", email.Subject);
        Assert.Contains($"/doctors/{doctor.Id:D}", email.TextBody, StringComparison.Ordinal);

        // The next thresholds are sent on their own days, once.
        world.Time.Advance(TimeSpan.FromDays(6));
        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();
        world.Time.Advance(TimeSpan.FromDays(1));
        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();
        Assert.Equal(
            [$"20 days to the revalidation date of Dr Chloe Chen ({rsd:d MMMM yyyy})", $"14 days to the revalidation date of Dr Chloe Chen ({rsd:d MMMM yyyy})"],
            world.Smtp.To(AlertsWorld.RoEmail).Select(m => m.Subject));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(200)]
    public async Task RunAsync_WhateverTheNumberOfDoctors_MakesThreeStoreRoundTripsPerDesignatedBody(int doctorsPerBody)
    {
        foreach (var code in new[] { "1-NORTH", "1-SOUTH" })
        {
            var body = await world.AddBodyAsync(code);
            for (var i = 0; i < doctorsPerBody; i++)
            {
                await world.AddDoctorAsync(body.Code, world.Today.AddDays(5 + (i * 7)), dueMonth: 1 + (i % 12));
            }
        }

        var counter = new CountingStore();
        var scan = new DeadlineScanService(counter.Wrap(world.Bodies), counter.Wrap(world.Doctors), counter.Wrap(world.Outbox), world.Time, Options.Create(world.Rules), Options.Create(new DeadlineScanOptions()), NullLogger<DeadlineScanService>.Instance);

        var report = await scan.RunAsync();

        Assert.Equal(2 * doctorsPerBody, report.Doctors);
        Assert.True(report.Pending > 0);

        // One list of bodies, then per body: the summaries, the alerts recorded, one insert.
        Assert.Equal(1 + (3 * 2), counter.Total);
        Assert.Equal(2, counter.Calls["ListDoctorSummariesAsync"]);
        Assert.Equal(2, counter.Calls["AddAlertsAsync"]);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenADoctorLeftRecently_TellsTheRoOnce_AndNotOfOldLeavers()
    {
        var body = await world.AddBodyAsync();
        var recent = await world.AddDoctorAsync(body.Code, world.Today.AddDays(400), given: "Dan", family: "Davies");
        var old = await world.AddDoctorAsync(body.Code, world.Today.AddDays(400), given: "Eve", family: "Evans");
        Assert.True(recent.MarkLeaver(world.Today.AddDays(-3)).IsSuccess);
        Assert.True(old.MarkLeaver(world.Today.AddDays(-45)).IsSuccess);
        await world.SaveAsync(recent);
        await world.SaveAsync(old);

        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();
        world.Time.Advance(TimeSpan.FromDays(1));
        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();

        var email = Assert.Single(world.Smtp.To(AlertsWorld.RoEmail));
        Assert.Equal("Dr Dan Davies is no longer in the directory: check their GMC connection", email.Subject);
        Assert.Contains("it may be parental or other leave, or a suspension", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(world.Today.AddDays(-4).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R20")]
    public async Task RunAsync_WhenTheRoHasAConflict_AlertsTheAdditionalRo_OrDeadLettersWhenThereIsNone()
    {
        var body = await world.AddBodyAsync();
        var covered = await world.AddDoctorAsync(body.Code, world.Today.AddDays(20), given: "Fay", family: "Fraser");
        // The body's RO is this doctor (same GMC number) and nobody else is assigned.
        var uncovered = await world.AddDoctorAsync(body.Code, world.Today.AddDays(25), given: "Gus", family: "Green", gmcNumber: body.ResponsibleOfficer!.GmcNumber);
        Assert.True(covered.Concerns.SetResponsibleOfficerConflict(true, new Core.Common.StaffMember("ro-2", "Dr Additional Officer", "additional.ro@northfield.example")).IsSuccess);
        await world.SaveAsync(covered);

        await world.Scan.RunAsync();
        await world.Dispatch.RunAsync();

        Assert.Empty(world.Smtp.To(AlertsWorld.RoEmail));
        Assert.Contains("Dr Fay Fraser", Assert.Single(world.Smtp.To("additional.ro@northfield.example")).Subject, StringComparison.Ordinal);
        var dead = Assert.Single(await world.Outbox.ListAlertsInStateAsync(body.Code, AlertState.DeadLettered, 10));
        Assert.Equal(uncovered.Id, dead.DoctorId);
        Assert.Contains("(R20)", dead.Delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestRunAsync_WhenRunTwiceInAWeek_SendsOneDigestToTheRoAndTheMedicalDirector()
    {
        var body = await world.AddBodyAsync();
        await world.AddDoctorAsync(body.Code, world.Today.AddDays(30));
        await world.AddDoctorAsync(body.Code, world.Today.AddDays(900));

        var first = await world.Digests.RunAsync();
        world.Time.Advance(TimeSpan.FromHours(3));
        var again = await world.Digests.RunAsync();
        await world.Dispatch.RunAsync();
        world.Time.Advance(TimeSpan.FromDays(7));
        var nextWeek = await world.Digests.RunAsync();
        await world.Dispatch.RunAsync();

        Assert.Equal((2, 0, 2), (first, again, nextWeek));
        var ro = world.Smtp.To(AlertsWorld.RoEmail);
        Assert.Equal(2, ro.Count);
        Assert.Equal("Weekly revalidation digest for Trust 1-NORTH: 12 January 2026", ro[0].Subject);
        Assert.Contains("2 connected doctors; 1 under notice", ro[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("/compliance", ro[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(2, world.Smtp.To(AlertsWorld.MedicalDirectorEmail).Count);
        Assert.Equal("Dear Medical director,", world.Smtp.To(AlertsWorld.MedicalDirectorEmail)[0].TextBody!.Split('\n')[0]);
    }
}
