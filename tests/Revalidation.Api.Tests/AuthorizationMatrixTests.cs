using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Security;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// docs/architecture.md#security as a table: every endpoint, called by every kind of caller, answers 401 (no token),
/// 403 (role not allowed), 404 (role allowed but not this record: another doctor's record, a doctor not
/// allocated to the appraiser, another designated body) or is let through. The table must name every
/// endpoint the Server maps: adding an endpoint without an entry fails <see cref="EveryMappedEndpoint_HasAnEntryInTheMatrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    /// <summary>Who may call; Resource = the route names a doctor whose resource rules apply.</summary>
    public sealed record Access(string[] Roles, bool DoctorResource, bool Anonymous = false);

    private static readonly string[] Any = [.. Roles.All];
    private static readonly string[] DoctorOnly = [Roles.Doctor];
    private static readonly string[] RoOnly = [Roles.ResponsibleOfficer];
    private static readonly string[] AdminOnly = [Roles.Admin];
    private static readonly string[] ToolkitImporters = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager];
    private static readonly string[] Oversight = [Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector];
    private static readonly string[] RecordReaders = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector];
    private static readonly string[] EvidenceReaders = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager];

    /// <summary>Issue 16: the RO and the revalidation manager (drafts, ready marks, decision notes, appraisal administration, GMC queue).</summary>
    private static readonly string[] RoTeam = [Roles.ResponsibleOfficer, Roles.RevalidationManager];

    /// <summary>Issue 16: the admin and the revalidation manager (appraiser allocation, the data-quality queue).</summary>
    private static readonly string[] AdminAndManager = [Roles.Admin, Roles.RevalidationManager];

    /// <summary>Issue 16, item 5: appraiser allocation (overview, suggestions, conflicts of interest): admin, RO and the revalidation manager.</summary>
    private static readonly string[] AllocationTeam = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager];

    public static readonly IReadOnlyDictionary<string, Access> Matrix = new Dictionary<string, Access>
    {
        ["ANY /health"] = new([], false, Anonymous: true),
        ["GET /api/demo/personas"] = new([], false, Anonymous: true),
        ["POST /api/demo/token"] = new([], false, Anonymous: true),
        ["GET /api/me"] = new(Any, false),
        ["GET /api/doctors/{doctorId:guid}/"] = new(RecordReaders, true),
        ["GET /api/doctors/{doctorId:guid}/appraisals"] = new(RecordReaders, true),
        ["PUT /api/doctors/{doctorId:guid}/declarations/{year:int}"] = new(DoctorOnly, true),
        ["PUT /api/doctors/{doctorId:guid}/flags"] = new(RoOnly, true),
        ["PUT /api/doctors/{doctorId:guid}/rsd"] = new(RoOnly, true),
        ["PUT /api/doctors/{doctorId:guid}/appraiser"] = new(AdminAndManager, true),
        ["PUT /api/doctors/{doctorId:guid}/cycle-start"] = new(RoOnly, true),
        ["PUT /api/doctors/{doctorId:guid}/appraisal-due-month"] = new(RoTeam, true),
        ["PUT /api/doctors/{doctorId:guid}/patient-feedback"] = new(RoOnly, true),
        ["POST /api/doctors/{doctorId:guid}/appraisals/{year:int}/postpone"] = new(RoTeam, true),
        ["PUT /api/doctors/{doctorId:guid}/conflict"] = new(AdminOnly, true),
        ["GET /api/doctors/{doctorId:guid}/audit"] = new([Roles.ResponsibleOfficer, Roles.Admin], true),
        ["GET /api/appraiser/doctors"] = new([Roles.Appraiser], false),
        ["GET /api/doctors/{doctorId:guid}/allocation"] = new(AllocationTeam, true),
        ["PUT /api/doctors/{doctorId:guid}/appraiser-conflicts/{appraiserId}"] = new([.. AllocationTeam, Roles.Appraiser], true),
        ["DELETE /api/doctors/{doctorId:guid}/appraiser-conflicts/{appraiserId}"] = new(AllocationTeam, true),
        ["GET /api/appraisal-allocations/"] = new(AllocationTeam, false),
        ["POST /api/appraisal-allocations/suggest"] = new(AllocationTeam, false),
        ["POST /api/appraisal-allocations/apply"] = new(AllocationTeam, false),
        ["GET /api/doctors/{doctorId:guid}/evidence/"] = new(EvidenceReaders, true),
        ["POST /api/doctors/{doctorId:guid}/evidence/"] = new(DoctorOnly, true),
        ["POST /api/doctors/{doctorId:guid}/evidence/direct-uploads"] = new(DoctorOnly, true), // 409 for the owner here: evidence is in the folder
        ["GET /api/doctors/{doctorId:guid}/evidence/{evidenceId:guid}/file"] = new(EvidenceReaders, true),
        ["POST /api/doctors/{doctorId:guid}/evidence/{evidenceId:guid}/withdraw"] = new(DoctorOnly, true),
        ["PUT /api/doctors/{doctorId:guid}/appraisals/{year:int}/"] = new([Roles.Appraiser], true),
        ["POST /api/doctors/{doctorId:guid}/appraisals/{year:int}/approve-missed"] = new(RoTeam, true),
        ["GET /api/doctors/{doctorId:guid}/appraisal-requests/"] = new([Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager], true),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/"] = new(DoctorOnly, true),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/withdraw"] = new(DoctorOnly, true),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/approve"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/appraisal-requests/{requestId:guid}/decline"] = new(RoTeam, true),
        ["GET /api/appraisal-requests"] = new(RoTeam, false),
        ["GET /api/doctors/{doctorId:guid}/recommendations/"] = new(Oversight, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/"] = new(RoTeam, true),
        ["PUT /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}"] = new(RoTeam, true),
        ["PUT /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/ready"] = new(RoTeam, true),
        ["GET /api/doctors/{doctorId:guid}/notes"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/notes"] = new(RoTeam, true),
        ["GET /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/notes"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/notes"] = new(RoTeam, true),
        ["GET /api/doctors/{doctorId:guid}/non-engagement/"] = new([Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager], true),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/start"] = new(RoTeam, true),
        ["GET /api/doctors/{doctorId:guid}/non-engagement/steps/{step:int}/preview"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/steps/{step:int}/send"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/steps/{step:int}/reply"] = new(RoTeam, true),
        ["POST /api/doctors/{doctorId:guid}/non-engagement/close"] = new(RoTeam, true),
        ["GET /api/admin/letter-templates/"] = new(ToolkitImporters, false),
        ["PUT /api/admin/letter-templates/{step:int}"] = new(ToolkitImporters, false),
        ["POST /api/admin/letter-templates/{step:int}/preview"] = new(ToolkitImporters, false),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/submit"] = new(RoOnly, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/outcome"] = new(RoOnly, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/cancel"] = new(RoOnly, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/send-now"] = new(RoOnly, true),
        ["POST /api/doctors/{doctorId:guid}/recommendations/{recommendationId:guid}/entered-in-gmc-connect"] = new(RoOnly, true),
        ["GET /api/recommendations/ready"] = new(RoTeam, false),
        ["PUT /api/recommendations/ready/{doctorId:guid}"] = new(RoTeam, true),
        ["POST /api/recommendations/batch"] = new(RoOnly, false),
        ["GET /api/recommendations/worksheet"] = new(RoOnly, false),
        ["GET /api/recommendations/worksheet.csv"] = new(RoOnly, false),
        ["GET /api/caseload"] = new(Oversight, false),
        ["GET /api/compliance"] = new(Oversight, false),
        ["GET /api/compliance/export.csv"] = new(Oversight, false),
        ["GET /api/compliance/export.xlsx"] = new(Oversight, false),
        ["GET /api/admin/designated-body"] = new(AdminOnly, false),
        ["PUT /api/admin/designated-body"] = new(AdminOnly, false),
        ["PUT /api/admin/designated-body/responsible-officer"] = new(AdminOnly, false),
        ["POST /api/admin/designated-body/appraisers"] = new(AdminOnly, false),
        ["DELETE /api/admin/designated-body/appraisers/{userId}"] = new(AdminOnly, false),
        ["GET /api/admin/audit"] = new(AdminOnly, false),
        ["GET /api/admin/audit.csv"] = new(AdminOnly, false),
        ["GET /api/admin/doctors"] = new(AdminOnly, false),
        ["GET /api/admin/directory/sources"] = new(AdminOnly, false),
        ["POST /api/admin/directory/sources/{sourceId}/runs"] = new(AdminOnly, true),
        ["POST /api/admin/directory/sources/{sourceId}/runs/{runId:guid}/confirm"] = new(AdminOnly, true),
        ["POST /api/admin/directory/sources/{sourceId}/preview"] = new(AdminOnly, true),
        ["GET /api/admin/directory/runs/{runId:guid}/leavers"] = new(AdminOnly, true),
        ["GET /api/admin/directory/runs"] = new(AdminOnly, false),
        ["GET /api/admin/directory/runs/{runId:guid}"] = new(AdminOnly, true),
        ["GET /api/admin/directory/issues"] = new(AdminAndManager, false),
        ["POST /api/admin/directory/issues/{issueId:guid}/resolve"] = new(AdminAndManager, true),
        ["GET /api/admin/directory/issues/{issueId:guid}"] = new(AdminAndManager, true),
        ["POST /api/admin/directory/issues/{issueId:guid}/owner"] = new(AdminAndManager, true),
        ["POST /api/admin/directory/issues/{issueId:guid}/notes"] = new(AdminAndManager, true),
        ["POST /api/admin/directory/issues/{issueId:guid}/hide"] = new(AdminAndManager, true),
        ["POST /api/admin/directory/issues/{issueId:guid}/unhide"] = new(AdminAndManager, true),
        ["GET /api/admin/dead-letters/"] = new(AdminOnly, false),
        ["POST /api/admin/dead-letters/retry"] = new(AdminOnly, false),
        ["GET /api/gmc/discrepancies/"] = new(RoTeam, false),
        ["POST /api/gmc/discrepancies/{issueId:guid}/add"] = new(RoTeam, true),
        ["POST /api/gmc/discrepancies/{issueId:guid}/remove"] = new(RoTeam, true),
        ["GET /api/gmc/discrepancies/{issueId:guid}"] = new(RoTeam, true),
        ["POST /api/gmc/discrepancies/{issueId:guid}/owner"] = new(RoTeam, true),
        ["POST /api/gmc/discrepancies/{issueId:guid}/notes"] = new(RoTeam, true),
        ["POST /api/gmc/discrepancies/{issueId:guid}/hide"] = new(RoTeam, true),
        ["POST /api/gmc/discrepancies/{issueId:guid}/unhide"] = new(RoTeam, true),
        ["POST /api/admin/gmc/connected-doctors/preview"] = new(AdminOnly, false),
        ["POST /api/admin/gmc/connected-doctors"] = new(AdminOnly, false),
        ["POST /api/admin/imports/appraisals/preview"] = new(ToolkitImporters, false),
        ["POST /api/admin/imports/appraisals/apply"] = new(ToolkitImporters, false),
        ["POST /api/admin/imports/feedback/preview"] = new(ToolkitImporters, false),
        ["POST /api/admin/imports/feedback/apply"] = new(ToolkitImporters, false),
    };

    /// <summary>The callers: a role, and whether the target record is theirs / allocated to them / in their body.</summary>
    public static readonly IReadOnlyDictionary<string, (string? UserId, string? Role, string Body, bool OwnsTarget)> Callers =
        new Dictionary<string, (string?, string?, string, bool)>
        {
            ["anonymous"] = (null, null, "1-DEMO01", false),
            ["doctor (own record)"] = (DemoSeeder.DoctorPersonaId, Roles.Doctor, "1-DEMO01", true),
            ["doctor (another's record)"] = ("demo-doctor-01", Roles.Doctor, "1-DEMO01", false),
            ["appraiser (allocated)"] = (DemoSeeder.Appraiser.UserId, Roles.Appraiser, "1-DEMO01", true),
            ["appraiser (not allocated)"] = ("another-appraiser", Roles.Appraiser, "1-DEMO01", false),
            ["RO"] = (DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer, "1-DEMO01", true),
            ["RO of another body"] = ("other-ro", Roles.ResponsibleOfficer, "1-OTHER", false),
            ["medical director"] = ("demo-medical-director", Roles.MedicalDirector, "1-DEMO01", true),
            ["medical director of another body"] = ("other-md", Roles.MedicalDirector, "1-OTHER", false),
            ["admin"] = ("demo-admin", Roles.Admin, "1-DEMO01", true),
            ["revalidation manager"] = (DemoSeeder.RevalidationManager.UserId, Roles.RevalidationManager, "1-DEMO01", true),
            ["revalidation manager of another body"] = ("other-manager", Roles.RevalidationManager, "1-OTHER", false),
            ["admin of another body"] = ("other-admin", Roles.Admin, "1-OTHER", false),
        };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Matrix.Keys)
        {
            foreach (var caller in Callers.Keys)
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Fact]
    public void EveryMappedEndpoint_HasAnEntryInTheMatrix()
    {
        var mapped = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(k => !k.Contains("/openapi/", StringComparison.Ordinal) && !k.Contains("/api/reference", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Empty(mapped.Except(Matrix.Keys).Order());
        Assert.Empty(Matrix.Keys.Except(mapped).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_WhenCalledByEachKindOfCaller_AnswersAsTheSecurityModelSays(string endpoint, string caller)
    {
        var access = Matrix[endpoint];
        var (userId, role, body, ownsTarget) = Callers[caller];
        using var client = fixture.Factory.ClientAs(userId, role, body);
        using var request = fixture.BuildRequest(endpoint);

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;

        if (access.Anonymous)
        {
            Assert.True(status is < 400 or 400 or 422, $"{endpoint} is anonymous but answered {status} to {caller}.");
            return;
        }

        if (role is null)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return;
        }

        if (!access.Roles.Contains(role))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            return;
        }

        if (access.DoctorResource && !ownsTarget)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }

        Assert.True(status is not (401 or 403 or 404) and < 500, $"{endpoint} should let {caller} through but answered {status}: {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>
/// One Server for the whole matrix, with a target doctor (the demo doctor persona, allocated to the demo
/// appraiser) that has an evidence file and an open draft recommendation, so that every sub-resource
/// exists and a 404 can only come from the resource rules.
/// </summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new();

    public const string OtherBody = "1-OTHER";

    public Guid DoctorId { get; private set; }

    public Guid EvidenceId { get; private set; }

    public Guid RecommendationId { get; private set; }

    public Guid SyncRunId { get; private set; }

    public Guid IssueId { get; private set; }

    /// <summary>An open GMC discrepancy (the GMC queue's work endpoints hold only those).</summary>
    public Guid GmcIssueId { get; private set; }

    /// <summary>Issue 16, item 8: an item's page, owner, notes, hide and unhide (both queues).</summary>
    private static bool IsQueueWork(string endpoint) =>
        (endpoint.Contains("/api/admin/directory/issues/{issueId:guid}", StringComparison.Ordinal) || endpoint.Contains("/api/gmc/discrepancies/{issueId:guid}", StringComparison.Ordinal))
        && !endpoint.EndsWith("/add", StringComparison.Ordinal) && !endpoint.EndsWith("/remove", StringComparison.Ordinal) && !endpoint.EndsWith("/resolve", StringComparison.Ordinal);

    /// <summary>Issue 16: a pending approved-missed request of the target doctor's.</summary>
    public Guid AppraisalRequestId { get; private set; }

    public async Task InitializeAsync()
    {
        // A second designated body with its own doctor, so that "another body" callers are real users of a real body.
        var other = Core.DesignatedBodies.DesignatedBodyCode.Parse(OtherBody);
        var body = Core.DesignatedBodies.DesignatedBody.Create(other, "Other Trust", new Core.Common.StaffMember("other-ro", "Dr Other RO")).Value!;
        Assert.True((await Factory.Bodies.SaveDesignatedBodyAsync(body, [])).Saved);
        var stranger = Core.Doctors.DoctorRecord.Create(other, Core.Doctors.GmcNumber.Parse("6000001"), "Olu", "Other", Factory.Today.AddDays(90), true, 6,
            new Core.Common.RevalidationOptions(), directoryId: "demo-doctor-01").Value!;
        Assert.True((await Factory.Doctors.SaveDoctorAsync(stranger, [])).Saved);

        using var doctor = Factory.Doctor();
        var me = await doctor.GetFromJsonAsync<Contracts.MeResponse>("/api/me", TestJson.Options);
        DoctorId = me!.DoctorId!.Value;

        using var upload = Uploads.Form("ContinuingProfessionalDevelopment", "Course certificate", Factory.Today.AddDays(-3), "certificate.pdf", Uploads.Pdf());
        var uploaded = await doctor.PostAsync($"/api/doctors/{DoctorId}/evidence", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        EvidenceId = (await uploaded.Content.ReadFromJsonAsync<Contracts.EvidenceResponse>(TestJson.Options))!.Id;

        // A pending approved-missed request of the target doctor's, for a year of theirs that is not signed off.
        var record = (await Factory.Doctors.GetDoctorAsync(Core.DesignatedBodies.DesignatedBodyCode.Parse("1-DEMO01"), DoctorId))!;
        var asked = Enumerable.Range(0, 5)
            .Select(back => new Core.Appraisals.AppraisalYear((Factory.Today.Month >= 4 ? Factory.Today.Year : Factory.Today.Year - 1) - back))
            .Select(y => record.Appraisals.Ask(Core.Appraisals.AppraisalRequestKind.ApprovedMissed, y, "Sick leave", null, y.Start, null, DemoSeeder.DoctorPersonaId, Factory.Today))
            .First(r => r.IsSuccess);
        AppraisalRequestId = asked.Value!.Id;
        Assert.True((await Factory.Doctors.SaveDoctorAsync(record, [])).Saved);

        using var ro = Factory.ResponsibleOfficer();
        var drafted = await ro.PostAsJsonAsync($"/api/doctors/{DoctorId}/recommendations", new { type = "Revalidate", comments = "Matrix" });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        RecommendationId = (await drafted.Content.ReadFromJsonAsync<Contracts.RecommendationResponse>(TestJson.Options))!.Id;

        // Directory sync: the demo import's run, and an open data-quality issue of the demo body to resolve.
        var directory = Factory.Services.GetRequiredService<Core.DirectorySync.IDirectorySyncStore>();
        SyncRunId = (await directory.ListRunsAsync(DemoSeeder.DemoBody)).Single().Id;
        var issue = Core.DirectorySync.DataQualityIssue.Raise(DemoSeeder.DirectorySourceId, DemoSeeder.DemoBody, Core.DirectorySync.DataQualityIssueKind.InvalidGmcNumber,
            "matrix-person", null, "A malformed GMC number (matrix)", "line 2", Factory.Time.GetUtcNow(), null);
        await directory.RaiseIssuesAsync([issue]);
        IssueId = issue.Id;
        var discrepancy = Core.DirectorySync.DataQualityIssue.Raise($"gmc:{DemoSeeder.DemoBody}", DemoSeeder.DemoBody, Core.DirectorySync.DataQualityIssueKind.GmcNotConnected,
            "7000002", null, "Matrix discrepancy", "matrix", Factory.Time.GetUtcNow(), null);
        await directory.RaiseIssuesAsync([discrepancy]);
        GmcIssueId = discrepancy.Id;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A request for the endpoint with real route values and a well-formed body.</summary>
    public HttpRequestMessage BuildRequest(string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = endpoint[..space] == "ANY" ? HttpMethod.Get : new HttpMethod(endpoint[..space]);
        var year = Factory.Today.Month >= 4 ? Factory.Today.Year : Factory.Today.Year - 1;
        var path = endpoint[(space + 1)..]
            .Replace("{doctorId:guid}", DoctorId.ToString(), StringComparison.Ordinal)
            .Replace("{evidenceId:guid}", EvidenceId.ToString(), StringComparison.Ordinal)
            .Replace("{recommendationId:guid}", RecommendationId.ToString(), StringComparison.Ordinal)
            .Replace("{step:int}", "1", StringComparison.Ordinal)
            .Replace("{year:int}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{userId}", "nobody-in-particular", StringComparison.Ordinal)
            .Replace("{appraiserId}", DemoSeeder.Appraiser.UserId, StringComparison.Ordinal)
            .Replace("{sourceId}", DemoSeeder.DirectorySourceId, StringComparison.Ordinal)
            .Replace("{runId:guid}", SyncRunId.ToString(), StringComparison.Ordinal)
            .Replace("{issueId:guid}", (IsQueueWork(endpoint) && endpoint.Contains("/gmc/", StringComparison.Ordinal) ? GmcIssueId : IssueId).ToString(), StringComparison.Ordinal)
            .Replace("{requestId:guid}", AppraisalRequestId.ToString(), StringComparison.Ordinal)
            .TrimEnd('/');
        var request = new HttpRequestMessage(method, path);
        request.Content = endpoint switch
        {
            _ when endpoint.EndsWith("/evidence/", StringComparison.Ordinal) && method == HttpMethod.Post =>
                Uploads.Form("QualityImprovementActivity", "Audit", Factory.Today.AddDays(-1), null, null),
            _ when endpoint.EndsWith("/evidence/direct-uploads", StringComparison.Ordinal) =>
                Json(DirectUploadTests.Declaration(Factory.Today.AddDays(-1), Uploads.Pdf())),
            _ when IsQueueWork(endpoint) && endpoint.EndsWith("/owner", StringComparison.Ordinal) => Json(new { userId = "me" }),
            _ when IsQueueWork(endpoint) && endpoint.EndsWith("/notes", StringComparison.Ordinal) => Json(new { note = "Matrix note" }),
            _ when endpoint.EndsWith("/declarations/{year:int}", StringComparison.Ordinal) => Json(new { probity = true, health = true, noSignificantEvents = true, noComplimentsOrComplaints = true }),
            _ when endpoint.EndsWith("/flags", StringComparison.Ordinal) => Json(new { openLocalProcess = false, underGmcInvestigation = false }),
            _ when endpoint.EndsWith("/rsd", StringComparison.Ordinal) => Json(new { rsd = Factory.Today.AddDays(200) }),
            _ when endpoint.EndsWith("/appraiser", StringComparison.Ordinal) => Json(new { appraiserId = DemoSeeder.Appraiser.UserId }),
            _ when endpoint.EndsWith("/appraisals/{year:int}/", StringComparison.Ordinal) => Json(new { meetingDate = Factory.Today.AddDays(-2), signOff = false, pdpAgreed = true }),
            _ when endpoint.EndsWith("/approve-missed", StringComparison.Ordinal) => Json(new { reason = "Sick leave" }),
            _ when endpoint == "POST /api/doctors/{doctorId:guid}/appraisal-requests/" =>
                Json(new { kind = "ApprovedMissed", year, reason = "Sick leave", absentFrom = Factory.Today.AddDays(-30) }),
            _ when endpoint.EndsWith("/decline", StringComparison.Ordinal) => Json(new { reason = "Matrix" }),
            _ when endpoint.EndsWith("/cycle-start", StringComparison.Ordinal) => Json(new { startDate = Factory.Today.AddYears(-2) }),
            _ when endpoint.EndsWith("/appraisal-due-month", StringComparison.Ordinal) => Json(new { month = 5 }),
            _ when endpoint.EndsWith("/patient-feedback", StringComparison.Ordinal) => Json(new { notApplicableReason = "Pathology" }),
            _ when endpoint.EndsWith("/postpone", StringComparison.Ordinal) => Json(new { until = Factory.Today.AddMonths(14), reason = "Sick leave" }),
            _ when endpoint.EndsWith("/conflict", StringComparison.Ordinal) => Json(new { conflict = false }),
            // Refused (no reason): let through, and the target doctor keeps its appraiser for the other cases.
            _ when endpoint.StartsWith("PUT /api/doctors/{doctorId:guid}/appraiser-conflicts/", StringComparison.Ordinal) => Json(new { reason = "" }),
            _ when endpoint == "POST /api/appraisal-allocations/suggest" => Json(new { limit = 5 }),
            // The target doctor has an appraiser already: refused for that doctor, nothing changes.
            _ when endpoint == "POST /api/appraisal-allocations/apply" => Json(new { items = new[] { new { doctorId = DoctorId, appraiserId = DemoSeeder.Appraiser.UserId } } }),
            _ when endpoint.EndsWith("/recommendations/", StringComparison.Ordinal) && method == HttpMethod.Post => Json(new { type = "Revalidate" }),
            _ when endpoint.EndsWith("{recommendationId:guid}", StringComparison.Ordinal) => Json(new { type = "Revalidate", comments = "Edited" }),
            _ when endpoint.EndsWith("/outcome", StringComparison.Ordinal) => Json(new { outcome = "UnderReview" }),
            _ when endpoint == "PUT /api/recommendations/ready/{doctorId:guid}" => Json(new { ready = false, note = "Matrix" }),
            _ when endpoint == "POST /api/recommendations/batch" => Json(new { items = new[] { new { doctorId = DoctorId, type = "Defer" } }, statements = Recommend.AllStatements }),
            _ when endpoint.EndsWith("/ready", StringComparison.Ordinal) => Json(new { ready = false }),
            _ when endpoint.EndsWith("/notes", StringComparison.Ordinal) && method == HttpMethod.Post => Json(new { text = "Matrix note" }),
            _ when endpoint.EndsWith("/non-engagement/start", StringComparison.Ordinal) => Json(new { reason = "Appraisal", appraisalYear = "2026/27" }),
            _ when endpoint.EndsWith("/non-engagement/steps/{step:int}/reply", StringComparison.Ordinal) => Json(new { note = "No reply (matrix)" }),
            _ when endpoint.EndsWith("/non-engagement/close", StringComparison.Ordinal) => Json(new { outcome = "EngagedAgain", note = "Matrix" }),
            _ when endpoint.Contains("/letter-templates/{step:int}", StringComparison.Ordinal) => Json(new { subject = "Please reply by {reply by date}", body = "Dear colleague, please reply by {reply by date}." }),
            _ when endpoint == "PUT /api/admin/designated-body" => Json(new { name = "Demo NHS Foundation Trust" }),
            _ when endpoint.EndsWith("/responsible-officer", StringComparison.Ordinal) => Json(new { userId = DemoSeeder.ResponsibleOfficer.UserId, name = DemoSeeder.ResponsibleOfficer.Name, gmcNumber = DemoSeeder.ResponsibleOfficer.GmcNumber }),
            _ when endpoint.EndsWith("/appraisers", StringComparison.Ordinal) => Json(new { userId = $"appraiser-{Guid.NewGuid():N}", name = "Dr New Appraiser" }),
            _ when endpoint == "POST /api/demo/token" => Json(new { persona = "ro" }),
            _ when endpoint == "POST /api/admin/dead-letters/retry" => Json(new { keys = UnknownAlertKeys }),
            _ when IsQueueWork(endpoint) && endpoint.EndsWith("/hide", StringComparison.Ordinal) => Json(new { until = Factory.Today.AddDays(30) }),
            _ when endpoint.EndsWith("/issues/{issueId:guid}/resolve", StringComparison.Ordinal) => Json(new { note = "Matrix" }),
            _ when endpoint.StartsWith("POST /api/gmc/discrepancies/", StringComparison.Ordinal) => Json(new { changeReason = "1" }),
            _ when endpoint.StartsWith("POST /api/admin/gmc/connected-doctors", StringComparison.Ordinal) => new StringContent("GMC Reference Number\nnot-a-number\n", Encoding.UTF8, "text/csv"),
            // A file whose only line is refused: let through, nothing changes.
            _ when endpoint.StartsWith("POST /api/admin/imports/appraisals/", StringComparison.Ordinal) =>
                ToolkitImportApiTests.Form("gmc_number,appraisal_year,meeting_date,appraiser_name,pdp_agreed\nnot-a-number,2025/26,14/06/2025,Dr A,yes\n", withHash: true),
            _ when endpoint.StartsWith("POST /api/admin/imports/feedback/", StringComparison.Ordinal) =>
                ToolkitImportApiTests.Form("gmc_number,kind,completed_date,provider\nnot-a-number,colleague,01/06/2025,Edgecumbe\n", withHash: true),
            _ => null,
        };
        return request;
    }

    private static readonly string[] UnknownAlertKeys = ["1-DEMO01/no-such-alert"];

    private static StringContent Json(object value) => new(System.Text.Json.JsonSerializer.Serialize(value, TestJson.Options), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
