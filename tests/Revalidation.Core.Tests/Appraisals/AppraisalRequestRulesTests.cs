using System.Text.Json;
using System.Text.Json.Nodes;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Appraisals;

/// <summary>
/// Issue 16 (docs/domain.md#decision-h, #r14, #r15, #r21): the doctor's postponement and approved-missed requests, their
/// year-end edges, and the 9 to 15-month window between appraisals.
/// </summary>
public class AppraisalRequestRulesTests
{
    private static readonly AppraisalYear Year = new(2025);
    private static readonly DateOnly LastDay = new(2026, 3, 31);
    private static readonly DateOnly FirstDayAfter = new(2026, 4, 1);
    private const string Reason = "Sick leave";

    private static AppraisalYearRequest Ask(DoctorRecord doctor, AppraisalRequestKind kind, DateOnly today) =>
        ResultAssert.Succeeds(doctor.Appraisals.Ask(kind, Year, Reason, kind == AppraisalRequestKind.Postponement ? new DateOnly(2026, 6, 30) : null,
            kind == AppraisalRequestKind.ApprovedMissed ? new DateOnly(2026, 1, 5) : null, null, "doctor", today));

    [Fact]
    [Trait("Rule", "R21")]
    [Trait("Hazard", "H53")]
    public void Postponement_AskedAndApprovedOnTheLastDay_IsApplied_ButNeitherTheDayAfter()
    {
        var doctor = new DoctorBuilder().Build();
        var request = Ask(doctor, AppraisalRequestKind.Postponement, LastDay);
        ResultAssert.Succeeds(doctor.Appraisals.Approve(request.Id, 4, "ro", "Dr RO", "ResponsibleOfficer", LastDay));
        Assert.Equal(new DateOnly(2026, 6, 30), doctor.Appraisals.For(2025)!.PostponedUntil);
        Assert.Equal(AppraisalRequestStatus.Approved, request.Status);

        var late = new DoctorBuilder().Build();
        ResultAssert.Breaks(late.Appraisals.Ask(AppraisalRequestKind.Postponement, Year, Reason, new DateOnly(2026, 6, 30), null, null, "doctor", FirstDayAfter), "R14", "year");
        var pending = Ask(late, AppraisalRequestKind.Postponement, LastDay);
        var refused = ResultAssert.Breaks(late.Appraisals.Approve(pending.Id, 4, "ro", "Dr RO", "ResponsibleOfficer", FirstDayAfter), "R14", "year");
        Assert.Contains("missed instead", refused.Message, StringComparison.Ordinal);
        Assert.True(pending.IsPending);
        Assert.Null(late.Appraisals.For(2025)?.PostponedUntil);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Hazard", "H54")]
    public void MissedApproval_AfterTheYearEnded_IsMarkedRetrospective_OnTheLastDay_IsNot()
    {
        var inTime = new DoctorBuilder().Build();
        var first = Ask(inTime, AppraisalRequestKind.ApprovedMissed, LastDay);
        ResultAssert.Succeeds(inTime.Appraisals.Approve(first.Id, 4, "ro", "Dr RO", "ResponsibleOfficer", LastDay));
        Assert.False(inTime.Appraisals.For(2025)!.MissedApprovedRetrospectively);
        Assert.Equal(new DateOnly(2026, 1, 5), inTime.Appraisals.For(2025)!.MissedAbsentFrom);

        var late = new DoctorBuilder().Build();
        var second = Ask(late, AppraisalRequestKind.ApprovedMissed, LastDay);
        ResultAssert.Succeeds(late.Appraisals.Approve(second.Id, 4, "manager", "Ms Manager", "RevalidationManager", FirstDayAfter));
        var appraisal = late.Appraisals.For(2025)!;
        Assert.True(appraisal.IsApprovedMissed);
        Assert.True(appraisal.MissedApprovedRetrospectively);
        Assert.Equal("RevalidationManager", appraisal.MissedApprovedByRole);
        Assert.True(second.Retrospective);
    }

    [Fact]
    public void OnePendingRequestPerKindPerYear_WithdrawnThenAskedAgain_AndDeclineNeedsAReason()
    {
        var doctor = new DoctorBuilder().Build();
        var first = Ask(doctor, AppraisalRequestKind.ApprovedMissed, LastDay);
        ResultAssert.Breaks(doctor.Appraisals.Ask(AppraisalRequestKind.ApprovedMissed, Year, Reason, null, new DateOnly(2026, 2, 1), null, "doctor", LastDay), "R14", "kind");
        Ask(doctor, AppraisalRequestKind.Postponement, LastDay);

        ResultAssert.Succeeds(doctor.Appraisals.Withdraw(first.Id, LastDay));
        Assert.Equal(AppraisalRequestStatus.Withdrawn, first.Status);
        ResultAssert.Breaks(doctor.Appraisals.Withdraw(first.Id, LastDay), "R14", "requestId");
        var again = Ask(doctor, AppraisalRequestKind.ApprovedMissed, LastDay);

        ResultAssert.Breaks(doctor.Appraisals.Decline(again.Id, " ", "Dr RO", "ResponsibleOfficer", LastDay), "Validation", "reason");
        Assert.True(again.IsPending);
        ResultAssert.Succeeds(doctor.Appraisals.Decline(again.Id, "Book the appraisal in June", "Dr RO", "ResponsibleOfficer", LastDay));
        Assert.Equal("Book the appraisal in June", again.DeclineReason);
        Assert.Null(doctor.Appraisals.For(2025)?.MissedReason);
    }

    [Fact]
    public void SignedOffYear_IsRefused()
    {
        var doctor = new DoctorBuilder().Build();
        ResultAssert.Succeeds(doctor.Appraisals.Import(Year, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 5), true, "Dr A", null, null, LastDay).Outcome);
        ResultAssert.Breaks(doctor.Appraisals.Ask(AppraisalRequestKind.Postponement, Year, Reason, new DateOnly(2026, 6, 30), null, null, "doctor", LastDay), "R15", "year");
        ResultAssert.Breaks(doctor.Appraisals.Ask(AppraisalRequestKind.ApprovedMissed, Year, Reason, null, new DateOnly(2026, 1, 5), null, "doctor", LastDay), "R15", "year");
    }

