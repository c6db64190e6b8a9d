using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Revalidation.Api.Contracts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Api.Tests;

/// <summary>
/// Issue 16, item 6: importing the appraisal toolkit's appraisals and feedback exercises. The preview names every refused
/// line by number and column and changes nothing; apply does what the preview said for the good lines only, refuses a file
/// that is not the one previewed, is idempotent, and is audited. Today is 25 November 2026 (appraisal year 2026/27).
/// </summary>
public sealed class ToolkitImportApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string AppraisalHeader = "gmc_number,appraisal_year,meeting_date,signed_off_date,appraiser_name,appraiser_gmc_number,pdp_agreed,statements";
    private const string FeedbackHeader = "gmc_number,kind,completed_date,provider";

    /// <summary>A multipart upload of <paramref name="csv"/> as the field 'file', with its SHA-256 as 'sha256' when asked.</summary>
    public static MultipartFormDataContent Form(string csv, bool withHash, string fileName = "toolkit.csv", string contentType = "text/csv", string? sha256 = null) =>
        FormOf(Encoding.UTF8.GetBytes(csv), withHash, fileName, contentType, sha256);

    public static MultipartFormDataContent FormOf(byte[] bytes, bool withHash, string fileName = "toolkit.csv", string contentType = "text/csv", string? sha256 = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        if (withHash || sha256 is not null)
        {
            form.Add(new StringContent(sha256 ?? Sha256(bytes)), "sha256");
        }

        return form;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<ToolkitImportResponse> PreviewOkAsync(string kind, string csv)
    {
        using var admin = factory.Admin();
        using var response = await admin.PostAsync($"/api/admin/imports/{kind}/preview", Form(csv, withHash: false));
        return await response.ReadAsync<ToolkitImportResponse>();
    }

    private async Task<ToolkitImportResponse> ApplyOkAsync(string kind, string csv, HttpClient? client = null)
    {
        using var admin = factory.Admin();
        using var response = await (client ?? admin).PostAsync($"/api/admin/imports/{kind}/apply", Form(csv, withHash: true));
        return await response.ReadAsync<ToolkitImportResponse>();
    }

    private static ToolkitImportLineResponse LineOf(ToolkitImportResponse report, int line) => report.Lines.Single(l => l.Line == line);

    private static void AssertRefused(ToolkitImportResponse report, int line, string column, string words)
    {
        var l = LineOf(report, line);
        Assert.True(l.Outcome == ToolkitImportLineOutcome.Refused, $"Line {line} should be refused but is {l.Outcome}: {l.Message}");
        Assert.Equal(column, l.Column);
        Assert.Contains(words, l.Message, StringComparison.Ordinal);
    }

    private async Task<DoctorRecord> DoctorAsync(Guid id) => (await factory.Doctors.GetDoctorAsync(DesignatedBodyCode.Parse("1-DEMO01"), id))!;

    [Fact]
    public async Task PreviewAppraisals_NewUpdateAndSame_SaysSoInPlainWords_AndChangesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400, arrange: d =>
        {
            Assert.True(d.Appraisals.Import(new(2024), new(2024, 6, 10), new(2024, 6, 20), true, "Dr Helen Price", null, null, factory.Today).IsSuccess);
            Assert.True(d.Appraisals.Import(new(2023), new(2023, 6, 10), null, false, "Dr Helen Price", null, null, factory.Today).IsSuccess);
        });
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        var csv = $"""
            {AppraisalHeader}
            {doctor.GmcNumber},2025/26,14/06/2025,28/06/2025,Dr Helen Price,7654321,yes,CPD and feedback reviewed
            {doctor.GmcNumber},2023/24,10/06/2023,20/06/2023,Dr Helen Price,,yes,
            {doctor.GmcNumber},2024,2024-06-10,2024-06-20,Dr Helen Price,,yes,
            """;

        var report = await PreviewOkAsync("appraisals", csv);

        Assert.False(report.Applied);
        Assert.Equal((1, 1, 1, 0), (report.New, report.Updated, report.Skipped, report.Refused));
        Assert.Equal(ToolkitImportLineOutcome.New, LineOf(report, 2).Outcome);
        Assert.Contains("New appraisal 2025/26 for Dr Test Tester: meeting 14 June 2025, signed off 28 June 2025.", LineOf(report, 2).Message, StringComparison.Ordinal);
        Assert.Equal(ToolkitImportLineOutcome.Update, LineOf(report, 3).Outcome);
        Assert.Equal(ToolkitImportLineOutcome.Skipped, LineOf(report, 4).Outcome);
        Assert.Contains("already recorded the same way", LineOf(report, 4).Message, StringComparison.Ordinal);
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(csv)), report.Sha256);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task PreviewAppraisals_EveryRefusal_NamesTheLineAndColumn()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400, arrange: d =>
            Assert.True(d.Appraisals.Import(new(2024), new(2024, 6, 10), new(2024, 6, 20), true, "Dr Helen Price", null, null, factory.Today).IsSuccess));
        var leaver = await TestDoctors.CreateAsync(factory, 400, arrange: d => Assert.True(d.MarkLeaver(factory.Today.AddDays(-5)).IsSuccess));
        var elsewhereBody = Core.DesignatedBodies.DesignatedBody.Create(DesignatedBodyCode.Parse("1-ELSE01"), "Elsewhere Trust", new StaffMember("else-ro", "Dr Else RO")).Value!;
        Assert.True((await factory.Bodies.SaveDesignatedBodyAsync(elsewhereBody, [])).Saved);
        var elsewhere = DoctorRecord.Create(DesignatedBodyCode.Parse("1-ELSE01"), GmcNumber.Parse(TestDoctors.NewGmcNumber()), "Else", "Where", factory.Today.AddDays(300), true, 6,
            factory.Options(), directoryId: $"else-{Guid.NewGuid():N}").Value!;
        Assert.True((await factory.Doctors.SaveDoctorAsync(elsewhere, [])).Saved);
        var g = doctor.GmcNumber;
        var csv = $"""
            {AppraisalHeader}
            1234567,2025/26,14/06/2025,,Dr A,,yes,
            12ab,2025/26,14/06/2025,,Dr A,,yes,
            {elsewhere.GmcNumber},2025/26,14/06/2025,,Dr A,,yes,
            {leaver.GmcNumber},2025/26,14/06/2025,,Dr A,,yes,
            {g},2025/26,31/02/2026,,Dr A,,yes,
            {g},1999/00,14/06/1999,,Dr A,,yes,
            {g},2025/27,14/06/2025,,Dr A,,yes,
            {g},2027/28,14/06/2027,,Dr A,,yes,
            {g},2022/23,14/06/2021,,Dr A,,yes,
            {g},2024/25,11/06/2024,20/06/2024,Dr A,,yes,
            {g},2021/22,14/06/2021,10/06/2021,Dr A,,yes,
            {g},2021/22,14/06/2021,,Dr A,,yes,
            {g},2020/21,2021-13-01,,Dr A,,yes,
            {g},2019/20,14/06/2019,,Dr A,,maybe,
            {g},2018/19,14/06/2018,,Dr A,{g},yes,
            {g},2017/18,14/06/2017,,,,yes,
            {g},2026/27,24/12/2026,,Dr A,,yes,
            """;

        var report = await PreviewOkAsync("appraisals", csv);

        AssertRefused(report, 2, "gmc_number", "No doctor with GMC number 1234567 is in your designated body");
        AssertRefused(report, 3, "gmc_number", "'12ab' is not a GMC number");
        AssertRefused(report, 4, "gmc_number", $"No doctor with GMC number {elsewhere.GmcNumber} is in your designated body");
        AssertRefused(report, 5, "gmc_number", "has left your designated body");
        AssertRefused(report, 6, "meeting_date", "'31/02/2026' is not a real date");
        AssertRefused(report, 7, "appraisal_year", "is not allowed");
        AssertRefused(report, 8, "appraisal_year", "'2025/27' is not an appraisal year");
        AssertRefused(report, 9, "appraisal_year", "Appraisal year 2027/28 has not started");
        AssertRefused(report, 10, "meeting_date", "A meeting on 14 June 2021 is outside appraisal year 2022/23 (1 April 2022 to 31 March 2023)");
        AssertRefused(report, 11, "appraisal_year", "The 2024/25 appraisal is already signed off here, and this line would change it");
        AssertRefused(report, 12, "signed_off_date", "The sign-off date is before the meeting date");
        AssertRefused(report, 13, "appraisal_year", "A duplicate of line 12");
        AssertRefused(report, 14, "meeting_date", "'2021-13-01' is not a real date");
        AssertRefused(report, 15, "pdp_agreed", "'maybe' is not yes or no");
        AssertRefused(report, 16, "appraiser_gmc_number", "A doctor cannot be their own appraiser");
        AssertRefused(report, 17, "appraiser_name", "The appraiser's name is missing");
        AssertRefused(report, 18, "meeting_date", "The meeting date cannot be in the future");
        Assert.Equal(17, report.Refused);
        Assert.Equal(0, report.New + report.Updated + report.Skipped);
    }

    [Fact]
    public async Task ApplyAppraisals_OnlyTheGoodLines_AuditedPerDoctorAndAsAFile_AndARerunSkipsThem()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400);
        var csv = $"""
            {AppraisalHeader}
            {doctor.GmcNumber},2025/26,14/06/2025,28/06/2025,Dr Helen Price,7654321,yes,"CPD, QI and feedback reviewed"
            {doctor.GmcNumber},2024/25,31/02/2025,,Dr Helen Price,,yes,
            {doctor.GmcNumber},2023/24,12/06/2023,,Dr Helen Price,,no,
            """;
        var preview = await PreviewOkAsync("appraisals", csv);

        var applied = await ApplyOkAsync("appraisals", csv);

        Assert.True(applied.Applied);
        Assert.Equal(preview.Lines.Select(l => (l.Line, l.Outcome)), applied.Lines.Select(l => (l.Line, l.Outcome)));
        Assert.Equal((2, 0, 0, 1), (applied.New, applied.Updated, applied.Skipped, applied.Refused));
        var record = await DoctorAsync(doctor.Id);
        var year = record.Appraisals.For(2025)!;
        Assert.Equal((new DateOnly(2025, 6, 14), new DateOnly(2025, 6, 28), true, "Dr Helen Price", "7654321", "CPD, QI and feedback reviewed"),
            (year.MeetingDate, year.SignedOffOn, year.PdpAgreed, year.AppraiserName, year.AppraiserGmcNumber, year.Statements));
        Assert.Equal(Core.Appraisals.AppraisalSource.Toolkit, year.ImportedFrom);
        Assert.Null(record.Appraisals.For(2024));
        Assert.Equal((new DateOnly(2023, 6, 12), null, false), (record.Appraisals.For(2023)!.MeetingDate, record.Appraisals.For(2023)!.SignedOffOn, record.Appraisals.For(2023)!.PdpAgreed));

        var body = DesignatedBodyCode.Parse("1-DEMO01");
        var perDoctor = await factory.AuditLog.QueryAuditAsync(body, new AuditQuery(DoctorId: doctor.Id));
        Assert.Equal(["appraisal.imported", "appraisal.imported-signed-off"], perDoctor.Select(a => a.Action).Order());
        Assert.All(perDoctor, a => Assert.Equal(("demo-admin", "Admin"), (a.ActorId, a.ActorRole)));
        var fileEvent = (await factory.AuditLog.QueryAuditAsync(body, new AuditQuery(Action: "import.appraisals-applied")))[0];
        Assert.Contains("toolkit.csv", fileEvent.Summary, StringComparison.Ordinal);
        Assert.Contains("2 new, 0 updated, 0 already the same, 1 refused", fileEvent.Summary, StringComparison.Ordinal);

        // The doctor's record shows where the appraisal came from.
        using var ro = factory.ResponsibleOfficer();
        var shown = await (await ro.GetAsync($"/api/doctors/{doctor.Id}")).ReadAsync<DoctorResponse>();
        Assert.Equal("Imported from the appraisal toolkit (appraiser Dr Helen Price)", shown.AppraisalYears.Single(y => y.Year == 2025).Imported);

        // The same file again: nothing to do, nothing saved for the doctor.
        var again = await ApplyOkAsync("appraisals", csv);
        Assert.Equal((0, 0, 2, 1), (again.New, again.Updated, again.Skipped, again.Refused));
        Assert.Equal(perDoctor.Count, (await factory.AuditLog.QueryAuditAsync(body, new AuditQuery(DoctorId: doctor.Id))).Count);
    }

    [Fact]
    public async Task ApplyAppraisals_AJoinersYearBeforeTheirConnection_IsAllowed_AndMarkedAsAPreviousBodys()
    {
        var joiner = DoctorRecord.Create(DesignatedBodyCode.Parse("1-DEMO01"), GmcNumber.Parse(TestDoctors.NewGmcNumber()), "Jo", "Joiner", factory.Today.AddDays(700), true, 6,
            factory.Options(), directoryId: $"joiner-{Guid.NewGuid():N}", connectedOn: factory.Today.AddDays(-60)).Value!;
        Assert.True((await factory.Doctors.SaveDoctorAsync(joiner, [])).Saved);
        var csv = $"""
            {AppraisalHeader}
            {joiner.GmcNumber},2025/26,10/06/2025,20/06/2025,Dr Former Body,,yes,Appraised at the previous trust
            """;

        var applied = await ApplyOkAsync("appraisals", csv);

        Assert.Equal(1, applied.New);
        Assert.Contains("(at a previous designated body)", LineOf(applied, 2).Message, StringComparison.Ordinal);
        Assert.Equal(Core.Appraisals.AppraisalSource.PreviousBody, (await DoctorAsync(joiner.Id)).Appraisals.For(2025)!.ImportedFrom);
        using var ro = factory.ResponsibleOfficer();
        var shown = await (await ro.GetAsync($"/api/doctors/{joiner.Id}")).ReadAsync<DoctorResponse>();
        var year = shown.AppraisalYears.Single(y => y.Year == 2025);
        Assert.Equal(global::Revalidation.Contracts.AppraisalYearStatus.Completed, year.Status);
        Assert.Equal("Imported: appraised at a previous designated body (appraiser Dr Former Body)", year.Imported);
    }

    [Fact]
    public async Task Feedback_PreviewApplyAndRerun_AddsEvidenceOnce_AndRefusesBadLines()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400, arrange: d =>
            Assert.True(d.Appraisals.Import(new(2024), new(2024, 6, 10), new(2024, 6, 20), true, "Dr Helen Price", null, null, factory.Today).IsSuccess));
        var g = doctor.GmcNumber;
        var csv = $"""
            {FeedbackHeader}
            {g},colleague,15/05/2025,Edgecumbe Health
            {g},Patient,2025-09-30,CFEP Surveys
            {g},peer,15/05/2025,Edgecumbe Health
            {g},colleague,30/02/2025,Edgecumbe Health
            {g},colleague,15/05/2025,edgecumbe health
            {g},patient,01/12/2026,CFEP Surveys
            {g},patient,01/07/2024,CFEP Surveys
            {g},patient,01/07/2025,
            7654321,patient,01/07/2025,CFEP Surveys
            """;

        var preview = await PreviewOkAsync("feedback", csv);
        Assert.Equal((2, 7), (preview.New, preview.Refused));
        Assert.Contains("New supporting information for Dr Test Tester: colleague feedback exercise by Edgecumbe Health, completed 15 May 2025 (appraisal year 2025/26).",
            LineOf(preview, 2).Message, StringComparison.Ordinal);
        AssertRefused(preview, 4, "kind", "'peer' is not a kind of feedback");
        AssertRefused(preview, 5, "completed_date", "'30/02/2025' is not a real date");
        AssertRefused(preview, 6, "completed_date", "A duplicate of line 2");
        AssertRefused(preview, 7, "completed_date", "The completed date cannot be in the future");
        AssertRefused(preview, 8, "completed_date", "The 2024/25 appraisal is signed off");
        AssertRefused(preview, 9, "provider", "The provider of the feedback exercise is missing");
        AssertRefused(preview, 10, "gmc_number", "No doctor with GMC number 7654321");

        var applied = await ApplyOkAsync("feedback", csv);
        Assert.Equal((2, 7), (applied.New, applied.Refused));
        var items = (await DoctorAsync(doctor.Id)).Evidence.Items;
        Assert.Contains(items, e => e.Type == SupportingInformationType.ColleagueFeedback && e.ActivityDate == new DateOnly(2025, 5, 15) && e.AppraisalYear == 2025
            && e.Title == "Colleague feedback exercise (Edgecumbe Health)" && e.File is null);
        Assert.Contains(items, e => e.Type == SupportingInformationType.PatientFeedback && e.Title == "Patient feedback exercise (CFEP Surveys)");
        var audit = await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse("1-DEMO01"), new AuditQuery(DoctorId: doctor.Id, Action: "evidence.feedback-imported"));
        Assert.Equal(2, audit.Count);

        var again = await ApplyOkAsync("feedback", csv);
        Assert.Equal((0, 2), (again.New, again.Skipped));
        Assert.Equal(2, (await DoctorAsync(doctor.Id)).Evidence.Items.Count(e => e.Type is SupportingInformationType.ColleagueFeedback or SupportingInformationType.PatientFeedback));
    }

    [Fact]
    public async Task ApplyByTheResponsibleOfficer_IsAuditedAsTheRo()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400);
        using var ro = factory.ResponsibleOfficer();
        var applied = await ApplyOkAsync("feedback", $"{FeedbackHeader}\n{doctor.GmcNumber},colleague,15/05/2025,Edgecumbe Health\n", ro);
        Assert.Equal(1, applied.New);
        var audit = await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse("1-DEMO01"), new AuditQuery(DoctorId: doctor.Id));
        Assert.Equal("ResponsibleOfficer", Assert.Single(audit).ActorRole);
    }

    [Fact]
    public async Task Apply_AFileThatIsNotThePreviewedOne_IsRefused_AndChangesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400);
        var csv = $"{AppraisalHeader}\n{doctor.GmcNumber},2025/26,14/06/2025,,Dr Helen Price,,yes,\n";
        var preview = await PreviewOkAsync("appraisals", csv);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var admin = factory.Admin();

        var changed = csv.Replace("14/06/2025", "15/06/2025", StringComparison.Ordinal);
        using var response = await admin.PostAsync("/api/admin/imports/appraisals/apply", Form(changed, withHash: false, sha256: preview.Sha256));
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not the file that was previewed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        problem.AssertRule(RuleIds.Validation, "sha256");

        using var noHash = await admin.PostAsync("/api/admin/imports/appraisals/apply", Form(csv, withHash: false));
        (await noHash.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("sha256");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    public static TheoryData<string> Kinds => new() { "appraisals", "feedback" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task BadInput_IsAProblemNamingTheField_AndChangesNothing(string kind)
    {
        var before = await StateSnapshot.TakeAsync(factory);
        using var admin = factory.Admin();
        foreach (var action in new[] { "preview", "apply" })
        {
            var path = $"/api/admin/imports/{kind}/{action}";

            using var noFile = new MultipartFormDataContent { { new StringContent("abc"), "sha256" } };
            (await (await admin.PostAsync(path, noFile)).ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");

            using var json = new StringContent("{}", Encoding.UTF8, "application/json");
            (await (await admin.PostAsync(path, json)).ProblemAsync(HttpStatusCode.UnsupportedMediaType)).AssertNamesField("file");

            (await (await admin.PostAsync(path, Form("x", withHash: true, fileName: "photo.png", contentType: "image/png"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType))
                .AssertNamesField("file");

            var huge = Encoding.UTF8.GetBytes($"{FeedbackHeader}\n" + new string('x', 2 * 1024 * 1024));
            var tooLarge = await (await admin.PostAsync(path, FormOf(huge, withHash: true))).ProblemAsync(HttpStatusCode.BadRequest);
            tooLarge.AssertNamesField("file");
            Assert.Contains("larger than 2 MB", tooLarge.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);

            var noHeader = await (await admin.PostAsync(path, Form("7100000,2025/26,14/06/2025,,Dr A,,yes,\n", withHash: true))).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("not a header row", noHeader.AssertNamesField("file").GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);

            var missingColumn = await (await admin.PostAsync(path, Form("gmc_number\n7100000\n", withHash: true))).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("has no", missingColumn.AssertNamesField("file").GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);

            (await (await admin.PostAsync(path, FormOf([], withHash: true))).ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");

            (await (await admin.PostAsync(path, FormOf([0x67, 0x6D, 0xFF, 0xFE, 0x0A], withHash: true))).ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        }

        await before.AssertUnchangedAsync(factory);
    }

    [Fact]
    public async Task Preview_AFileWithAByteOrderMarkAndCaseOfItsOwnInTheHeader_IsRead()
    {
        var doctor = await TestDoctors.CreateAsync(factory, 400);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"GMC Number,Kind,Completed-Date,PROVIDER\r\n{doctor.GmcNumber},colleague,15/05/2025,Edgecumbe Health\r\n")).ToArray();
        using var admin = factory.Admin();
        var report = await (await admin.PostAsync("/api/admin/imports/feedback/preview", FormOf(bytes, withHash: false))).ReadAsync<ToolkitImportResponse>();
        Assert.Equal((1, 0), (report.New, report.Refused));
    }

    /// <summary>The README's example files stay true: every line of them is accepted by the preview.</summary>
    [Theory]
    [InlineData("appraisals", "appraisal-import.csv")]
    [InlineData("feedback", "feedback-import.csv")]
    public async Task TheDocumentedExampleFiles_PreviewWithoutARefusedLine(string kind, string file)
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "examples", file));

        var report = await PreviewOkAsync(kind, csv);

        Assert.True(report.Refused == 0, string.Join(" ", report.Lines.Where(l => l.Outcome == ToolkitImportLineOutcome.Refused).Select(l => $"line {l.Line} {l.Column}: {l.Message}")));
        Assert.NotEmpty(report.Lines);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
