using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>Test doctors in precise states, saved through the store port with the domain's own factories.</summary>
public static class TestDoctors
{
    private static int nextGmc = 5_000_000;

    /// <summary>A GMC number no demo doctor has (they are 71xxxxx–75xxxxx), unique within the test run.</summary>
    public static string NewGmcNumber() => Interlocked.Increment(ref nextGmc).ToString("0000000", CultureInfo.InvariantCulture);

    public static RevalidationOptions Options(this ApiFactory factory) =>
        factory.Services.GetRequiredService<IOptions<RevalidationOptions>>().Value;

    /// <summary>
    /// Saves an active doctor whose confirmed RSD is <paramref name="rsdInDays"/> days from the fake today,
    /// signed in as <paramref name="directoryId"/> and allocated to the demo appraiser.
    /// </summary>
    public static async Task<DoctorRecord> CreateAsync(
        ApiFactory factory,
        int rsdInDays,
        string? directoryId = null,
        string? department = "Test Medicine",
        int appraisalDueMonth = 11,
        string body = "1-DEMO01",
        string familyName = "Tester",
        Action<DoctorRecord>? arrange = null,
        bool rsdConfirmed = true,
        bool allocateAppraiser = true)
    {
        var doctor = DoctorRecord.Create(
            DesignatedBodyCode.Parse(body),
            GmcNumber.Parse(NewGmcNumber()),
            "Test",
            familyName,
            factory.Today.AddDays(rsdInDays),
            rsdConfirmed,
            appraisalDueMonth,
            factory.Options(),
            department: department,
            directoryId: directoryId ?? $"test-doctor-{Guid.NewGuid():N}").Value!;
        Assert.True(!allocateAppraiser || doctor.Appraisals.AssignAppraiser(DemoSeeder.Appraiser.UserId).IsSuccess);
        arrange?.Invoke(doctor);
        var saved = await factory.Doctors.SaveDoctorAsync(doctor, []);
        Assert.True(saved.Saved, $"The test doctor was not saved: {saved.Status}");
        return doctor;
    }

    /// <summary>A client signed in as the doctor themself.</summary>
    public static HttpClient ClientFor(this ApiFactory factory, DoctorRecord doctor) => factory.ClientAs(doctor.DirectoryId, Roles.Doctor);
}

/// <summary>Request bodies and response reading.</summary>
public static class Http
{
    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static StringContent Json(object value) => RawJson(JsonSerializer.Serialize(value, TestJson.Options));

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success but got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, TestJson.Options)!;
    }

    /// <summary>Asserts the status and that the body is RFC 9457 problem details; returns its JSON.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The problem's <c>errors</c> name <paramref name="field"/>, with a message.</summary>
    public static JsonElement AssertNamesField(this JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in {problem}");
        var names = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Contains(field), $"Expected errors to name '{field}' but they name: {string.Join(", ", names)} ({problem})");
        var messages = errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        return problem;
    }

    /// <summary>The problem's <c>rules</c> extension names <paramref name="rule"/> (e.g. "R4") for <paramref name="field"/>.</summary>
    public static JsonElement AssertRule(this JsonElement problem, string rule, string? field = null)
    {
        Assert.True(problem.TryGetProperty("rules", out var rules), $"No 'rules' in {problem}");
        Assert.True(
            rules.EnumerateArray().Any(r => r.GetProperty("rule").GetString() == rule && (field is null || r.GetProperty("field").GetString() == field)),
            $"Expected rule {rule}{(field is null ? string.Empty : $" on '{field}'")} in {rules}");
        return problem;
    }
}

