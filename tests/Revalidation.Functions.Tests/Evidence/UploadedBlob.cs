using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Revalidation.Functions.Tests.Evidence;

/// <summary>
/// The uploaded blob as the trigger hands it over, in memory: the two calls the function makes (read, delete), through
/// the Azure SDK's protected constructor meant for test doubles. (Azurite serves the real thing in the Blob adapter's tests.)
/// </summary>
public sealed class UploadedBlob(byte[] content) : BlobClient
{
    public bool Deleted { get; private set; }

    public int Reads { get; private set; }

    public override Task<Stream> OpenReadAsync(BlobOpenReadOptions options, CancellationToken cancellationToken = default)
    {
        if (Deleted)
        {
            throw new RequestFailedException(404, "The specified blob does not exist.");
        }

        Reads++;
        return Task.FromResult<Stream>(new MemoryStream(content, writable: false));
    }

    public override Task<Response<bool>> DeleteIfExistsAsync(DeleteSnapshotsOption snapshotsOption = DeleteSnapshotsOption.None, BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var existed = !Deleted;
        Deleted = true;
        return Task.FromResult(Response.FromValue(existed, null!));
    }
}
