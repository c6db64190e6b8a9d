using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Revalidation.Api.Contracts;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using SupportingInformationType = Revalidation.Contracts.SupportingInformationType;

namespace Revalidation.Api.Tests;

/// <summary>Supporting information through HTTP: upload, list, download, duplicates, withdraw, locking, file kinds, isolation.</summary>
public sealed class EvidenceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private DateOnly Yesterday => factory.Today.AddDays(-1);

    [Fact]
    public async Task Upload_WhenAValidPdf_Returns201AndListsItWithTheSha256AndSizeOfTheBytes()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var bytes = Uploads.Pdf();
        var filesBefore = StateSnapshot.EvidenceFilesIn(factory).Count;

        using var response = await client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, "course certificate.pdf", bytes, title: "Resuscitation course"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await response.ReadAsync<EvidenceResponse>();
        Assert.Equal($"/api/doctors/{doctor.Id}/evidence/{item.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), item.Sha256);
        Assert.Equal(bytes.Length, item.SizeBytes);
        Assert.Equal(("course certificate.pdf", "application/pdf"), (item.FileName, item.ContentType));
        Assert.Equal((SupportingInformationType.ContinuingProfessionalDevelopment, "Resuscitation course", Yesterday, Years.Containing(Yesterday)),
            (item.Type, item.Title, item.ActivityDate, item.AppraisalYear));
        Assert.False(item.Locked);
        Assert.Null(item.WithdrawnOn);

        var listed = await client.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options);
        Assert.Equal(item, Assert.Single(listed!));
        Assert.Equal(filesBefore + 1, StateSnapshot.EvidenceFilesIn(factory).Count);
    }

    [Fact]
    [Trait("Rule", "need-to-know")]
    public async Task Download_BySomeoneOtherThanTheOwner_IsAuditedInTheDoctorsTrail_AndTheOwnersOwnIsNot()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var item = await UploadOkAsync(client, doctor, "certificate.pdf", Uploads.Pdf());
        using var appraiser = factory.Appraiser();
        using var ro = factory.ResponsibleOfficer();

        (await client.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file")).EnsureSuccessStatusCode();
        (await appraiser.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file")).EnsureSuccessStatusCode();
        (await ro.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file")).EnsureSuccessStatusCode();

        var trail = (await ro.GetFromJsonAsync<List<AuditEventResponse>>($"/api/doctors/{doctor.Id}/audit", TestJson.Options))!
            .Where(a => a.Action == "evidence.downloaded").ToList();
        Assert.Equal(["ResponsibleOfficer", "Appraiser"], trail.Select(a => a.ActorRole));
        Assert.All(trail, a => Assert.Contains(item.Id.ToString(), a.Change, StringComparison.Ordinal));
        Assert.DoesNotContain(trail, a => a.ActorId == doctor.DirectoryId);
    }

    [Fact]
    public async Task Download_WhenTheOwnerRoOrAppraiserAsks_ReturnsTheSameBytesAsAnAttachmentWithNosniff()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var bytes = Uploads.Pdf();
        var item = await UploadOkAsync(client, doctor, "certificate.pdf", bytes);

        foreach (var reader in new[] { client, factory.ResponsibleOfficer(), factory.Appraiser() })
        {
            using var response = await reader.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("certificate.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            if (!ReferenceEquals(reader, client))
            {
                reader.Dispose();
            }
        }
    }

    [Fact]
    public async Task Upload_WhenTheSameBytesAreUploadedAgain_Returns409AndKeepsNoSecondFile()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var bytes = Uploads.Pdf();
        var first = await UploadOkAsync(client, doctor, "certificate.pdf", bytes);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var again = await client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, "renamed copy.pdf", bytes, title: "Same file, new title"));

        var problem = await again.ProblemAsync(HttpStatusCode.Conflict);
        problem.AssertRule(RuleIds.Validation, "file");
        Assert.Contains(first.Title, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task Upload_WhenTheSameBytesAreUploadedConcurrently_KeepsOneItemAndOneFile()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var bytes = Uploads.Pdf();
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        var uploads = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, $"copy {i}.pdf", bytes))));

        Assert.Single(uploads, u => u.StatusCode == HttpStatusCode.Created);
        Assert.All(uploads.Where(u => u.StatusCode != HttpStatusCode.Created), u => Assert.Equal(HttpStatusCode.Conflict, u.StatusCode));
        var after = await StateSnapshot.TakeAsync(factory, doctor.Id);
        Assert.Equal(before.EvidenceFiles.Count + 1, after.EvidenceFiles.Count);
        Assert.Equal(before.AuditEvents + 1, after.AuditEvents);
        Assert.Single((await client.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options))!);
        foreach (var upload in uploads)
        {
            upload.Dispose();
        }
    }

    [Fact]
    public async Task Upload_WhenDifferentFilesAreUploadedConcurrently_LeavesNoFileThatNoItemRefersTo()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        var uploads = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, $"file {i}.pdf", Uploads.Pdf($"{i}")))));

        Assert.All(uploads, u => Assert.True(u.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Got {(int)u.StatusCode}"));
        var created = uploads.Count(u => u.StatusCode == HttpStatusCode.Created);
        Assert.True(created >= 1);
        var after = await StateSnapshot.TakeAsync(factory, doctor.Id);
        Assert.Equal(before.EvidenceFiles.Count + created, after.EvidenceFiles.Count);
        Assert.Equal(before.AuditEvents + created, after.AuditEvents);
        Assert.Equal(created, (await client.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options))!.Count);
        foreach (var upload in uploads)
        {
            upload.Dispose();
        }
    }

    [Fact]
    public async Task Withdraw_WhenNotLocked_KeepsTheItemAndItsFileAndMarksItWithdrawn()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var bytes = Uploads.Pdf();
        var item = await UploadOkAsync(client, doctor, "certificate.pdf", bytes);
        var files = StateSnapshot.EvidenceFilesIn(factory);

        using var withdrawn = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var listed = Assert.Single((await client.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options))!);
        Assert.Equal((item.Id, factory.Today), (listed.Id, listed.WithdrawnOn!.Value));
        Assert.Equal(files, StateSnapshot.EvidenceFilesIn(factory));
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file"));

        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var twice = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/withdraw", null);
        (await twice.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("evidenceId");
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    /// <summary>R16: the appraiser's note for each item a year can miss at sign-off (the test years have no CPD, events or statements).</summary>
    private static readonly object[] SignOffNotes =
        [.. new[] { "cpd-missing", "significant-events-missing", "compliments-complaints-missing", "probity-missing", "health-missing" }.Select(c => new { code = c, note = "Discussed at the appraisal." })];

    [Trait("Rule", "R16")]
    [Fact]
    public async Task Withdraw_AfterTheAppraiserSignsOffTheYear_Returns422AndTheEvidenceStaysLocked()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var year = Years.Containing(factory.Today);
        using var client = factory.ClientFor(doctor);
        var item = await UploadOkAsync(client, doctor, "certificate.pdf", Uploads.Pdf(), year);
        using var appraiser = factory.Appraiser();
        using (var signedOff = await appraiser.PutAsync($"/api/doctors/{doctor.Id}/appraisals/{year}",
            Http.Json(new { meetingDate = Yesterday, signOff = true, pdpAgreed = true, notes = SignOffNotes })))
        {
            Assert.Equal(HttpStatusCode.OK, signedOff.StatusCode);
        }

        var listed = Assert.Single((await client.GetFromJsonAsync<List<EvidenceResponse>>($"/api/doctors/{doctor.Id}/evidence", TestJson.Options))!);
        Assert.True(listed.Locked);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var withdraw = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/withdraw", null);

        (await withdraw.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.AppraisalContent, "evidenceId");
        await before.AssertUnchangedAsync(factory, doctor.Id);

        // New evidence cannot be added to the signed-off year; without a year it goes to the next appraisal.
        using (var late = await client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, "late.pdf", Uploads.Pdf(), year)))
        {
            (await late.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.AppraisalContent, "appraisalYear");
        }

        await before.AssertUnchangedAsync(factory, doctor.Id);
        var next = await UploadOkAsync(client, doctor, "next.pdf", Uploads.Pdf());
        Assert.Equal((year + 1, false), (next.AppraisalYear, next.Locked));
    }

    public static TheoryData<string, byte[], string> AcceptedKinds() => new()
    {
        { "reflection.docx", Files.Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "cpd log.xlsx", Files.Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "poster.png", Uploads.Png(), "image/png" },
        { "photo.jpg", Files.Jpeg(), "image/jpeg" },
        { "PHOTO.JPEG", Files.Jpeg(), "image/jpeg" },
        { "notes.txt", Files.Text(), "text/plain" },
        { "certificate.PDF", Uploads.Pdf(), "application/pdf" },
    };

    [Theory]
    [MemberData(nameof(AcceptedKinds))]
    public async Task Upload_WhenTheBytesAreAnAcceptedKindMatchingTheName_IsStoredAndServedBack(string fileName, byte[] bytes, string contentType)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);

        var item = await UploadOkAsync(client, doctor, fileName, bytes);

        Assert.Equal((fileName, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))), (item.FileName, item.SizeBytes!.Value, item.Sha256));
        Assert.StartsWith(contentType, item.ContentType, StringComparison.Ordinal);
        using var download = await client.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file");
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(contentType, download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_WhenTheNameHasCharactersUnsafeInAFileName_KeepsASanitisedDisplayName()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);

        var item = await UploadOkAsync(client, doctor, "report: <final>?.pdf", Uploads.Pdf());

        Assert.Equal("report final.pdf", item.FileName);
        Assert.DoesNotContain(StateSnapshot.EvidenceFilesIn(factory), f => f.Contains("report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_WithoutAFile_RecordsTheMetadataAndHasNothingToDownload()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var files = StateSnapshot.EvidenceFilesIn(factory);

        using var response = await client.UploadAsync(doctor.Id, Uploads.Form("QualityImprovementActivity", "Audit of sepsis care", Yesterday, null, null,
            new Dictionary<string, string> { ["reflection"] = "What I learned.", ["cpdCredits"] = "2.5" }));

        var item = await response.ReadAsync<EvidenceResponse>();
        Assert.Equal((null, null, 2.5m, "What I learned."), (item.FileName, item.Sha256, item.CpdCredits, item.Reflection));
        Assert.Equal(files, StateSnapshot.EvidenceFilesIn(factory));
        using var download = await client.GetAsync($"/api/doctors/{doctor.Id}/evidence/{item.Id}/file");
        await download.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_WhenTheBrowserSendsAnEmptyFileInput_RecordsTheMetadataWithoutAFile()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var fields = new Dictionary<string, string> { ["type"] = "Other", ["title"] = "Note", ["activityDate"] = $"{Yesterday:yyyy-MM-dd}" };

        using var response = await client.UploadAsync(doctor.Id, Files.RawMultipart(fields, "form-data; name=\"file\"; filename=\"\"", []));

        Assert.Null((await response.ReadAsync<EvidenceResponse>()).FileName);
    }

    [Fact]
    public async Task Download_WhenADoctorAsksForAnotherDoctorsFile_Returns404EvenWithTheRightEvidenceId()
    {
        var owner = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var other = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var ownerClient = factory.ClientFor(owner);
        using var otherClient = factory.ClientFor(other);
        var item = await UploadOkAsync(ownerClient, owner, "private.pdf", Uploads.Pdf());

        using var viaOwnersRoute = await otherClient.GetAsync($"/api/doctors/{owner.Id}/evidence/{item.Id}/file");
        using var viaOwnRoute = await otherClient.GetAsync($"/api/doctors/{other.Id}/evidence/{item.Id}/file");
        using var list = await otherClient.GetAsync($"/api/doctors/{owner.Id}/evidence");

        await viaOwnersRoute.ProblemAsync(HttpStatusCode.NotFound);
        await viaOwnRoute.ProblemAsync(HttpStatusCode.NotFound);
        await list.ProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain("private", await viaOwnRoute.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_WhenTheEvidenceBelongsToAnotherDoctor_ChangesNothing()
    {
        var owner = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var other = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var ownerClient = factory.ClientFor(owner);
        using var otherClient = factory.ClientFor(other);
        var item = await UploadOkAsync(ownerClient, owner, "private.pdf", Uploads.Pdf());
        var before = await StateSnapshot.TakeAsync(factory, owner.Id);

        using var viaOwnersRoute = await otherClient.PostAsync($"/api/doctors/{owner.Id}/evidence/{item.Id}/withdraw", null);
        using var viaOwnRoute = await otherClient.PostAsync($"/api/doctors/{other.Id}/evidence/{item.Id}/withdraw", null);

        await viaOwnersRoute.ProblemAsync(HttpStatusCode.NotFound);
        Assert.False(viaOwnRoute.IsSuccessStatusCode);
        await before.AssertUnchangedAsync(factory, owner.Id);
    }

    private async Task<EvidenceResponse> UploadOkAsync(HttpClient client, DoctorRecord doctor, string fileName, byte[] bytes, int? appraisalYear = null)
    {
        using var response = await client.UploadAsync(doctor.Id, Files.Cpd(Yesterday, fileName, bytes, appraisalYear));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<EvidenceResponse>();
    }
}

/// <summary>docs/decisions/0007-evidence-upload-in-two-steps.md: what a crash left half-written is swept when the host starts.</summary>
public sealed class EvidenceStartupSweepTests
{
    [Fact]
    public async Task Start_WhenACrashLeftAnUploadHalfWritten_SweepsItBeforeAnyEvidenceIsUsed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "revalidation-tests", Guid.NewGuid().ToString("N"));
        var bodyFolder = Path.Combine(folder, "evidence", "1-DEMO01");
        Directory.CreateDirectory(bodyFolder);
        var orphan = Path.Combine(bodyFolder, $"{Guid.NewGuid():N}.incoming");
        await File.WriteAllBytesAsync(orphan, new byte[20 * 1024]);
        try
        {
            await using var factory = ApiFactory.Over(folder, keepData: false);
            using var client = factory.CreateClient();
            using var health = await client.GetAsync("/health");

            Assert.False(File.Exists(orphan), "the half-written upload was swept at start-up");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
