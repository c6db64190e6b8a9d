using System.Net;
using System.Net.Http.Json;
using Revalidation.Api.Contracts;
using Revalidation.Core.Common;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// Bad input gets a problem-details answer that names the field (and the rule, for a rule violation), and
/// changes nothing: each test compares the doctor's ETag and JSON, the audit log and the evidence folder
/// before and after.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private ApiFactory Factory => fixture.Factory;

    private Guid DoctorId => fixture.Doctor.Id;

    // ---- JSON bodies ----

    [Theory]
    [InlineData("{\"type\":\"Revalidate\",")]
    [InlineData("{\"type\":\"Revalidate\"")]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"Revalidate\",\"comments\":\"unterminated}")]
    [InlineData("[\"Revalidate\"]")]
    public async Task DraftRecommendation_WhenBodyIsMalformedJson_Returns400AndChangesNothing(string body)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PostAsync($"/api/doctors/{DoctorId}/recommendations", Http.RawJson(body));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), $"The problem names no field: {problem}");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData("{\"type\":\"Maybe\"}", "type")]
    [InlineData("{\"type\":2}", "type")]
    [InlineData("{\"type\":\"2\"}", "type")]
    [InlineData("{\"type\":null}", "type")]
    [InlineData("{\"type\":\"Defer\",\"deferralReason\":1,\"deferralSubReason\":\"ColleagueFeedback\",\"proposedRsd\":\"2027-03-01\"}", "deferralReason")]
    [InlineData("{\"type\":\"Defer\",\"deferralReason\":\"InsufficientEvidence\",\"deferralSubReason\":\"Nine\",\"proposedRsd\":\"2027-03-01\"}", "deferralSubReason")]
    [InlineData("{\"type\":\"Defer\",\"deferralReason\":\"InsufficientEvidence\",\"deferralSubReason\":\"ColleagueFeedback\",\"proposedRsd\":\"1 March 2027\"}", "proposedRsd")]
    public async Task DraftRecommendation_WhenAValueIsNotOfItsType_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        // Enums are strings only: an integer (or a numeric string) is refused, never read as a GMC code.
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PostAsync($"/api/doctors/{DoctorId}/recommendations", Http.RawJson(body));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData("{}", "type")]
    [InlineData("{\"comments\":\"no type\"}", "type")]
    [InlineData("{\"type\":\"NonEngagement\",\"attestations\":{\"hadOpportunityAndSupportButDidNotEngage\":true,\"informationInsufficientAndWillRemainSo\":true,\"deferralCriteriaNotMet\":true,\"fitnessToPractiseConcernsNotified\":\"Confirmed\"}}", "attestations.localProcessesExhausted")]
    public async Task DraftRecommendation_WhenARequiredPropertyIsMissing_Returns400NamingItAndChangesNothing(string body, string field)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PostAsync($"/api/doctors/{DoctorId}/recommendations", Http.RawJson(body));

        var problem = (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        Assert.DoesNotContain("Revalidation.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task RecordOutcome_WhenOutcomeIsAnInteger_Returns400NamingOutcome()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PostAsync($"/api/doctors/{DoctorId}/recommendations/{Guid.NewGuid()}/outcome", Http.RawJson("{\"outcome\":0}"));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("outcome");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData("{}", "rsd")]
    [InlineData("{\"rsd\":null}", "rsd")]
    [InlineData("{\"rsd\":\"1900-01-01\"}", "rsd")]
    [InlineData("{\"rsd\":\"2099-01-01\"}", "rsd")]
    [InlineData("{\"rsd\":\"2027-02-30\"}", "rsd")]
    public async Task PutRsd_WhenDateIsMissingOrOutOfRange_Returns400NamingRsdAndChangesNothing(string body, string field)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PutAsync($"/api/doctors/{DoctorId}/rsd", Http.RawJson(body));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task PutAppraisal_WhenMeetingDateIsInTheFuture_Returns400NamingMeetingDateAndChangesNothing()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var appraiser = Factory.Appraiser();
        var year = Years.Containing(Factory.Today);

        using var response = await appraiser.PutAsync($"/api/doctors/{DoctorId}/appraisals/{year}",
            Http.Json(new { meetingDate = Factory.Today.AddDays(1), signOff = true, pdpAgreed = true }));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("meetingDate");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task PutAppraisal_WhenSignOffIsMissing_Returns400NamingSignOff()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var appraiser = Factory.Appraiser();
        var year = Years.Containing(Factory.Today);

        using var response = await appraiser.PutAsync($"/api/doctors/{DoctorId}/appraisals/{year}",
            Http.RawJson($"{{\"meetingDate\":\"{Factory.Today.AddDays(-1):yyyy-MM-dd}\",\"pdpAgreed\":true}}"));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("signOff");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    // ---- GMC numbers (R12) ----

    [Trait("Rule", "R12")]
    [Theory]
    [InlineData("123456")]
    [InlineData("12345678")]
    [InlineData("ABCDEFG")]
    [InlineData("123 456")]
    [InlineData("１２３４５６７")]
    public async Task PutResponsibleOfficer_WhenGmcNumberIsNotSevenDigits_Returns422R12AndChangesNothing(string gmcNumber)
    {
        using var admin = Factory.Admin();
        var before = await admin.GetStringAsync("/api/admin/designated-body");
        var audit = (await StateSnapshot.TakeAsync(Factory)).AuditEvents;

        using var response = await admin.PutAsync("/api/admin/designated-body/responsible-officer",
            Http.Json(new { userId = "new-ro", name = "Dr New RO", gmcNumber }));

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.AssertRule(RuleIds.GmcNumberFormat);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.EndsWith("gmcNumber", StringComparison.Ordinal));
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/designated-body"));
        Assert.Equal(audit, (await StateSnapshot.TakeAsync(Factory)).AuditEvents);
    }

    [Trait("Rule", "R12")]
    [Theory]
    [InlineData("123456")]
    [InlineData("GMC1234")]
    public async Task AddAppraiser_WhenGmcNumberIsNotSevenDigits_Returns422R12AndChangesNothing(string gmcNumber)
    {
        using var admin = Factory.Admin();
        var before = await admin.GetStringAsync("/api/admin/designated-body");
        var audit = (await StateSnapshot.TakeAsync(Factory)).AuditEvents;

        using var response = await admin.PostAsync("/api/admin/designated-body/appraisers",
            Http.Json(new { userId = $"appraiser-{Guid.NewGuid():N}", name = "Dr Appraiser", gmcNumber }));

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.AssertRule(RuleIds.GmcNumberFormat);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.EndsWith("gmcNumber", StringComparison.Ordinal));
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/designated-body"));
        Assert.Equal(audit, (await StateSnapshot.TakeAsync(Factory)).AuditEvents);
    }

    // ---- Email addresses: one mailbox each (issue 14 item 3, docs/domain.md#alerts) ----

    [Theory]
    [InlineData("ro@demo-trust.example\r\nBcc: x@evil.example")]
    [InlineData("a@b.example, c@d.example")]
    [InlineData("a@b.example; c@d.example")]
    [InlineData("Dr Officer <ro@demo-trust.example>")]
    public async Task PutResponsibleOfficer_WhenEmailIsNotOneMailbox_Returns400NamingTheEmailAndChangesNothing(string email)
    {
        using var admin = Factory.Admin();
        var before = await admin.GetStringAsync("/api/admin/designated-body");
        var audit = (await StateSnapshot.TakeAsync(Factory)).AuditEvents;

        using var response = await admin.PutAsync("/api/admin/designated-body/responsible-officer",
            Http.Json(new { userId = DemoSeeder.ResponsibleOfficer.UserId, name = DemoSeeder.ResponsibleOfficer.Name, email, gmcNumber = DemoSeeder.ResponsibleOfficer.GmcNumber }));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.AssertNamesField("responsibleOfficer.email");
        Assert.DoesNotContain("evil", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/designated-body"));
        Assert.Equal(audit, (await StateSnapshot.TakeAsync(Factory)).AuditEvents);
    }

    [Theory]
    [InlineData("medicalDirectorEmail", "md@demo-trust.example\r\nBcc: x@evil.example")]
    [InlineData("medicalDirectorEmail", "a@b.example, c@d.example")]
    [InlineData("adminEmail", "admin@demo-trust.example\nBcc: x@evil.example")]
    [InlineData("adminEmail", "a@b.example, c@d.example")]
    public async Task PutSettings_WhenAnAlertAddressIsNotOneMailbox_Returns400NamingTheFieldAndChangesNothing(string field, string email)
    {
        using var admin = Factory.Admin();
        var before = await admin.GetStringAsync("/api/admin/designated-body");
        var audit = (await StateSnapshot.TakeAsync(Factory)).AuditEvents;
        var request = field == "adminEmail"
            ? new { name = "Renamed", medicalDirectorEmail = "medical.director@demo-trust.example", adminEmail = email }
            : new { name = "Renamed", medicalDirectorEmail = email, adminEmail = "revalidation.admin@demo-trust.example" };

        using var response = await admin.PutAsync("/api/admin/designated-body", Http.Json(request));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/designated-body"));
        Assert.Equal(audit, (await StateSnapshot.TakeAsync(Factory)).AuditEvents);
    }

    [Fact]
    public async Task AddAppraiser_WhenEmailHoldsTwoAddresses_Returns400NamingTheEmailAndChangesNothing()
    {
        using var admin = Factory.Admin();
        var before = await admin.GetStringAsync("/api/admin/designated-body");

        using var response = await admin.PostAsync("/api/admin/designated-body/appraisers",
            Http.Json(new { userId = $"appraiser-{Guid.NewGuid():N}", name = "Dr Appraiser", email = "a@b.example, c@d.example" }));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("appraiser.email");
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/designated-body"));
    }

    // ---- R8 deferral bounds ----

    [Trait("Rule", "R8")]
    [Theory]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(365)]
    [InlineData(366)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task DraftDeferral_WhenProposedRsdIsNotStrictlyBetweenRsdPlus60And365_Returns422R8NamingProposedRsd(int daysAfterRsd)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 30);
        var before = await StateSnapshot.TakeAsync(Factory, doctor.Id);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.DraftAsync(doctor.Id, Recommend.Defer(doctor.CurrentCycle!.Rsd.AddDays(daysAfterRsd)));

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity))
            .AssertRule(RuleIds.Deferral, "proposedRsd")
            .AssertNamesField("proposedRsd");
        await before.AssertUnchangedAsync(Factory, doctor.Id);
    }

    [Trait("Rule", "R8")]
    [Theory]
    [InlineData(61)]
    [InlineData(364)]
    public async Task DraftAndSubmitDeferral_WhenProposedRsdIsOnABound_IsAccepted(int daysAfterRsd)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 30);
        using var ro = Factory.ResponsibleOfficer();
        var proposed = doctor.CurrentCycle!.Rsd.AddDays(daysAfterRsd);

        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Defer(proposed));
        using var submitted = await ro.SubmitAsync(doctor.Id, draft.Id);

        Assert.Equal(proposed, draft.ProposedRsd);
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, (await submitted.ReadAsync<RecommendationResponse>()).Status);
    }

    [Trait("Rule", "R8")]
    [Fact]
    public async Task DraftDeferral_WhenOngoingLocalProcessHasASubReason_Returns422R8NamingDeferralSubReason()
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 30);
        var before = await StateSnapshot.TakeAsync(Factory, doctor.Id);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.DraftAsync(doctor.Id, new
        {
            type = "Defer", deferralReason = "OngoingLocalProcess", deferralSubReason = "PatientFeedback", proposedRsd = doctor.CurrentCycle!.Rsd.AddDays(90),
        });

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.Deferral, "deferralSubReason");
        await before.AssertUnchangedAsync(Factory, doctor.Id);
    }

    // ---- R4 submission window ----

    [Trait("Rule", "R4")]
    [Theory]
    [InlineData(121)]
    [InlineData(400)]
    [InlineData(-1)]
    public async Task SubmitRevalidate_WhenNotUnderNoticeOrRsdPassed_Returns422R4AndChangesNothing(int rsdInDays)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays);
        using var ro = Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());
        var before = await StateSnapshot.TakeAsync(Factory, doctor.Id);

        using var response = await ro.SubmitAsync(doctor.Id, draft.Id);

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.SubmissionWindow);
        await before.AssertUnchangedAsync(Factory, doctor.Id);
    }

    [Trait("Rule", "R4")]
    [Theory]
    [InlineData(121, HttpStatusCode.UnprocessableEntity)]
    [InlineData(120, HttpStatusCode.OK)]
    [InlineData(-1, HttpStatusCode.UnprocessableEntity)]
    public async Task SubmitDeferral_OnlyWhileUnderNotice_IsAccepted(int rsdInDays, HttpStatusCode expected)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays);
        using var ro = Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Defer(doctor.CurrentCycle!.Rsd.AddDays(90)));
        var before = await StateSnapshot.TakeAsync(Factory, doctor.Id);

        using var response = await ro.SubmitAsync(doctor.Id, draft.Id);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, (await response.ReadAsync<RecommendationResponse>()).Status);
            return;
        }

        (await response.ProblemAsync(expected)).AssertRule(RuleIds.SubmissionWindow);
        await before.AssertUnchangedAsync(Factory, doctor.Id);
    }

    [Trait("Rule", "R4")]
    [Theory]
    [InlineData(120)]
    [InlineData(0)]
    public async Task SubmitRevalidate_WhenUnderNoticeIncludingItsFirstAndLastDay_IsAccepted(int rsdInDays)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays);
        using var ro = Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.Revalidate());

        using var response = await ro.SubmitAsync(doctor.Id, draft.Id);

        var submitted = await response.ReadAsync<RecommendationResponse>();
        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, submitted.Status);
        Assert.Equal(Factory.Today, submitted.SubmittedOn);
        Assert.Equal(doctor.CurrentCycle!.Rsd, submitted.RsdAtSubmission);
    }

    [Trait("Rule", "R4")]
    [Theory]
    [InlineData(1000)]
    [InlineData(121)]
    [InlineData(-60)]
    public async Task SubmitNonEngagement_AtAnyTime_IsAccepted(int rsdInDays)
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays);
        using var ro = Factory.ResponsibleOfficer();
        var draft = await ro.DraftOkAsync(doctor.Id, Recommend.NonEngagement());

        using var response = await ro.SubmitAsync(doctor.Id, draft.Id);

        Assert.Equal(Revalidation.Contracts.RecommendationStatus.Submitted, (await response.ReadAsync<RecommendationResponse>()).Status);
    }

    [Trait("Rule", "R9")]
    [Fact]
    public async Task DraftNonEngagement_WhenAnAttestationIsMissing_Returns422R9NamingAttestations()
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 30);
        var before = await StateSnapshot.TakeAsync(Factory, doctor.Id);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.DraftAsync(doctor.Id, new
        {
            type = "NonEngagement",
            attestations = new
            {
                hadOpportunityAndSupportButDidNotEngage = true, informationInsufficientAndWillRemainSo = true, deferralCriteriaNotMet = true,
                localProcessesExhausted = false, fitnessToPractiseConcernsNotified = "Confirmed", publicInterestConcernsDiscussed = "NotApplicable",
            },
        });

        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).AssertRule(RuleIds.NonEngagement, "attestations");
        await before.AssertUnchangedAsync(Factory, doctor.Id);
    }

    // ---- uploads ----

    [Fact]
    public async Task Upload_WhenFileIsOverTheConfiguredLimit_Returns413AndLeavesNoFile()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Files.Cpd(Factory.Today.AddDays(-1), "big.pdf", Files.PdfOfSize(BadInputFixture.MaxFileBytes + 1)));

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenFileIsExactlyTheLimit_IsAccepted()
    {
        var doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 400);
        using var client = Factory.ClientFor(doctor);
        var bytes = Files.PdfOfSize(BadInputFixture.MaxFileBytes);

        using var response = await client.UploadAsync(doctor.Id, Files.Cpd(Factory.Today.AddDays(-1), "limit.pdf", bytes));

        Assert.Equal(bytes.Length, (await response.ReadAsync<EvidenceResponse>()).SizeBytes);
    }

    /// <summary>A name and content that disagree (400), or a type the product does not accept by name or by content (415, as the API documents).</summary>
    public static TheoryData<string, byte[], HttpStatusCode> WrongContent() => new()
    {
        { "certificate.pdf", Uploads.Png(), HttpStatusCode.BadRequest },
        { "reflection.docx", Files.Random(), HttpStatusCode.UnsupportedMediaType },
        { "reflection.docx", Files.PlainZip(), HttpStatusCode.UnsupportedMediaType },
        { "sheet.xlsx", Files.Docx(), HttpStatusCode.BadRequest },
        { "photo.png", Uploads.Pdf(), HttpStatusCode.BadRequest },
        { "photo.jpg", Uploads.Png(), HttpStatusCode.BadRequest },
        { "notes.txt", Files.Random(), HttpStatusCode.UnsupportedMediaType },
        { "script.exe", Uploads.Pdf(), HttpStatusCode.UnsupportedMediaType },
        { "page.html", "<html><script>alert(1)</script></html>"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
        { "no-extension", Uploads.Pdf(), HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(WrongContent))]
    public async Task Upload_WhenContentIsNotWhatTheNameSaysOrNotAccepted_Returns400Or415NamingFileAndLeavesNoFile(string fileName, byte[] bytes, HttpStatusCode expected)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Files.Cpd(Factory.Today.AddDays(-1), fileName, bytes));

        (await response.ProblemAsync(expected)).AssertNamesField("file");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf")]
    [InlineData("..\\x.pdf")]
    [InlineData("/etc/passwd.pdf")]
    [InlineData("C:\\Windows\\x.pdf")]
    [InlineData("evidence/../../x.pdf")]
    [InlineData("..")]
    public async Task Upload_WhenFileNameHasAPath_Returns400NamingFileAndLeavesNoFile(string fileName)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        // Once as a browser sends it (filename and filename*), once as a bare quoted filename.
        using (var response = await doctor.UploadAsync(DoctorId, Files.Cpd(Factory.Today.AddDays(-1), fileName, Uploads.Pdf())))
        {
            (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        }

        using (var response = await doctor.UploadAsync(DoctorId, Files.RawMultipart(fixture.CpdFields, $"form-data; name=\"file\"; filename=\"{fileName}\"", Uploads.Pdf())))
        {
            (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        }

        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenFileIsEmpty_Returns400NamingFileAndLeavesNoFile()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Files.Cpd(Factory.Today.AddDays(-1), "empty.pdf", []));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData(null, "type")]
    [InlineData("Maybe", "type")]
    [InlineData("2", "type")]
    public async Task Upload_WhenMetadataIsInvalid_Returns400NamingTheFieldAndDiscardsTheFile(string? type, string field)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Uploads.Form(type, "Certificate", Factory.Today.AddDays(-1), "certificate.pdf", Uploads.Pdf()));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Theory]
    [InlineData("activityDate", "25/11/2026")]
    [InlineData("activityDate", "1999-12-31")]
    [InlineData("appraisalYear", "twenty")]
    [InlineData("cpdCredits", "-1")]
    [InlineData("cpdCredits", "lots")]
    public async Task Upload_WhenAFieldIsMalformed_Returns400NamingItAndDiscardsTheFile(string field, string value)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);
        var fields = new Dictionary<string, string>(fixture.CpdFields) { [field] = value };

        using var response = await doctor.UploadAsync(DoctorId, Files.RawMultipart(fields, "form-data; name=\"file\"; filename=\"certificate.pdf\"", Uploads.Pdf()));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenActivityDateIsInTheFuture_Returns400NamingActivityDateAndDiscardsTheFile()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Files.Cpd(Factory.Today.AddDays(1), "certificate.pdf", Uploads.Pdf()));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("activityDate");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    public static TheoryData<string, string> MalformedMultipart()
    {
        const string fields = "--b0\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nOther\r\n--b0\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nNotes\r\n--b0\r\nContent-Disposition: form-data; name=\"activityDate\"\r\n\r\n2026-11-20\r\n";
        const string file = "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\r\nReflective notes\r\n--b0--\r\n";
        return new()
        {
            { "no boundary at all", "garbage without any boundary" },
            { "empty body", string.Empty },
            { "truncated in the file", fields + "--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\r\nReflective no" },
            { "truncated in a field", "--b0\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nOth" },
            { "too many part headers", fields + "--b0\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Header-{i}: v\r\n")) + file },
            { "part headers too long", fields + "--b0\r\nX-Long: " + new string('a', 20_000) + "\r\n" + file },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task Upload_WhenTheMultipartBodyIsMalformed_Returns400NamingBodyAndLeavesNoFile(string why, string body)
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0");

        using var response = await doctor.UploadAsync(DoctorId, content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("body");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenTheFilePartHasContentButNoFileName_Returns400NamingFileRatherThanDroppingTheFile()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.UploadAsync(DoctorId, Files.RawMultipart(fixture.CpdFields, "form-data; name=\"file\"", Uploads.Pdf()));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenTwoFilesAreSent_Returns400NamingFileAndLeavesNeither()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);
        using var form = Files.Cpd(Factory.Today.AddDays(-1), "one.pdf", Uploads.Pdf());
        form.Add(new ByteArrayContent(Uploads.Pdf()), "file", "two.pdf");

        using var response = await doctor.UploadAsync(DoctorId, form);

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("file");
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task DraftRecommendation_WhenTheBodyIsNotJson_Returns415AndChangesNothing()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.PostAsync($"/api/doctors/{DoctorId}/recommendations", new StringContent("{\"type\":\"Revalidate\"}", System.Text.Encoding.UTF8, "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    [Fact]
    public async Task Upload_WhenBodyIsNotMultipart_Returns415()
    {
        var before = await StateSnapshot.TakeAsync(Factory, DoctorId);
        using var doctor = Factory.ClientFor(fixture.Doctor);

        using var response = await doctor.PostAsync($"/api/doctors/{DoctorId}/evidence", JsonContent.Create(new { type = "Other", title = "x" }));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await before.AssertUnchangedAsync(Factory, DoctorId);
    }

    // ---- caseload query ----

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("dueBefore=notadate", "dueBefore")]
    [InlineData("dueBefore=2026-13-01", "dueBefore")]
    [InlineData("underNotice=maybe", "underNotice")]
    [InlineData("readiness=almost", "readiness")]
    [InlineData("tag=vip", "tag")]
    [InlineData("status=retired", "status")]
    [InlineData("sort=age", "sort")]
    [InlineData("dir=sideways", "dir")]
    public async Task Caseload_WhenAQueryValueIsInvalid_Returns400NamingTheParameter(string query, string parameter)
    {
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.GetAsync($"/api/caseload?{query}");

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(parameter);
    }

    [Fact]
    public async Task Caseload_WhenSearchTextIsTooLong_Returns400NamingQ()
    {
        using var ro = Factory.ResponsibleOfficer();

        using var response = await ro.GetAsync($"/api/caseload?q={new string('a', 101)}");

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField("q");
    }
}

/// <summary>One Server with a small upload limit, and a doctor under notice whose record the failing requests must not change.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public const int MaxFileBytes = 64 * 1024;

    public BadInputFixture() => Factory.Settings["Evidence:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ApiFactory Factory { get; } = new();

    public Core.Doctors.DoctorRecord Doctor { get; private set; } = null!;

    /// <summary>Valid metadata fields for a CPD upload.</summary>
    public IReadOnlyDictionary<string, string> CpdFields => new Dictionary<string, string>
    {
        ["type"] = "ContinuingProfessionalDevelopment",
        ["title"] = "Course certificate",
        ["activityDate"] = Factory.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        Doctor = await TestDoctors.CreateAsync(Factory, rsdInDays: 30, directoryId: "bad-input-doctor");

        // An evidence file already in the folder, so that "no new file" is checked against a non-empty folder.
        using var client = Factory.ClientFor(Doctor);
        using var uploaded = await client.UploadAsync(Doctor.Id, Files.Cpd(Factory.Today.AddDays(-2), "existing.pdf", Uploads.Pdf()));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
