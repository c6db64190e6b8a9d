using System.Net;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, item 5 (docs/domain.md, decision (j)): appraiser allocation through the API — the rules on PUT appraiser,
/// conflicts of interest, the doctors without an appraiser, suggest (writes nothing) and apply (per doctor).
/// </summary>
public sealed class AllocationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly DesignatedBodyCode Demo = DesignatedBodyCode.Parse("1-DEMO01");

    private HttpClient Manager() => factory.ClientAs(DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager);

    /// <summary>A new appraiser of the demo body, with no appraisees.</summary>
    private async Task<string> NewAppraiserAsync(string name, string? gmcNumber = null)
    {
        var id = $"appraiser-{Guid.NewGuid():N}";
        using var admin = factory.Admin();
        using var added = await admin.PostAsync("/api/admin/designated-body/appraisers", Http.Json(new { userId = id, name, gmcNumber }));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return id;
    }

    private Task<DoctorRecord> UnallocatedDoctorAsync(string familyName = "Unallocated", Action<DoctorRecord>? arrange = null) =>
        TestDoctors.CreateAsync(factory, rsdInDays: 700, familyName: familyName, allocateAppraiser: false, arrange: arrange);

    private async Task<DoctorAllocationResponse> AllocationAsync(Guid doctorId)
    {
        using var manager = Manager();
        using var response = await manager.GetAsync($"/api/doctors/{doctorId}/allocation");
        return await response.ReadAsync<DoctorAllocationResponse>();
    }

    [Fact]
    public async Task PutAppraiser_WhenTheAppraiserHasTheMostAppraisees_NeedsAReason_ThenKeepsAndAuditsIt()
    {
        // The demo appraiser has every seeded doctor: more than the 20 of the default cap.
        var doctor = await UnallocatedDoctorAsync();
        using var manager = Manager();
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var refused = await manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId = DemoSeeder.Appraiser.UserId }));

        var problem = (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("reason").AssertRule("R20", "reason");
        Assert.Contains("Dr Sam Patel already has", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("give a reason to allocate another", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await before.AssertUnchangedAsync(factory, doctor.Id);

        using var allocated = await manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser",
            Http.Json(new { appraiserId = DemoSeeder.Appraiser.UserId, reason = "The only appraiser in the specialty" }));

        Assert.Equal(DemoSeeder.Appraiser.UserId, (await allocated.ReadAsync<DoctorResponse>()).AppraiserId);
        var allocation = await AllocationAsync(doctor.Id);
        Assert.Equal(("Dr Sam Patel", "The only appraiser in the specialty"), (allocation.AppraiserName, allocation.AllocationReason));
        var audit = await factory.AuditLog.QueryAuditAsync(Demo, new AuditQuery(DoctorId: doctor.Id, Limit: 10));
        var allocatedEvent = Assert.Single(audit, e => e.Action == "doctor.appraiser-allocated");
        Assert.Contains("The only appraiser in the specialty", allocatedEvent.Change, StringComparison.Ordinal);
        Assert.Equal(Roles.RevalidationManager, allocatedEvent.ActorRole);
    }

    [Fact]
    public async Task PutAppraiser_AfterThreeYearsBySameAppraiser_NeedsAReasonNamingTheRule()
    {
        var appraiserId = await NewAppraiserAsync("Dr Three Years", "4100001");
        var today = factory.Today;
        var current = AppraisalYear.Containing(today, 4);
        var doctor = await UnallocatedDoctorAsync(arrange: d =>
        {
            foreach (var year in new[] { current.StartYear - 3, current.StartYear - 2, current.StartYear - 1 })
            {
                var y = new AppraisalYear(year, 4);
                Assert.True(d.Appraisals.Import(y, y.Start.AddMonths(2), y.Start.AddMonths(2).AddDays(7), true, "Dr Three Years", "4100001", null, today).IsSuccess);
            }
        });
        using var manager = Manager();

        using var refused = await manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId }));

        var problem = (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("reason");
        Assert.Equal("Dr Three Years has appraised this doctor for the last 3 years; give a reason to allocate them again.", problem.GetProperty("detail").GetString());
        var choice = Assert.Single((await AllocationAsync(doctor.Id)).Appraisers, a => a.AppraiserId == appraiserId);
        Assert.Single(choice.NeedsReason);
        Assert.Null(choice.Refusal);
    }

    [Fact]
    public async Task Conflict_IsDeclared_RefusesTheAllocation_EndsACurrentOne_AndCanBeWithdrawn()
    {
        var appraiserId = await NewAppraiserAsync("Dr Conflicted");
        var doctor = await UnallocatedDoctorAsync();
        using var manager = Manager();
        await OkAsync(manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId })));

        await OkAsync(manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser-conflicts/{appraiserId}", Http.Json(new { reason = "Close colleague in the same department" })));

        var allocation = await AllocationAsync(doctor.Id);
        Assert.Null(allocation.AppraiserId);
        var conflict = Assert.Single(allocation.Conflicts);
        Assert.Equal(("Dr Conflicted", "Close colleague in the same department"), (conflict.AppraiserName, conflict.Reason));
        Assert.NotNull(Assert.Single(allocation.Appraisers, a => a.AppraiserId == appraiserId).Refusal);
        using (var refused = await manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId, reason = "Anyway" })))
        {
            (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertNamesField("appraiserId").AssertRule("R20", "appraiserId");
        }

        await OkAsync(manager.DeleteAsync($"/api/doctors/{doctor.Id}/appraiser-conflicts/{appraiserId}"));
        await OkAsync(manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId })));
        var actions = (await factory.AuditLog.QueryAuditAsync(Demo, new AuditQuery(DoctorId: doctor.Id, Limit: 10))).Select(e => e.Action).ToList();
        Assert.Contains("doctor.appraiser-conflict-declared", actions);
        Assert.Contains("doctor.appraiser-conflict-withdrawn", actions);
    }

    [Fact]
    public async Task Conflict_DeclaredByTheAllocatedAppraiser_DeclinesTheAllocation_ButNeverForAnotherAppraiser()
    {
        var appraiserId = await NewAppraiserAsync("Dr Declining");
        var other = await NewAppraiserAsync("Dr Other");
        var doctor = await UnallocatedDoctorAsync();
        using var manager = Manager();
        await OkAsync(manager.PutAsync($"/api/doctors/{doctor.Id}/appraiser", Http.Json(new { appraiserId })));
        using var appraiser = factory.ClientAs(appraiserId, Roles.Appraiser);

        using (var forOther = await appraiser.PutAsync($"/api/doctors/{doctor.Id}/appraiser-conflicts/{other}", Http.Json(new { reason = "Relative" })))
        {
            await forOther.ProblemAsync(HttpStatusCode.Forbidden);
        }

        await OkAsync(appraiser.PutAsync($"/api/doctors/{doctor.Id}/appraiser-conflicts/{appraiserId}", Http.Json(new { reason = "My line manager" })));

        Assert.Null((await AllocationAsync(doctor.Id)).AppraiserId);
        using var gone = await appraiser.GetAsync($"/api/doctors/{doctor.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // no longer allocated
    }

    [Fact]
    public async Task Suggest_GivesEachDoctorWithoutAnAppraiserOneWhoBreaksNoRule_AndWritesNothing_ThenApplyReportsPerDoctor()
    {
        var first = await NewAppraiserAsync("Dr Aaron First");
        var second = await NewAppraiserAsync("Dr Beth Second");
        var conflicted = await UnallocatedDoctorAsync("Suggested-A");
        var plain = await UnallocatedDoctorAsync("Suggested-B");
        using var manager = Manager();
        await OkAsync(manager.PutAsync($"/api/doctors/{conflicted.Id}/appraiser-conflicts/{first}", Http.Json(new { reason = "Relative" })));
        using (var overview = await manager.GetAsync("/api/appraisal-allocations"))
        {
            var listed = await overview.ReadAsync<AllocationOverviewResponse>();
            Assert.Contains(listed.Doctors, d => d.DoctorId == conflicted.Id);
            Assert.Contains(listed.Doctors, d => d.DoctorId == plain.Id);
            Assert.True(Assert.Single(listed.Appraisers, a => a.AppraiserId == DemoSeeder.Appraiser.UserId).Appraisees > 20);
        }

        var before = await StateSnapshot.TakeAsync(factory, plain.Id);

        using var suggested = await manager.PostAsync("/api/appraisal-allocations/suggest", Http.Json(new { limit = 500 }));

        var suggestions = await suggested.ReadAsync<SuggestAllocationsResponse>();
        await before.AssertUnchangedAsync(factory, plain.Id);
        Assert.DoesNotContain(suggestions.Suggestions, s => s.AppraiserId == DemoSeeder.Appraiser.UserId); // at the cap
        var forConflicted = Assert.Single(suggestions.Suggestions, s => s.DoctorId == conflicted.Id);
        Assert.NotEqual(first, forConflicted.AppraiserId);
        Assert.Contains("Fewest appraisees", forConflicted.Why, StringComparison.Ordinal);
        var forPlain = Assert.Single(suggestions.Suggestions, s => s.DoctorId == plain.Id);

        using var applied = await manager.PostAsync("/api/appraisal-allocations/apply", Http.Json(new
        {
            items = new object[]
            {
                new { doctorId = conflicted.Id, appraiserId = first }, // the conflict: refused
                new { doctorId = plain.Id, appraiserId = forPlain.AppraiserId },
                new { doctorId = Guid.NewGuid(), appraiserId = second },
            },
        }));

        var outcome = await applied.ReadAsync<ApplyAllocationsResponse>();
        Assert.Equal((1, 2), (outcome.Applied, outcome.Refused));
        Assert.Contains("conflict of interest", outcome.Outcomes[0].Message, StringComparison.Ordinal);
        Assert.True(outcome.Outcomes[1].Applied);
        Assert.Equal("No such doctor in your designated body.", outcome.Outcomes[2].Message);
        Assert.Equal(forPlain.AppraiserId, (await AllocationAsync(plain.Id)).AppraiserId);
        Assert.Null((await AllocationAsync(conflicted.Id)).AppraiserId);

        using var again = await manager.PostAsync("/api/appraisal-allocations/apply", Http.Json(new { items = new[] { new { doctorId = plain.Id, appraiserId = second } } }));
        var twice = Assert.Single((await again.ReadAsync<ApplyAllocationsResponse>()).Outcomes);
        Assert.False(twice.Applied);
        Assert.Contains("has an appraiser already", twice.Message, StringComparison.Ordinal);
        Assert.Equal(forPlain.AppraiserId, (await AllocationAsync(plain.Id)).AppraiserId);
    }

    [Fact]
    public async Task Apply_WithAReason_AllocatesOverTheCap()
    {
        var doctor = await UnallocatedDoctorAsync();
        using var manager = Manager();

        using var applied = await manager.PostAsync("/api/appraisal-allocations/apply", Http.Json(new
        {
            items = new object[] { new { doctorId = doctor.Id, appraiserId = DemoSeeder.Appraiser.UserId, reason = "Agreed with the RO" } },
        }));

        Assert.True(Assert.Single((await applied.ReadAsync<ApplyAllocationsResponse>()).Outcomes).Applied);
        Assert.Equal("Agreed with the RO", (await AllocationAsync(doctor.Id)).AllocationReason);
    }

    public static TheoryData<string, string, string, string> BadInput() => new()
    {
        { "POST", "/api/appraisal-allocations/suggest", "{\"limit\":0}", "limit" },
        { "POST", "/api/appraisal-allocations/suggest", "{\"limit\":501}", "limit" },
        { "POST", "/api/appraisal-allocations/apply", "{\"items\":[]}", "items" },
        { "POST", "/api/appraisal-allocations/apply", "{}", "items" },
        { "POST", "/api/appraisal-allocations/apply", "{\"items\":[{\"doctorId\":\"{doctor}\"}]}", "items[0].appraiserId" },
        { "POST", "/api/appraisal-allocations/apply", "{\"items\":[{\"appraiserId\":\"demo-appraiser\"}]}", "items[0].doctorId" },
        { "POST", "/api/appraisal-allocations/apply", "{\"items\":[{\"doctorId\":\"{doctor}\",\"appraiserId\":\"demo-appraiser\"},{\"doctorId\":\"{doctor}\",\"appraiserId\":\"demo-appraiser\"}]}", "items[1].doctorId" },
        { "POST", "/api/appraisal-allocations/apply", "{\"items\":[{\"doctorId\":\"{doctor}\",\"appraiserId\":\"demo-appraiser\",\"reason\":\"{long}\"}]}", "items[0].reason" },
        { "PUT", "/api/doctors/{doctor}/appraiser", "{\"appraiserId\":\"demo-appraiser\",\"reason\":\"{long}\"}", "reason" },
        { "PUT", "/api/doctors/{doctor}/appraiser-conflicts/demo-appraiser", "{\"reason\":\"\"}", "reason" },
        { "PUT", "/api/doctors/{doctor}/appraiser-conflicts/demo-appraiser", "{\"reason\":\"{long}\"}", "reason" },
        { "PUT", "/api/doctors/{doctor}/appraiser-conflicts/nobody-here", "{\"reason\":\"Relative\"}", "appraiserId" },
        { "DELETE", "/api/doctors/{doctor}/appraiser-conflicts/demo-appraiser", "", "appraiserId" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInput_GetsAProblemNamingTheField_AndChangesNothing(string method, string path, string body, string field)
    {
        var doctor = await UnallocatedDoctorAsync();
        using var manager = Manager();
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{doctor}", doctor.Id.ToString(), StringComparison.Ordinal));
        if (body.Length > 0)
        {
            request.Content = Http.RawJson(body.Replace("{doctor}", doctor.Id.ToString(), StringComparison.Ordinal).Replace("{long}", new string('x', 1_001), StringComparison.Ordinal));
        }

        using var response = await manager.SendAsync(request);

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("appraiser")]
    [InlineData("medical director")]
    public async Task AllocationEndpoints_OutsideTheAllocationTeam_Answer403(string caller)
    {
        var doctor = await UnallocatedDoctorAsync();
        using var client = caller switch
        {
            "doctor" => factory.ClientFor(doctor),
            "appraiser" => factory.Appraiser(),
            _ => factory.MedicalDirector(),
        };

        foreach (var call in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/api/appraisal-allocations"),
            () => client.PostAsync("/api/appraisal-allocations/suggest", Http.Json(new { })),
            () => client.PostAsync("/api/appraisal-allocations/apply", Http.Json(new { items = new[] { new { doctorId = doctor.Id, appraiserId = DemoSeeder.Appraiser.UserId } } })),
            () => client.GetAsync($"/api/doctors/{doctor.Id}/allocation"),
            () => client.DeleteAsync($"/api/doctors/{doctor.Id}/appraiser-conflicts/{DemoSeeder.Appraiser.UserId}"),
        })
        {
            using var response = await call();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Null((await AllocationAsync(doctor.Id)).AppraiserId);
    }

    [Fact]
    public async Task Overview_OfAnotherBody_ListsNoneOfThisBodysDoctors()
    {
        await UnallocatedDoctorAsync();
        using var stranger = factory.ClientAs("stranger-admin", Roles.Admin, "1-NOBODY");

        using var response = await stranger.GetAsync("/api/appraisal-allocations");

        var overview = await response.ReadAsync<AllocationOverviewResponse>();
        Assert.Empty(overview.Doctors);
        Assert.Empty(overview.Appraisers);
    }

    private static async Task OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
