using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.Support;
using Revalidation.Store.Tests.Contract;
using static Revalidation.Directory.Tests.Support.People;

namespace Revalidation.Directory.Tests.Graph;

/// <summary>docs/domain.md#alerts: the two directory alerts, and R20's "RO among the doctors" (docs/domain.md#r20).</summary>
public sealed class DirectoryAlertTests : GraphTestBase
{
    [Fact]
    [Trait("Rule", "alerts")]
    public async Task RunAsync_WhenTheSourceFailsTwiceInARow_TellsTheAdminOnce_NotAgainWhileItKeepsFailing()
    {
        Doctors(1, 2);
        var service = ServiceFor();
        await Harness.RunAsync(service, "entra");

        for (var i = 0; i < 3; i++)
        {
            Server.Fail("/v1.0/users/delta", 500, times: 10);
            Assert.Equal(SyncRunStatus.Failed, (await Harness.RunAsync(service, "entra")).Status);
            Harness.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var alerts = await Harness.Outbox.ListAllAlertsAsync(SyncHarness.Body);
        var failing = Assert.Single(alerts, a => a.Kind == AlertKind.DirectorySyncFailing);
        Assert.Equal(AlertRecipient.Admin, failing.Recipient);
    }

    [Fact]
    [Trait("Rule", "alerts")]
    [Trait("Rule", "R20")]
    public async Task RunAsync_WhenTheRoIsAmongTheDoctors_RaisesADataQualityIssue_AndTellsTheRo()
    {
        var body = await Harness.Bodies.GetDesignatedBodyAsync(SyncHarness.Body);
        Assert.True(body!.AssignResponsibleOfficer(new StaffMember("ro-x", "Dr Responsible Officer", GmcNumber: GmcOf(2))).IsSuccess);
        await Harness.Bodies.SaveDesignatedBodyAsync(body, []);
        Doctors(1, 2);

        await Harness.RunAsync(ServiceFor(), "entra");

        Assert.Contains(await Harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.ResponsibleOfficerIsDoctor);
        var alerts = await Harness.Outbox.ListAllAlertsAsync(SyncHarness.Body);
        Assert.Contains(alerts, a => a.Kind == AlertKind.DirectoryDataQuality && a.Recipient == AlertRecipient.ResponsibleOfficer);
    }
}
