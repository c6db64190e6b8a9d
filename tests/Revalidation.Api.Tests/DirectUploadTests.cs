using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Evidence;
using Revalidation.Server.Demo;

namespace Revalidation.Api.Tests;

/// <summary>
/// A hand-written stand-in for the direct-upload link port (the Blob adapter is tested against Azurite in
/// <see cref="DirectUploadAzuriteTests"/>): it records the names asked for, or fails like an unreachable service.
/// </summary>
public sealed class RecordingUploadLinks(bool fail = false) : IEvidenceUploadLinks
{
    public List<string> Names { get; } = [];

    public Task<EvidenceUploadLink> CreateAsync(string uploadName, CancellationToken cancellationToken = default)
    {
        if (fail)
        {
            throw new InvalidOperationException("The link service is unreachable (test).");
        }

        lock (Names)
        {
            Names.Add(uploadName);
        }

        return Task.FromResult(new EvidenceUploadLink(
            new Uri($"https://uploads.example/evidence-uploads/{uploadName}?sig=test"),
            new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" }));
    }
}

/// <summary>
/// POST /api/doctors/{id}/evidence/direct-uploads on the local Server (evidence folder): no direct upload there (409,
/// pointing at the multipart upload); with a link port present, the declaration's validation and its answer.
/// </summary>
public sealed class DirectUploadTests(ApiFactory factory) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly List<IDisposable> owned = [];

    private DateOnly Yesterday => factory.Today.AddDays(-1);

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    public static object Declaration(DateOnly activityDate, byte[] file, string fileName = "certificate.pdf", string? title = "Course certificate", string? sha256 = null) => new
    {
        type = "ContinuingProfessionalDevelopment",
        title,
        activityDate = activityDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        cpdCredits = 2.5m,
        fileName,
        sizeBytes = file.Length,
        sha256 = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(file)),
    };

    [Fact]
    public async Task DeclareDirectUpload_WhenEvidenceIsInTheFolder_Answers409PointingAtTheMultipartUpload_AndSavesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, Uploads.Pdf())));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("Blob", detail, StringComparison.Ordinal);
        Assert.Contains($"POST /api/doctors/{doctor.Id}/evidence", detail, StringComparison.Ordinal);
        Assert.Contains("multipart/form-data", detail, StringComparison.Ordinal);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task DeclareDirectUpload_WhenAnotherDoctorsRecordOrNotADoctor_Answers404Or403_AndSavesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var other = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var (links, host) = WithLinks();
        using var stranger = ClientFor(host, other.DirectoryId!, Roles.Doctor);
        using var ro = ClientFor(host, DemoSeeder.ResponsibleOfficer.UserId, Roles.ResponsibleOfficer);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var asStranger = await stranger.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, Uploads.Pdf())));
        using var asRo = await ro.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, Uploads.Pdf())));

        await asStranger.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, asRo.StatusCode);
        Assert.Empty(links.Names);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Theory]
    [InlineData("title", "{\"type\":\"Other\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("type", "{\"type\":\"Holiday\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("activityDate", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"20/11/2026\",\"fileName\":\"a.pdf\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("sizeBytes", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("sizeBytes", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":0,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("sizeBytes", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":26214401,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("sizeBytes", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":\"ten\",\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("sha256", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":10,\"sha256\":\"abc\"}")]
    [InlineData("sha256", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.pdf\",\"sizeBytes\":10}")]
    [InlineData("fileName", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"a.exe\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("fileName", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"fileName\":\"../a.pdf\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    [InlineData("fileName", "{\"type\":\"Other\",\"title\":\"t\",\"activityDate\":\"2026-11-20\",\"sizeBytes\":10,\"sha256\":\"" + Hex64 + "\"}")]
    public async Task DeclareDirectUpload_WhenAFieldIsMissingOrBad_Answers400NamingIt_AndSavesNothing(string field, string json)
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var (_, host) = WithLinks();
        using var client = ClientFor(host, doctor.DirectoryId!, Roles.Doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.RawJson(json));

        (await response.ProblemAsync(HttpStatusCode.BadRequest)).AssertNamesField(field);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task DeclareDirectUpload_WhenValid_Answers201WithTheAwaitingItemAndALinkForItsUploadName()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var (links, host) = WithLinks();
        using var client = ClientFor(host, doctor.DirectoryId!, Roles.Doctor);
        var file = Uploads.Pdf();

        using var response = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, file, sha256: Convert.ToHexString(SHA256.HashData(file)))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.ReadAsync<DirectUploadResponse>();
        Assert.Equal($"/api/doctors/{doctor.Id}/evidence/{answer.Evidence.Id}", response.Headers.Location?.OriginalString);
        var name = $"1-DEMO01/{doctor.Id:N}/{answer.Evidence.Id:N}";
        Assert.Equal(name, Assert.Single(links.Names));
        Assert.Equal(new Uri($"https://uploads.example/evidence-uploads/{name}?sig=test"), answer.UploadUrl);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), answer.ExpiresAt);
        Assert.Equal("BlockBlob", answer.RequiredHeaders["x-ms-blob-type"]);
        Assert.Equal(("Course certificate", 2.5m, Yesterday), (answer.Evidence.Title, answer.Evidence.CpdCredits, answer.Evidence.ActivityDate));
        Assert.Null(answer.Evidence.FileName); // no file until the upload is checked

        var saved = (await factory.Doctors.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.Evidence.ById(answer.Evidence.Id)!;
        Assert.Equal(new EvidenceUpload("certificate.pdf", file.Length, Convert.ToHexStringLower(SHA256.HashData(file)), EvidenceUploadStatus.Awaiting), saved.Upload);

        // The same file again is a duplicate: 409 naming sha256, nothing more saved.
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);
        using var again = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, file, "copy.pdf")));
        var conflict = await again.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("sha256", Assert.Single(conflict.GetProperty("rules").EnumerateArray()).GetProperty("field").GetString());
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    [Fact]
    public async Task DeclareDirectUpload_WhenNoLinkCanBeMade_Answers500_AndSavesNothing()
    {
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        var (_, host) = WithLinks(fail: true);
        using var client = ClientFor(host, doctor.DirectoryId!, Roles.Doctor);
        var before = await StateSnapshot.TakeAsync(factory, doctor.Id);

        using var response = await client.PostAsync($"/api/doctors/{doctor.Id}/evidence/direct-uploads", Http.Json(Declaration(Yesterday, Uploads.Pdf())));

        await response.ProblemAsync(HttpStatusCode.InternalServerError);
        await before.AssertUnchangedAsync(factory, doctor.Id);
    }

    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>The same Server (same data, same clock) with a direct-upload link port, as a Blob-backed host has.</summary>
    private (RecordingUploadLinks Links, WebApplicationFactory<Program> Host) WithLinks(bool fail = false)
    {
        var links = new RecordingUploadLinks(fail);
        var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEvidenceUploadLinks>(links)));
        owned.Add(host);
        return (links, host);
    }

    private HttpClient ClientFor(WebApplicationFactory<Program> host, string userId, string role)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", factory.TokenFor(userId, role));
        return client;
    }
}