    [Fact]
    public void ADocumentFromBeforeRequests_StillLoads_WithNone()
    {
        var doctor = new DoctorBuilder().Build();
        var json = JsonNode.Parse(JsonSerializer.Serialize(doctor, StoreJson.Options))!;
        Assert.True(RemoveRequests(json), "The record's JSON has no requests list to remove.");

        var loaded = json.Deserialize<DoctorRecord>(StoreJson.Options)!;

        Assert.Empty(loaded.Appraisals.Requests);
        Ask(loaded, AppraisalRequestKind.ApprovedMissed, LastDay);
        Assert.Single(loaded.Appraisals.Requests);
    }

    private static bool RemoveRequests(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj.Remove("requests"))
            {
                return true;
            }

            return obj.Select(p => p.Value).OfType<JsonNode>().ToList().Any(RemoveRequests);
        }

        return node is JsonArray array && array.OfType<JsonNode>().ToList().Any(RemoveRequests);
    }

    [Theory]
    [Trait("Rule", "R14")]
    [Trait("Hazard", "H55")]
    [InlineData("2025-06-10", "2026-11-20", "This appraisal is 17 months after the previous one (9 to 15 months is expected).")]
    [InlineData("2025-06-10", "2026-01-09", "This appraisal is 6 months after the previous one (9 to 15 months is expected).")]
    [InlineData("2025-06-10", "2026-09-11", "This appraisal is more than 15 months after the previous one (9 to 15 months is expected).")]
    [InlineData("2025-06-10", "2025-07-01", "This appraisal is less than a month after the previous one (9 to 15 months is expected).")]
    [InlineData("2025-06-10", "2026-03-10", null)]
    [InlineData("2025-06-10", "2026-09-10", null)]
    public void WindowWarning_OutsideNineToFifteenMonths(string previous, string meeting, string? expected) =>
        Assert.Equal(expected, AppraisalRules.WindowWarning(DateOnly.Parse(previous, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(meeting, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void WindowWarning_WithoutAPreviousAppraisal_IsNone() => Assert.Null(AppraisalRules.WindowWarning(null, new DateOnly(2026, 1, 1)));
}
