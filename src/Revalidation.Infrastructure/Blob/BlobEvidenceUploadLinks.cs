using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;
using Revalidation.Core.Evidence;

namespace Revalidation.Infrastructure.Blob;

/// <summary>
/// Direct-upload links as SAS URLs for one blob of the uploads container ("Evidence:Blob:UploadContainerName"),
/// with create + write permission only (no read, list or delete), valid for "Evidence:Blob:UploadLinkLifetime".
/// Signed in Azure with a <b>user delegation key</b> (the account has no shared keys; the host's identity may ask for
/// one through its Storage Blob Data role), fetched once and reused until shortly before it expires; locally (Azurite,
/// a connection string) with the account key. In Azure the links are HTTPS only. Times come from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class BlobEvidenceUploadLinks : IEvidenceUploadLinks, IDisposable
{
    /// <summary>How long a fetched user delegation key is valid (the service allows up to seven days).</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(12);

    /// <summary>Allowance for clocks a little behind ours: links and keys start this much before now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };

    private readonly BlobContainerClient uploads;
    private readonly TimeSpan lifetime;
    private readonly bool httpsOnly;
    private readonly TimeProvider time;
    private readonly Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> fetchKey;
    private readonly SemaphoreSlim keyLock = new(1, 1);
    private UserDelegationKey? key;

    public BlobEvidenceUploadLinks(BlobServiceClient service, IOptions<BlobEvidenceOptions> options, TimeProvider time)
        : this(
            service?.GetBlobContainerClient(options?.Value.UploadContainerName) ?? throw new ArgumentNullException(nameof(service)),
            options!,
            time,
            async (startsOn, expiresOn, ct) => (await service.GetUserDelegationKeyAsync(new BlobGetUserDelegationKeyOptions(expiresOn) { StartsOn = startsOn }, ct)).Value)
    {
    }

    /// <summary>With the way to fetch a user delegation key given (tests of the key's reuse).</summary>
    public BlobEvidenceUploadLinks(
        BlobContainerClient uploads,
        IOptions<BlobEvidenceOptions> options,
        TimeProvider time,
        Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> fetchKey)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(options);
        this.uploads = uploads;
        lifetime = options.Value.UploadLinkLifetime;
        httpsOnly = options.Value.ServiceUri is not null;
        this.time = time;
        this.fetchKey = fetchKey;
    }

    public async Task<EvidenceUploadLink> CreateAsync(string uploadName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadName);
        var blob = uploads.GetBlobClient(uploadName);
        var now = time.GetUtcNow();
        var expiresOn = now + lifetime;
        var sas = new BlobSasBuilder
        {
            BlobContainerName = uploads.Name,
            BlobName = uploadName,
            Resource = "b",
            StartsOn = now - ClockSkew,
            ExpiresOn = expiresOn,
            Protocol = httpsOnly ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);

        Uri url;
        if (blob.CanGenerateSasUri)
        {
            url = blob.GenerateSasUri(sas); // the account key: local emulator only
        }
        else
        {
            var delegation = await DelegationKeyAsync(now, expiresOn, cancellationToken);
            url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(delegation, uploads.AccountName) }.ToUri();
        }

        return new EvidenceUploadLink(url, expiresOn, Headers);
    }

    public void Dispose() => keyLock.Dispose();

    /// <summary>The cached user delegation key while it outlives the link by the clock allowance; otherwise a fresh one.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, DateTimeOffset linkExpiresOn, CancellationToken cancellationToken)
    {
        if (key is { } cached && cached.SignedExpiresOn >= linkExpiresOn + ClockSkew)
        {
            return cached;
        }

        await keyLock.WaitAsync(cancellationToken);
        try
        {
            if (key is { } again && again.SignedExpiresOn >= linkExpiresOn + ClockSkew)
            {
                return again;
            }

            key = await fetchKey(now - ClockSkew, now + DelegationKeyLifetime, cancellationToken);
            return key;
        }
        finally
        {
            keyLock.Release();
        }
    }
}
