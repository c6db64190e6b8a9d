using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.Support;

namespace Revalidation.Directory.Tests.Files;

/// <summary>ESR-style exports (CSV and JSON) through the same sync engine as Microsoft Graph, on the real embedded store.</summary>
public sealed class FileSyncTests : IAsyncLifetime
{
    private const string Header = "Employee Number,GMC Number,First Name,Surname,Email Address,Department,Designated Body Code,Active";

    private SyncHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    [Fact]
    public async Task RunAsync_WhenAnExportHasBadRows_ReportsEachWithItsLineAndAppliesTheGoodOnes()
    {
        var source = harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y",       // line 2: good
            "E2,70000X2,Bad,Number,bad@trust.example,Cardiology,1-TRUST01,Y",          // line 3: malformed GMC (R12)
            "E3,7000003,Too,Few",                                                      // line 4: too few fields
            "E4,,No,Number,none@trust.example,Cardiology,1-TRUST01,Y",                 // line 5: no GMC number
            "E5,7000005,Maybe,Active,maybe@trust.example,Cardiology,1-TRUST01,perhaps", // line 6: bad active flag
            "E6,7000006,Grace,Hopper,grace@trust.example,Surgery,1-NOSUCH,Y",          // line 7: unknown body
            "E7,7000001,Dup,Licate,dup@trust.example,Cardiology,1-TRUST01,Y",          // line 8: GMC number of line 2 (R12)
            "E8,7000008,Mary,Seacole,mary@trust.example,\"Medicine, Acute\",1-TRUST01,Y")); // line 9: good, quoted comma
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal((2, 6), (run.Totals.Created, run.Totals.Rejected));
        Assert.Equal("Medicine, Acute", (await harness.RequireDoctorAsync("E8")).Department);
        var issues = await harness.IssuesAsync();
        Assert.Equal(
            ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"],
            issues.Where(i => i.Kind != DataQualityIssueKind.RsdToConfirm).Select(i => i.Origin).Order(StringComparer.Ordinal));
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.InvalidGmcNumber, Origin: "line 3" });
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.Unreadable, Origin: "line 4" } && i.Detail.StartsWith("Line 4", StringComparison.Ordinal));
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.InvalidGmcNumber, Origin: "line 5" });
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.InvalidDetails, Origin: "line 6" });
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.UnknownDesignatedBody, Origin: "line 7" });
        Assert.Contains(issues, i => i is { Kind: DataQualityIssueKind.DuplicateGmcNumber, Origin: "line 8" });
    }

    [Theory]
    [InlineData("\"a@b.example, c@d.example\"")]
    [InlineData("\"ada@trust.example\r\nBcc: x@evil.example\"")]
    [InlineData("Ada <ada@trust.example>")]
    public async Task RunAsync_WhenARowHasAnEmailThatIsNotOneMailbox_CreatesTheDoctorWithoutEmailAndRaisesInvalidEmail(string email)
    {
        // Issue 14 item 3 (docs/domain.md#alerts): the doctor is still created; the address never reaches the record.
        var source = harness.FileSource("esr.csv", Csv(
            $"E1,7000001,Ada,Lovelace,{email},Cardiology,1-TRUST01,Y",
            "E2,7000002,Mary,Seacole,mary@trust.example,Cardiology,1-TRUST01,Y"));
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal((2, 0), (run.Totals.Created, run.Totals.Rejected));
        var doctor = await harness.RequireDoctorAsync("E1");
        Assert.Null(doctor.Email);
        Assert.Equal("mary@trust.example", (await harness.RequireDoctorAsync("E2")).Email);
        var issue = Assert.Single(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidEmail);
        Assert.Equal(("E1", doctor.Id, "line 2"), (issue.ExternalId, issue.DoctorId, issue.Origin));
        Assert.DoesNotContain("@", issue.Detail, StringComparison.Ordinal);
        Assert.Contains(await harness.IssuesAsync(), i => i is { Kind: DataQualityIssueKind.RsdToConfirm, ExternalId: "E1" });
    }

    [Fact]
    public async Task RunAsync_WhenAKnownDoctorsEmailBecomesTwoAddressesThenOne_KeepsTheValidAddressThenResolvesTheIssue()
    {
        var source = harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y"));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");

        harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,\"a@b.example, c@d.example\",Surgery,1-TRUST01,Y"));
        await harness.RunAsync(service, "esr");

        var doctor = await harness.RequireDoctorAsync("E1");
        Assert.Equal(("ada@trust.example", "Surgery"), (doctor.Email, doctor.Department));
        Assert.Single(await harness.IssuesAsync(), i => i is { Kind: DataQualityIssueKind.InvalidEmail, ExternalId: "E1" });

        harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,ada.lovelace@trust.example,Surgery,1-TRUST01,Y"));
        await harness.RunAsync(service, "esr");

        Assert.Equal("ada.lovelace@trust.example", (await harness.RequireDoctorAsync("E1")).Email);
        Assert.DoesNotContain(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.InvalidEmail);
    }

    [Fact]
    public async Task RunAsync_WhenAQuotedFieldSpansLines_CountsLinesFromWhereEachRowStarts()
    {
        var source = harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,\"Cardiology\nand Respiratory\",1-TRUST01,Y", // lines 2–3
            "E2,123,Bad,Number,bad@trust.example,Cardiology,1-TRUST01,Y"));                          // line 4
        var service = harness.Service(source);

        await harness.RunAsync(service, "esr");

        Assert.Equal("Cardiology\nand Respiratory", (await harness.RequireDoctorAsync("E1")).Department);
        Assert.Contains(await harness.IssuesAsync(), i => i is { Kind: DataQualityIssueKind.InvalidGmcNumber, Origin: "line 4" });
    }

    [Fact]
    public async Task RunAsync_WhenAJsonExportHasBadItems_ReportsTheirLines()
    {
        var source = harness.FileSource("esr.json", """
            [
              { "id": "E1", "gmcNumber": "7000001", "givenName": "Ada", "familyName": "Lovelace", "email": "ada@trust.example", "active": true },
              {
                "id": "E2",
                "gmcNumber": "12",
                "givenName": "Bad",
                "familyName": "Number"
              },
              { "id": "E3", "gmcNumber": 7000003, "givenName": "Numeric", "familyName": "Gmc", "designatedBody": "1-TRUST02" }
            ]
            """);
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal((2, 1), (run.Totals.Created, run.Totals.Rejected));
        Assert.Contains(await harness.IssuesAsync(), i => i is { Kind: DataQualityIssueKind.InvalidGmcNumber, Origin: "line 3" });
        Assert.NotNull(await harness.DoctorAsync("E3", SyncHarness.OtherBody));
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenACompleteExportNoLongerListsADoctorOrMarksThemInactive_MakesLeavers()
    {
        var source = harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y",
            "E2,7000002,Mary,Seacole,mary@trust.example,Cardiology,1-TRUST01,Y",
            "E3,7000003,Grace,Hopper,grace@trust.example,Cardiology,1-TRUST01,Y"));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y",
            "E2,7000002,Mary,Seacole,mary@trust.example,Cardiology,1-TRUST01,N"));

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(2, run.Totals.Left);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync("E1")).Status);
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync("E2")).Status);
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync("E3")).Status);
        Assert.Equal(2, (await harness.LeaverAlertsAsync()).Count);
    }

    [Fact]
    public async Task RunAsync_WhenTheFileIsUnchanged_AnIncrementalRunDoesNothingAndAFullRunFindsNothingToChange()
    {
        var source = harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y"));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");

        var incremental = await harness.RunAsync(service, "esr");
        var full = await harness.RunAsync(service, "esr", SyncMode.Full);

        Assert.Equal((0, false), (incremental.Totals.Seen, incremental.FullResync));
        Assert.Equal((1, 1, 0), (full.Totals.Seen, full.Totals.Unchanged, full.Totals.Updated));
    }

    [Fact]
    public async Task RunAsync_WhenTheExportHasNoIdColumn_KeysPeopleByGmcNumber()
    {
        var source = harness.FileSource("esr.csv", "gmc_number,given_name,family_name\n7000001,Ada,Lovelace\n");
        var service = harness.Service(source);

        await harness.RunAsync(service, "esr");
        harness.FileSource("esr.csv", "gmc_number,given_name,family_name\n7000001,Ada,King\n");
        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(1, run.Totals.Updated);
        var doctor = await harness.Doctors.FindDoctorByGmcNumberAsync(SyncHarness.Body, Core.Doctors.GmcNumber.Parse("7000001"));
        Assert.Equal(("King", (string?)null), (doctor!.FamilyName, doctor.DirectoryId));
    }

    [Fact]
    public async Task RunAsync_WhenAnRsdColumnIsGiven_CreatesTheCycleOnItWithoutAskingForIt()
    {
        var source = harness.FileSource("esr.csv", "gmc_number,given_name,family_name,rsd\n7000001,Ada,Lovelace,2028-03-31\n");
        var service = harness.Service(source);

        await harness.RunAsync(service, "esr");

        var doctor = await harness.Doctors.FindDoctorByGmcNumberAsync(SyncHarness.Body, Core.Doctors.GmcNumber.Parse("7000001"));
        Assert.Equal(new DateOnly(2028, 3, 31), doctor!.CurrentCycle!.Rsd);
        Assert.DoesNotContain(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.RsdToConfirm);
    }

    [Fact]
    public async Task RunAsync_WhenARequiredColumnIsMissing_FailsTheRunNamingIt()
    {
        var source = harness.FileSource("esr.csv", "id,given_name,family_name\nE1,Ada,Lovelace\n");
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("gmc_number", run.Error, StringComparison.Ordinal);
        Assert.Null(await harness.SyncStore.GetCursorAsync("esr"));
    }

    [Fact]
    public async Task RunAsync_WhenAPipeDelimitedExportIsConfigured_ReadsIt()
    {
        var source = harness.FileSource("esr.txt", "GMC No|Forename|Surname|Status\n7000001|Ada|Lovelace|Active\n", o => o.Delimiter = '|');
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(1, run.Totals.Created);
    }

    [Fact]
    public async Task RunAsync_WhenAQuotedFieldHoldsACommaAndALineBreak_KeepsBoth()
    {
        var source = harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,\"Medicine, Acute\r\nand \"\"Respiratory\"\"\",1-TRUST01,Y", // lines 2–3
            "E2,7000002,Mary,Seacole,mary@trust.example,Cardiology,1-NOSUCH,Y"));                                           // line 4
        var service = harness.Service(source);

        await harness.RunAsync(service, "esr");

        Assert.Equal("Medicine, Acute\r\nand \"Respiratory\"", (await harness.RequireDoctorAsync("E1")).Department);
        Assert.Contains(await harness.IssuesAsync(), i => i is { Kind: DataQualityIssueKind.UnknownDesignatedBody, Origin: "line 4" });
    }

    [Fact]
    public async Task RunAsync_WhenAFileOfChangesIsCutOffInsideAQuotedField_ReportsThatRowsLine_AndAppliesTheRest()
    {
        var source = harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y")
            + "E2,7000002,Mary,Seacole,mary@trust.example,\"Medicine,\nand Surg", o => o.FullSet = false);
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal((1, 1), (run.Totals.Created, run.Totals.Rejected));
        var issue = Assert.Single(await harness.IssuesAsync(), i => i.Kind == DataQualityIssueKind.Unreadable);
        Assert.Equal("line 3", issue.Origin);
        Assert.StartsWith("Line 3: a quoted field is not closed", issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenACompleteExportHasAnUnclosedQuote_FailsNamingTheLine_AndAppliesNothing()
    {
        var source = harness.FileSource("esr.csv", Csv(
            "E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y",
            "E2,7000002,Mary,Seacole,mary@trust.example,\"Medicine,1-TRUST01,Y",
            "E3,7000003,Grace,Hopper,grace@trust.example,Cardiology,1-TRUST01,Y"));
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("cannot be read at line 3: a quoted field is not closed", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, run.Totals.Seen + run.Totals.Created + run.Totals.Rejected);
        Assert.Null(await harness.SyncStore.GetCursorAsync("esr"));
        Assert.Empty(await harness.IssuesAsync());
    }

    /// <summary>
    /// Issue 14, item 1: the first 90 % of the bytes of a 1,199-doctor export (cut mid-line) used to succeed and make
    /// 116 leavers. A complete export is applied whole or not at all (docs/decisions/0009-directory-sync.md).
    /// </summary>
    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenACompleteExportIsTruncatedAt90PercentOfItsBytes_FailsNamingTheCutLine_AndChangesNobody()
    {
        const int Doctors = 1_199;
        string Row(int n, string department = "Cardiology") =>
            $"E{n},{7_000_000 + n},Given{n},Family{n},doctor{n}@trust.example,{department},1-TRUST01,Y";
        var source = harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, Doctors).Select(n => Row(n))]));
        var service = harness.Service(source);
        var first = await harness.RunAsync(service, "esr");
        Assert.Equal((SyncRunStatus.Succeeded, Doctors), (first.Status, first.Totals.Created));
        var cursor = await harness.SyncStore.GetCursorAsync("esr");
        var issuesBefore = (await harness.IssuesAsync()).Count;
        var alertsBefore = (await harness.LeaverAlertsAsync()).Count;

        // The next export: a joiner (line 2), a changed department (line 3), and every doctor still there; then cut.
        var next = Csv([Row(5_000), Row(1, "Surgery"), .. Enumerable.Range(2, Doctors - 1).Select(n => Row(n))]);
        var bytes = System.Text.Encoding.UTF8.GetBytes(next);
        var cut = bytes[..(int)(bytes.Length * 0.9)];
        Assert.NotEqual((byte)'\n', cut[^1]); // mid-line
        File.WriteAllBytes(source.FilePath, cut);
        var cutLine = cut.Count(b => b == (byte)'\n') + 1;

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains($"ends in the middle of line {cutLine}", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", run.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), (run.Totals.Seen, run.Totals.Created, run.Totals.Updated, run.Totals.Left));
        Assert.Null(await harness.DoctorAsync("E5000"));
        Assert.Equal("Cardiology", (await harness.RequireDoctorAsync("E1")).Department);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync($"E{Doctors}")).Status);
        Assert.Equal(alertsBefore, (await harness.LeaverAlertsAsync()).Count);
        Assert.Equal(issuesBefore, (await harness.IssuesAsync()).Count);
        Assert.Equal(cursor, await harness.SyncStore.GetCursorAsync("esr"));
    }

    /// <summary>Issue 14, item 1: the leaver threshold (docs/decisions/0009-directory-sync.md), then the same export under a configured one.</summary>
    [Fact]
    [Trait("Rule", "R13")]
    public async Task RunAsync_WhenACompleteExportDropsMoreDoctorsThanTheLeaverThreshold_AwaitsConfirmation_UnlessTheThresholdIsRaised()
    {
        static string Row(int n) => $"E{n},{7_000_000 + n},Given{n},Family{n},doctor{n}@trust.example,Cardiology,1-TRUST01,Y";
        var source = harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 600).Select(Row)]));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 574).Select(Row), Row(1_000)])); // 26 gone, 1 joiner

        var held = await harness.RunAsync(service, "esr");

        // 601 active: 5 % is 31, 25 is smaller; 26 would leave.
        Assert.Equal((SyncRunStatus.AwaitingConfirmation, 0, 1), (held.Status, held.Totals.Left, held.Totals.Created));
        Assert.StartsWith("The full set would make 26 of 601 doctors leavers, more than the leaver threshold (25)", held.Error, StringComparison.Ordinal);
        Assert.Equal(DoctorStatus.Active, (await harness.RequireDoctorAsync("E600")).Status);
        Assert.Empty(await harness.LeaverAlertsAsync());

        harness.Options.LeaverThresholdCount = 26;
        var run = await harness.RunAsync(harness.Service(source), "esr");

        Assert.Equal((SyncRunStatus.Succeeded, 26), (run.Status, run.Totals.Left));
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync("E600")).Status);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task ConfirmAsync_OfARunHeldByTheLeaverThreshold_MakesItsLeavers_ButNotOfAnEarlierRunOrMoreThanItListed()
    {
        static string Row(int n) => $"E{n},{7_000_000 + n},Given{n},Family{n},doctor{n}@trust.example,Cardiology,1-TRUST01,Y";
        var source = harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 40).Select(Row)]));
        var service = harness.Service(source);
        await harness.RunAsync(service, "esr");
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 35).Select(Row)])); // 5 gone; the threshold is 2
        harness.Time.Advance(TimeSpan.FromMinutes(1)); // runs are ordered by when they started
        var earlier = await harness.RunAsync(service, "esr");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var held = await harness.RunAsync(service, "esr");
        Assert.Equal((SyncRunStatus.AwaitingConfirmation, SyncRunStatus.AwaitingConfirmation), (earlier.Status, held.Status));

        Assert.Equal(ServiceStatus.Conflict, (await service.ConfirmAsync("esr", earlier.Id, SyncHarness.Body, "admin:test")).Status);
        Assert.Equal(ServiceStatus.NotFound, (await service.ConfirmAsync("esr", held.Id, SyncHarness.OtherBody, "admin:test")).Status);

        // More absent than the held run listed: held again.
        harness.FileSource("esr.csv", Csv([.. Enumerable.Range(1, 34).Select(Row)]));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var more = await service.ConfirmAsync("esr", held.Id, SyncHarness.Body, "admin:test");
        await service.WhenFinishedAsync(more.Value!.Id);
        var again = (await harness.SyncStore.GetRunAsync(more.Value.Id))!;
        Assert.Equal((SyncRunStatus.AwaitingConfirmation, 0), (again.Status, again.Totals.Left));
        Assert.StartsWith("The full set would make 6 of 40", again.Error, StringComparison.Ordinal);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var confirmed = await service.ConfirmAsync("esr", again.Id, SyncHarness.Body, "admin:test");
        await service.WhenFinishedAsync(confirmed.Value!.Id);
        var run = (await harness.SyncStore.GetRunAsync(confirmed.Value.Id))!;

        Assert.Equal((SyncRunStatus.Succeeded, 6, "admin:test"), (run.Status, run.Totals.Left, run.TriggeredBy));
        Assert.Equal(DoctorStatus.Leaver, (await harness.RequireDoctorAsync("E35")).Status);
        Assert.Equal(6, (await harness.LeaverAlertsAsync()).Count);
        Assert.Equal(ServiceStatus.Conflict, (await service.ConfirmAsync("esr", again.Id, SyncHarness.Body, "admin:test")).Status);
    }

    [Fact]
    public async Task RunAsync_WhenACompleteExportHasNoFinalLineBreakButItsLastRowIsWhole_AppliesIt()
    {
        var source = harness.FileSource("esr.csv", Csv("E1,7000001,Ada,Lovelace,ada@trust.example,Cardiology,1-TRUST01,Y").TrimEnd());
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal((SyncRunStatus.Succeeded, 1), (run.Status, run.Totals.Created));
    }

    [Fact]
    public async Task RunAsync_WhenTheFileStartsWithAByteOrderMark_ReadsTheFirstColumn()
    {
        var source = harness.FileSource("esr.csv", string.Empty);
        File.WriteAllText(source.FilePath, "GMC Number,First Name,Surname\r\n7000001,Ada,Lovelace\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(source.FilePath)[0]);
        var service = harness.Service(source);

        var run = await harness.RunAsync(service, "esr");

        Assert.Equal((SyncRunStatus.Succeeded, 1), (run.Status, run.Totals.Created));
    }
}
