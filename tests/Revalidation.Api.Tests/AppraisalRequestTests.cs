using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Server.Demo;
using C = Revalidation.Contracts;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, item 5 (docs/domain.md#decision-h, #r15, #r21): the doctor asks for a postponement or for a year to be
/// approved as missed; the RO team approves or declines. Year-end edges on a fake clock: 31 March is inside the
/// 2026/27 year, 1 April is after it. R14: an appraisal outside 9 to 15 months of the previous one is warned.
/// </summary>
public sealed class AppraisalRequestTests : IDisposable
{
    // One Server per test: the fake clock only moves forward, and each test sets its own day.
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private const string Reason = "Parental leave from January to July";
    private static readonly DateTimeOffset LastDay = new(2027, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstDayAfter = new(2027, 4, 1, 12, 0, 0, TimeSpan.Zero);

    private HttpClient Manager()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.TokenFor(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager, name: DemoSeeder.RevalidationManager.Name));
        return client;
    }

    private static object Postpone(int year = 2026, DateOnly? until = null, string? reason = Reason) =>
        new { kind = "Postponement", year, reason, proposedDate = until ?? new DateOnly(2027, 6, 30) };

    private static object Missed(int year = 2026, DateOnly? from = null, DateOnly? to = null, string? reason = Reason) =>
        new { kind = "ApprovedMissed", year, reason, absentFrom = from ?? new DateOnly(2027, 1, 4), absentTo = to };

    private async Task<DoctorRecord> DoctorAsync(Action<DoctorRecord>? arrange = null) =>
        await TestDoctors.CreateAsync(factory, rsdInDays: 500, appraisalDueMonth: 11, arrange: arrange);

    private static async Task<List<AppraisalYearRequestResponse>> RequestsAsync(HttpClient client, Guid doctorId)
    {
        using var response = await client.GetAsync($"/api/doctors/{doctorId}/appraisal-requests");
        return await response.ReadAsync<List<AppraisalYearRequestResponse>>();
    }

    private static async Task<AppraisalYearRequestResponse> AskOkAsync(HttpClient doctor, Guid doctorId, object body)
    {
        using var asked = await doctor.PostAsync($"/api/doctors/{doctorId}/appraisal-requests", Http.Json(body));
        await asked.ReadAsync<DoctorResponse>();
        return (await RequestsAsync(doctor, doctorId)).Last();
    }

    [Fact]
    [Trait("Hazard", "H53")]
    public async Task Postponement_AskedAndApprovedOn31March_IsApproved_AndTheManagerIsNamed()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync();
        using var client = factory.ClientFor(doctor);
        var request = await AskOkAsync(client, doctor.Id, Postpone());
        Assert.Equal(C.AppraisalRequestStatus.Pending, request.Status);
        Assert.Equal("Waiting for a decision", request.StatusText);

        using var manager = Manager();
        using var approved = await manager.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{request.Id}/approve", null);
        await approved.ReadAsync<DoctorResponse>();

        var decided = (await RequestsAsync(client, doctor.Id)).Single();
        Assert.Equal(C.AppraisalRequestStatus.Approved, decided.Status);
        Assert.Equal("Approved on 31 March 2027", decided.StatusText);
        Assert.Equal("revalidation manager", decided.DecidedByRole);
        Assert.Equal(DemoSeeder.RevalidationManager.Name, decided.DecidedByName);
        Assert.Equal(new DateOnly(2027, 6, 30), (await factory.Doctors.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.Appraisals.For(2026)!.PostponedUntil);
    }

    [Fact]
    [Trait("Hazard", "H53")]
    public async Task Postponement_On1April_IsRefused_AskedOrApproved_AndNothingChanges()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync();
        using var client = factory.ClientFor(doctor);
        var request = await AskOkAsync(client, doctor.Id, Postpone());

        factory.Time.SetUtcNow(FirstDayAfter);
        using var nextDay = factory.ClientFor(doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using (var asked = await nextDay.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests", Http.Json(Postpone(until: new DateOnly(2027, 7, 31)))))
        {
            (await asked.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("year");
        }

        using var manager = Manager();
        using (var approved = await manager.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{request.Id}/approve", null))
        {
            var problem = await approved.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            problem.AssertNamesField("year");
            Assert.Contains("missed instead", problem.ToString(), StringComparison.Ordinal);
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        Assert.Equal(C.AppraisalRequestStatus.Pending, (await RequestsAsync(nextDay, doctor.Id)).Single().Status);
        Assert.Null((await factory.Doctors.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.Appraisals.For(2026)?.PostponedUntil);
    }

    [Fact]
    [Trait("Hazard", "H54")]
    public async Task MissedApproval_On31March_IsAgreedInAdvance_On1April_IsMarkedRetrospective()
    {
        factory.Time.SetUtcNow(LastDay);
        var inTime = await DoctorAsync();
        var late = await DoctorAsync();
        using var inTimeClient = factory.ClientFor(inTime);
        using var lateClient = factory.ClientFor(late);
        var first = await AskOkAsync(inTimeClient, inTime.Id, Missed(to: new DateOnly(2027, 3, 1)));
        var second = await AskOkAsync(lateClient, late.Id, Missed());

        using var ro = factory.ResponsibleOfficer();
        using (var approved = await ro.PostAsync($"/api/doctors/{inTime.Id}/appraisal-requests/{first.Id}/approve", null))
        {
            var year = (await approved.ReadAsync<DoctorResponse>()).AppraisalYears.Single(y => y.Year == 2026);
            Assert.False(year.MissedApprovedRetrospectively);
            Assert.StartsWith("Approved before the year ended, on 31 March 2027, by the responsible officer; absent from 4 January 2027 to 1 March 2027", year.MissedApproval, StringComparison.Ordinal);
        }

        factory.Time.SetUtcNow(FirstDayAfter);
        using var roNextDay = factory.ResponsibleOfficer();
        using var lateNextDay = factory.ClientFor(late);
        using (var approved = await roNextDay.PostAsync($"/api/doctors/{late.Id}/appraisal-requests/{second.Id}/approve", null))
        {
            var year = (await approved.ReadAsync<DoctorResponse>()).AppraisalYears.Single(y => y.Year == 2026);
            Assert.True(year.MissedApprovedRetrospectively);
            Assert.StartsWith("Approved after the year ended, on 1 April 2027", year.MissedApproval, StringComparison.Ordinal);
            Assert.Equal(C.AppraisalYearStatus.ApprovedMissed, year.Status);
        }

        var decided = (await RequestsAsync(lateNextDay, late.Id)).Single();
        Assert.True(decided.Retrospective);
        Assert.Equal("Approved on 1 April 2027, after the year ended", decided.StatusText);
        Assert.False((await RequestsAsync(roNextDay, inTime.Id)).Single().Retrospective);
    }

    [Fact]
    [Trait("Hazard", "H54")]
    public async Task DirectMissedApproval_ByTheManagerAfterTheYearEnd_IsMarkedRetrospective()
    {
        factory.Time.SetUtcNow(FirstDayAfter);
        var doctor = await DoctorAsync();
        using var manager = Manager();
        using var approved = await manager.PostAsync($"/api/doctors/{doctor.Id}/appraisals/2026/approve-missed", Http.Json(new { reason = "Sick leave" }));
        var year = (await approved.ReadAsync<DoctorResponse>()).AppraisalYears.Single(y => y.Year == 2026);
        Assert.True(year.MissedApprovedRetrospectively);
        Assert.Equal("Approved after the year ended, on 1 April 2027, by the revalidation manager", year.MissedApproval);
    }

    [Fact]
    public async Task Decline_NeedsAReason_AndTheDoctorReadsIt()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync();
        using var client = factory.ClientFor(doctor);
        var request = await AskOkAsync(client, doctor.Id, Postpone());
        using var ro = factory.ResponsibleOfficer();

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        foreach (var reason in new[] { "", "   ", new string('x', 1_001) })
        {
            using var declined = await ro.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{request.Id}/decline", Http.Json(new { reason }));
            (await declined.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("reason");
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        using (var declined = await ro.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{request.Id}/decline", Http.Json(new { reason = "Your due month is in November: book it then" })))
        {
            await declined.ReadAsync<DoctorResponse>();
        }

        var decided = (await RequestsAsync(client, doctor.Id)).Single();
        Assert.Equal(C.AppraisalRequestStatus.Declined, decided.Status);
        Assert.Equal("Your due month is in November: book it then", decided.DeclineReason);
        Assert.Equal("Declined on 31 March 2027", decided.StatusText);

        using var again = await ro.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{request.Id}/approve", null);
        (await again.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("requestId");
    }

    [Fact]
    public async Task DuplicatePending_IsRefused_WithdrawnThenAskedAgain_IsAccepted()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync();
        using var client = factory.ClientFor(doctor);
        var first = await AskOkAsync(client, doctor.Id, Missed());

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using (var duplicate = await client.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests", Http.Json(Missed(from: new DateOnly(2027, 2, 1)))))
        {
            (await duplicate.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("kind");
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);

        // Another doctor cannot see or withdraw it: 404, as if it did not exist.
        var other = await DoctorAsync();
        using (var stranger = factory.ClientFor(other))
        {
            using var withdrawn = await stranger.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{first.Id}/withdraw", null);
            Assert.Equal(HttpStatusCode.NotFound, withdrawn.StatusCode);
            using var listed = await stranger.GetAsync($"/api/doctors/{doctor.Id}/appraisal-requests");
            Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
            using var theirs = await stranger.PostAsync($"/api/doctors/{other.Id}/appraisal-requests/{first.Id}/withdraw", null);
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        }

        using (var withdrawn = await client.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests/{first.Id}/withdraw", null))
        {
            await withdrawn.ReadAsync<DoctorResponse>();
        }

        await AskOkAsync(client, doctor.Id, Missed(from: new DateOnly(2027, 2, 1)));
        var requests = await RequestsAsync(client, doctor.Id);
        Assert.Equal([C.AppraisalRequestStatus.Withdrawn, C.AppraisalRequestStatus.Pending], requests.Select(r => r.Status));
        Assert.Equal("Withdrawn on 31 March 2027", requests[0].StatusText);
    }

    [Fact]
    public async Task SignedOffYear_IsRefused()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync(d => Assert.True(d.Appraisals.Import(new AppraisalYear(2026), new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 20), true,
            "Dr A Appraiser", null, null, new DateOnly(2027, 3, 31)).IsSuccess));
        using var client = factory.ClientFor(doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        foreach (var body in new[] { Postpone(), Missed() })
        {
            using var asked = await client.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests", Http.Json(body));
            (await asked.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("year");
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task BadInput_NamesTheField_AndChangesNothing()
    {
        factory.Time.SetUtcNow(LastDay);
        var doctor = await DoctorAsync();
        using var client = factory.ClientFor(doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        var cases = new (object Body, HttpStatusCode Status, string Field)[]
        {
            (Postpone(reason: ""), HttpStatusCode.BadRequest, "reason"),
            (Postpone(reason: new string('x', 1_001)), HttpStatusCode.BadRequest, "reason"),
            (Postpone(until: new DateOnly(2026, 11, 15)), HttpStatusCode.UnprocessableEntity, "proposedDate"),
            (Postpone(until: new DateOnly(2028, 4, 1)), HttpStatusCode.UnprocessableEntity, "proposedDate"),
            (new { kind = "Postponement", year = 2026, reason = Reason }, HttpStatusCode.BadRequest, "proposedDate"),
            (new { kind = "ApprovedMissed", year = 2026, reason = Reason }, HttpStatusCode.BadRequest, "absentFrom"),
            (Missed(from: new DateOnly(2027, 2, 1), to: new DateOnly(2027, 1, 1)), HttpStatusCode.BadRequest, "absentTo"),
            (Missed(from: new DateOnly(2027, 4, 2)), HttpStatusCode.UnprocessableEntity, "absentFrom"),
            (Postpone(year: 1999), HttpStatusCode.BadRequest, "year"),
            (new { kind = 7, year = 2026, reason = Reason }, HttpStatusCode.BadRequest, "kind"),
        };
        foreach (var (body, status, field) in cases)
        {
            using var asked = await client.PostAsync($"/api/doctors/{doctor.Id}/appraisal-requests", Http.Json(body));
            (await asked.ProblemAsync(status)).AssertNamesField(field);
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        Assert.Empty(await RequestsAsync(client, doctor.Id));
    }

    [Fact]
    public async Task Queue_ListsPendingRequests_OldestFirst_ForTheRoTeamOnly_AndTheAuditHasNoReasonText()
    {
        factory.Time.SetUtcNow(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var older = await DoctorAsync();
        using var olderClient = factory.ClientFor(older);
        await AskOkAsync(olderClient, older.Id, Missed(reason: "Secret older reason"));
        factory.Time.SetUtcNow(LastDay);
        using var olderNow = factory.ClientFor(older);
        var newer = await DoctorAsync();
        using var newerClient = factory.ClientFor(newer);
        await AskOkAsync(newerClient, newer.Id, Postpone(reason: "Secret newer reason"));

        using var manager = Manager();
        using var response = await manager.GetAsync("/api/appraisal-requests");
        var queue = (await response.ReadAsync<List<AppraisalRequestQueueItem>>()).Where(i => i.DoctorId == older.Id || i.DoctorId == newer.Id).ToList();
        Assert.Equal([older.Id, newer.Id], queue.Select(i => i.DoctorId));
        Assert.Equal(older.GmcNumber.Value, queue[0].GmcNumber);
        Assert.Equal("Dr Test Tester", queue[0].DoctorName);
        Assert.Equal(0, queue[1].DaysUntilYearEnd);
        Assert.Equal(new DateOnly(2027, 6, 30), queue[1].Request.ProposedDate);
        Assert.Equal("Secret newer reason", queue[1].Request.Reason);

        foreach (var client in new[] { factory.Appraiser(), factory.MedicalDirector(), factory.Admin(), olderNow })
        {
            using (client)
            {
                using var denied = await client.GetAsync("/api/appraisal-requests");
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            }
        }

        var audit = await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse("1-DEMO01"), new AuditQuery(Limit: 1000));
        var mine = audit.Where(a => a.DoctorId == older.Id || a.DoctorId == newer.Id).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, a => Assert.DoesNotContain("Secret", a.Summary + System.Text.Json.JsonSerializer.Serialize(a.Change), StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Hazard", "H55")]
    public async Task AppraisalOutsideTheNineToFifteenMonthWindow_IsRecordedWithAWarning_AndTheNextWindowIsShown()
    {
        factory.Time.SetUtcNow(ApiFactory.Now);
        var doctor = await DoctorAsync(d => Assert.True(d.Appraisals.Import(new AppraisalYear(2025), new DateOnly(2025, 6, 10), new DateOnly(2025, 6, 20), true,
            "Dr A Appraiser", null, null, new DateOnly(2026, 11, 25)).IsSuccess));

        using var ro = factory.ResponsibleOfficer();
        var shown = await (await ro.GetAsync($"/api/doctors/{doctor.Id}")).ReadAsync<DoctorResponse>();
        Assert.Equal(new AppraisalWindowResponse(new DateOnly(2026, 3, 10), new DateOnly(2026, 9, 10), new DateOnly(2025, 6, 10)), shown.NextAppraisalWindow);

        using var appraiser = factory.Appraiser();
        using var recorded = await appraiser.PutAsync($"/api/doctors/{doctor.Id}/appraisals/2026",
            Http.Json(new { meetingDate = new DateOnly(2026, 11, 20), signOff = false, pdpAgreed = true }));
        var doctorNow = await recorded.ReadAsync<DoctorResponse>();
        Assert.Equal("This appraisal is 17 months after the previous one (9 to 15 months is expected).",
            doctorNow.AppraisalYears.Single(y => y.Year == 2026).WindowWarning);
        Assert.Null(doctorNow.AppraisalYears.Single(y => y.Year == 2025).WindowWarning);
        Assert.Equal(new DateOnly(2027, 8, 20), doctorNow.NextAppraisalWindow!.From);
    }
}
