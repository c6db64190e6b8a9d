using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Core.Doctors;
using Revalidation.Core.Evidence;
using Revalidation.Store.Tests.Evidence;

namespace Revalidation.Api.Tests;

/// <summary>
/// Direct upload end to end on Azurite: the Server with "Evidence:Provider = Blob" declares the item and hands out a
/// SAS link (account key: the local emulator); a plain HttpClient PUTs the file there; the blob trigger's handler
/// (<see cref="EvidenceUploadService.CheckAsync"/>, as the Functions app runs it) verifies it; the API then serves it.
/// Azurite checks the SAS: it refuses the link for any other blob name, for reading, and once it has expired.
/// </summary>
public sealed class DirectUploadAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task DirectUpload_WhenTheFileIsPutToTheLinkAndChecked_IsVerifiedAndDownloadable()
    {
        using var factory = BlobServer(DateTimeOffset.UtcNow);
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var file = Uploads.Pdf("direct");

        var answer = await DeclareAsync(factory, client, doctor, file);
        Assert.Equal(factory.Time.GetUtcNow().AddMinutes(15), answer.ExpiresAt);
        Assert.Contains("sp=cw", answer.UploadUrl.Query, StringComparison.Ordinal); // create + write, nothing else
        using var put = await PutAsync(answer.UploadUrl, file, answer.RequiredHeaders);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var check = await CheckAsync(factory, doctor, answer.Evidence.Id);

        Assert.Equal(UploadCheckStatus.Verified, check.Status);
        using var download = await client.GetAsync($"/api/doctors/{doctor.Id}/evidence/{answer.Evidence.Id}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        var item = (await factory.Doctors.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.Evidence.ById(answer.Evidence.Id)!;
        Assert.Equal((EvidenceUploadStatus.Verified, Convert.ToHexStringLower(SHA256.HashData(file))), (item.Upload!.Status, item.File!.Sha256));
    }

    [Fact]
    public async Task UploadLink_WhenUsedForAnotherBlobNameOrToRead_IsRefusedByTheStorageService()
    {
        using var factory = BlobServer(DateTimeOffset.UtcNow);
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var file = Uploads.Pdf("elsewhere");
        var answer = await DeclareAsync(factory, client, doctor, file);

        var otherName = new UriBuilder(answer.UploadUrl)
        {
            Path = answer.UploadUrl.AbsolutePath.Replace($"{answer.Evidence.Id:N}", $"{Guid.NewGuid():N}", StringComparison.Ordinal),
        }.Uri;
        using var elsewhere = await PutAsync(otherName, file, answer.RequiredHeaders);
        using var ownName = await PutAsync(answer.UploadUrl, file, answer.RequiredHeaders);
        using var http = new HttpClient();
        using var read = await http.GetAsync(answer.UploadUrl);

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownName.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        var uploadsContainer = UploadsContainer(factory);
        Assert.False((await uploadsContainer.GetBlobClient(new BlobUriBuilder(otherName).BlobName).ExistsAsync()).Value);
    }

    [Fact]
    public async Task UploadLink_WhenItHasExpired_IsRefusedByTheStorageService()
    {
        // The link's times come from the host's clock: issued "an hour ago", it expired 45 minutes ago.
        using var factory = BlobServer(DateTimeOffset.UtcNow.AddHours(-1));
        var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
        using var client = factory.ClientFor(doctor);
        var file = Uploads.Pdf("late");
        var answer = await DeclareAsync(factory, client, doctor, file);
        Assert.True(answer.ExpiresAt < DateTimeOffset.UtcNow);

        using var put = await PutAsync(answer.UploadUrl, file, answer.RequiredHeaders);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.False((await UploadsContainer(factory).GetBlobClient(new BlobUriBuilder(answer.UploadUrl).BlobName).ExistsAsync()).Value);
    }

    /// <summary>The Server on Azurite, its clock set to <paramref name="now"/> (later than the factory's fixed start).</summary>
    private ApiFactory BlobServer(DateTimeOffset now)
    {
        var factory = new ApiFactory();
        factory.Settings["Evidence:Provider"] = "Blob";
        factory.Settings["Evidence:Blob:ConnectionString"] = azurite.ConnectionString;
        factory.Settings["Evidence:Blob:ContainerName"] = $"evidence-{Guid.NewGuid():N}";
        factory.Settings["Evidence:Blob:UploadContainerName"] = $"uploads-{Guid.NewGuid():N}";
        factory.Time.SetUtcNow(now);
        return factory;
    }

    private static BlobContainerClient UploadsContainer(ApiFactory factory) =>
        factory.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(factory.Services
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.Blob.BlobEvidenceOptions>>().Value.UploadContainerName);

    private static async Task<DirectUploadResponse> DeclareAsync(ApiFactory factory, HttpClient client, DoctorRecord doctor, byte[] file)
    {
        using var response = await client.PostAsync(
            $"/api/doctors/{doctor.Id}/evidence/direct-uploads",
            Http.Json(DirectUploadTests.Declaration(factory.Today.AddDays(-1), file)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<DirectUploadResponse>();
    }

    private static async Task<HttpResponseMessage> PutAsync(Uri url, byte[] file, IReadOnlyDictionary<string, string> headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(file) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }

    /// <summary>What the blob trigger does for the upload (EvidenceUploadFunction.CheckAsync): the service reads the blob and records the outcome.</summary>
    private static async Task<UploadCheck> CheckAsync(ApiFactory factory, DoctorRecord doctor, Guid evidenceId)
    {
        var blob = UploadsContainer(factory).GetBlobClient(EvidenceUploadService.UploadName(doctor.DesignatedBody, doctor.Id, evidenceId));
        using var scope = factory.Services.CreateScope();
        await using var content = await blob.OpenReadAsync();
        return await scope.ServiceProvider.GetRequiredService<EvidenceUploadService>().CheckAsync(doctor.DesignatedBody, doctor.Id, evidenceId, content);
    }
}