/// <summary>Everything a failed request must leave as it was: the record (ETag and JSON), the audit log, the evidence folder.</summary>
public sealed record StateSnapshot(string? DoctorETag, string? DoctorJson, int AuditEvents, IReadOnlyList<string> EvidenceFiles)
{
    public static async Task<StateSnapshot> TakeAsync(ApiFactory factory, Guid? doctorId = null, string body = "1-DEMO01")
    {
        string? etag = null;
        string? json = null;
        if (doctorId is { } id)
        {
            using var ro = factory.ClientAs(DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer, body);
            using var response = await ro.GetAsync($"/api/doctors/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            etag = response.Headers.ETag?.Tag;
            json = await response.Content.ReadAsStringAsync();
        }

        var audit = await factory.AuditLog.QueryAuditAsync(DesignatedBodyCode.Parse(body), new AuditQuery(Limit: 1000));
        Assert.True(audit.Count < 1000, "The audit log outgrew the snapshot's page.");
        return new StateSnapshot(etag, json, audit.Count, EvidenceFilesIn(factory));
    }

    public static IReadOnlyList<string> EvidenceFilesIn(ApiFactory factory)
    {
        var folder = Path.Combine(factory.DataFolder, "evidence");
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Asserts that nothing changed since this snapshot.</summary>
    public async Task AssertUnchangedAsync(ApiFactory factory, Guid? doctorId = null, string body = "1-DEMO01")
    {
        var now = await TakeAsync(factory, doctorId, body);
        Assert.Equal(DoctorETag, now.DoctorETag);
        Assert.Equal(DoctorJson, now.DoctorJson);
        Assert.Equal(AuditEvents, now.AuditEvents);
        Assert.Equal(EvidenceFiles, now.EvidenceFiles);
    }
}

/// <summary>Recommendation bodies and calls.</summary>
public static class Recommend
{
    /// <summary>The GMC's statements for a positive recommendation, all confirmed (decision (d)).</summary>
    public static readonly object AllStatements = new
    {
        participatedInAppraisal = true,
        supportingInformationCollected = true,
        otherInformationConsidered = true,
        compliesWithGmcConditions = true,
        compliesWithLocalConditions = true,
        noUnaddressedConcerns = true,
    };

    public static object Revalidate(string? comments = null) => new { type = "Revalidate", comments, statements = AllStatements };

    public static object Defer(DateOnly proposedRsd) =>
        new { type = "Defer", deferralReason = "InsufficientEvidence", deferralSubReason = "ColleagueFeedback", proposedRsd };

    public static object NonEngagement() => new
    {
        type = "NonEngagement",
        attestations = new
        {
            hadOpportunityAndSupportButDidNotEngage = true,
            informationInsufficientAndWillRemainSo = true,
            deferralCriteriaNotMet = true,
            localProcessesExhausted = true,
            fitnessToPractiseConcernsNotified = "Confirmed",
            publicInterestConcernsDiscussed = "NotApplicable",
        },
    };

    public static Task<HttpResponseMessage> DraftAsync(this HttpClient ro, Guid doctorId, object body) =>
        ro.PostAsync($"/api/doctors/{doctorId}/recommendations", Http.Json(body));

    public static async Task<RecommendationResponse> DraftOkAsync(this HttpClient ro, Guid doctorId, object body)
    {
        using var response = await ro.DraftAsync(doctorId, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<RecommendationResponse>();
    }

    /// <summary>Submits as an RO at the check step: a reason for every gap the doctor's readiness lists (decision (d)).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient ro, Guid doctorId, Guid recommendationId)
    {
        using var read = await ro.GetAsync($"/api/doctors/{doctorId}");
        if (!read.IsSuccessStatusCode)
        {
            return await ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/submit", null);
        }

        var doctor = await read.ReadAsync<DoctorResponse>();
        if (doctor.OpenRecommendation is not { Type: Revalidation.Contracts.RecommendationType.Revalidate })
        {
            return await ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/submit", null);
        }

        var acknowledgements = doctor.Readiness.Gaps.Select(g => new { code = g.Code, year = g.Year, reason = "Judged on the other information available to the RO." }).ToArray();
        return await ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/submit", Http.Json(new { gapAcknowledgements = acknowledgements }));
    }

    /// <summary>Submits with no check-step body at all.</summary>
    public static Task<HttpResponseMessage> SubmitBareAsync(this HttpClient ro, Guid doctorId, Guid recommendationId) =>
        ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/submit", null);

    public static Task<HttpResponseMessage> OutcomeAsync(this HttpClient ro, Guid doctorId, Guid recommendationId, object body) =>
        ro.PostAsync($"/api/doctors/{doctorId}/recommendations/{recommendationId}/outcome", Http.Json(body));

    public static Task<HttpResponseMessage> EditAsync(this HttpClient ro, Guid doctorId, Guid recommendationId, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/doctors/{doctorId}/recommendations/{recommendationId}") { Content = Http.Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return ro.SendAsync(request);
    }
}

/// <summary>Evidence files of every accepted kind, built from their real structure; and raw multipart bodies.</summary>
public static class Files
{
    /// <summary>A PDF of exactly <paramref name="size"/> bytes (a valid header, padded in a comment).</summary>
    public static byte[] PdfOfSize(int size)
    {
        var head = Uploads.Pdf();
        Assert.True(size > head.Length);
        var bytes = new byte[size];
        head.CopyTo(bytes, 0);
        bytes.AsSpan(head.Length).Fill((byte)' ');
        return bytes;
    }

    public static byte[] Docx() => Zip(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
        ("word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Reflection {Guid.NewGuid()}</w:t></w:r></w:p></w:body></w:document>"""));

    public static byte[] Xlsx() => Zip(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"""),
        ("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- {Guid.NewGuid()} --><sheets/></workbook>"""));

    /// <summary>A ZIP that is no Office document (no content types part).</summary>
    public static byte[] PlainZip() => Zip(("notes.txt", "not an office file"));

    public static byte[] Jpeg() =>
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8.ToArray(), 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, .. Guid.NewGuid().ToByteArray(), 0xFF, 0xD9];

    public static byte[] Text() => Encoding.UTF8.GetBytes($"Reflective note on a course — café, naïve résumé. {Guid.NewGuid()}\n");

    /// <summary>Bytes that are no accepted kind (control characters; no known signature).</summary>
    public static byte[] Random()
    {
        var bytes = new byte[2048];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x00;
        bytes[1] = 0x01;
        return bytes;
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return memory.ToArray();
    }

    /// <summary>
    /// A multipart body written byte for byte, so that a test controls the file part's Content-Disposition
    /// exactly (e.g. a bare <c>filename="../x.pdf"</c> with no <c>filename*</c>).
    /// </summary>
    public static ByteArrayContent RawMultipart(IReadOnlyDictionary<string, string> fields, string fileDisposition, byte[] file)
    {
        const string boundary = "test-boundary-7d93";
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, value) in fields)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        Write($"--{boundary}\r\nContent-Disposition: {fileDisposition}\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(file);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    public static MultipartFormDataContent Cpd(DateOnly activityDate, string fileName, byte[] bytes, int? appraisalYear = null, string title = "Course certificate")
    {
        var extra = appraisalYear is { } y ? new Dictionary<string, string> { ["appraisalYear"] = y.ToString(CultureInfo.InvariantCulture) } : null;
        return Uploads.Form("ContinuingProfessionalDevelopment", title, activityDate, fileName, bytes, extra);
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient doctor, Guid doctorId, HttpContent form) =>
        doctor.PostAsync($"/api/doctors/{doctorId}/evidence", form);
}

/// <summary>The appraisal year (its start year) containing a date, for the April start of England.</summary>
public static class Years
{
    public static int Containing(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;
}
