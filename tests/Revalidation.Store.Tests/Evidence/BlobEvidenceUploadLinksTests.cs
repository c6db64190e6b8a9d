using System.Web;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revalidation.Infrastructure.Blob;

namespace Revalidation.Store.Tests.Evidence;

/// <summary>
/// Direct-upload links as Azure signs them (an account without shared keys): a user delegation SAS for one blob,
/// create + write only, HTTPS only, times from the injected clock, and one delegation key reused until it nears its
/// expiry. (The account-key links are exercised end to end on Azurite in Revalidation.Api.Tests.)
/// </summary>
public sealed class BlobEvidenceUploadLinksTests : IDisposable
{
    private const string Name = "1-DEMO01/0123456789abcdef0123456789abcdef/fedcba9876543210fedcba9876543210";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly List<(DateTimeOffset StartsOn, DateTimeOffset ExpiresOn)> fetched = [];
    private readonly BlobEvidenceUploadLinks links;

    public BlobEvidenceUploadLinksTests()
    {
        var options = Options.Create(new BlobEvidenceOptions { ServiceUri = new Uri("https://revalidationtests.blob.core.windows.net/") });
        var credential = DelegatedTokenCredential.Create((_, _) => new AccessToken("not-used", DateTimeOffset.MaxValue));
        var uploads = new BlobServiceClient(options.Value.ServiceUri, credential).GetBlobContainerClient("evidence-uploads");
        links = new BlobEvidenceUploadLinks(uploads, options, time, (startsOn, expiresOn, _) =>
        {
            fetched.Add((startsOn, expiresOn));
            return Task.FromResult(BlobsModelFactory.UserDelegationKey(
                "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", startsOn, expiresOn, "b", "2025-11-05", Convert.ToBase64String(new byte[32])));
        });
    }

    public void Dispose() => links.Dispose();

    [Fact]
    public async Task CreateAsync_WithoutAnAccountKey_SignsAUserDelegationSasForThatBlobOnly_CreateAndWrite_HttpsOnly()
    {
        var link = await links.CreateAsync(Name);

        Assert.Equal($"https://revalidationtests.blob.core.windows.net/evidence-uploads/{Name}", link.Url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(link.Url.Query);
        Assert.Equal(("cw", "b", "https"), (query["sp"], query["sr"], query["spr"]));
        Assert.Equal("00000000-0000-0000-0000-000000000001", query["skoid"]); // signed with the delegation key, not an account key
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.Equal(time.GetUtcNow().AddMinutes(15), link.ExpiresAt);
        Assert.Equal(time.GetUtcNow().AddMinutes(15), DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("BlockBlob", link.RequiredHeaders["x-ms-blob-type"]);
    }

    [Fact]
    public async Task CreateAsync_ReusesTheDelegationKeyUntilALinkWouldOutliveIt_ThenFetchesAnother()
    {
        await links.CreateAsync(Name);
        time.Advance(TimeSpan.FromHours(11));
        await links.CreateAsync(Name); // 11 h 15 min < 12 h - 5 min: the same key
        Assert.Single(fetched);

        time.Advance(TimeSpan.FromMinutes(45));
        await links.CreateAsync(Name); // would end at 12 h: a fresh key

        Assert.Equal(2, fetched.Count);
        Assert.Equal(time.GetUtcNow() + BlobEvidenceUploadLinks.DelegationKeyLifetime, fetched[1].ExpiresOn);
    }
}
