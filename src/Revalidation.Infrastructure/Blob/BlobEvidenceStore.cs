using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;

namespace Revalidation.Infrastructure.Blob;

/// <summary>
/// Evidence files in Azure Blob Storage (ADR 0007, 0011): one private container, blobs named
/// <c>{designated body}/{opaque key}</c>. An upload is streamed through a <see cref="HashingStream"/> into staged
/// blocks, one block buffer at a time; the block list is committed, with the SHA-256, size, designated body and
/// content type, only when the whole file has arrived within the limit. Uncommitted blocks are never a blob
/// (the service discards them), so a failed, cancelled or over-size upload leaves nothing behind.
/// </summary>
public sealed class BlobEvidenceStore : IEvidenceFileStore
{
    private readonly BlobContainerClient container;
    private readonly int blockBytes;

    public BlobEvidenceStore(BlobContainerClient container, IOptions<BlobEvidenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.container = container;
        blockBytes = options.Value.BlockBytes;
    }

    public async Task<EvidenceWrite> WriteAsync(DesignatedBodyCode body, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var blob = container.GetBlockBlobClient(BlobName(body, key));
        using var hashing = new HashingStream(content, maxBytes);
        var blockIds = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        string contentType = "application/octet-stream";
        var committed = false;
        try
        {
            while (true)
            {
                var filled = await FillAsync(hashing, buffer, blockBytes, cancellationToken);
                if (hashing.LimitExceeded)
                {
                    return new EvidenceWrite(null, hashing.BytesRead, null, TooLarge: true);
                }

                if (filled == 0)
                {
                    break;
                }

                if (blockIds.Count == 0)
                {
                    contentType = await SniffAsync(buffer, filled, cancellationToken);
                }

                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));
                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
                }

                blockIds.Add(blockId);
                if (filled < blockBytes)
                {
                    break;
                }
            }

            var sha256 = hashing.HashHex();
            await blob.CommitBlockListAsync(
                blockIds,
                new CommitBlockListOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = new Dictionary<string, string>
                    {
                        ["sha256"] = sha256,
                        ["designatedbody"] = body.Value,
                        ["sizebytes"] = hashing.BytesRead.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },

                    // A fresh key: never overwrite.
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            committed = true;
            return new EvidenceWrite(key, hashing.BytesRead, sha256, TooLarge: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!committed && blockIds.Count > 0)
            {
                await DiscardAsync(blob);
            }
        }
    }

    public async Task<Stream?> OpenReadAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default)
    {
        if (!IsKey(storageKey))
        {
            return null;
        }

        try
        {
            var response = await container.GetBlobClient(BlobName(body, storageKey)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default)
    {
        if (IsKey(storageKey))
        {
            await container.GetBlobClient(BlobName(body, storageKey)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>Blob names are partitioned by designated body; a key from another body names no blob of this one.</summary>
    internal static string BlobName(DesignatedBodyCode body, string key) => $"{body.Value}/{key}";

    /// <summary>Keys are 32 lowercase hex digits; anything else names no blob (no path can be smuggled in).</summary>
    private static bool IsKey(string storageKey) => storageKey.Length == 32 && storageKey.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Drops the staged blocks of an upload that will not be kept (over-size, failed, cancelled): committing an empty
    /// list discards them at once, and the empty blob is deleted. Best effort, not cancellable: the service would
    /// discard uncommitted blocks after a week anyway, and they are never readable as a file.
    /// </summary>
    private static async Task DiscardAsync(BlockBlobClient blob)
    {
        try
        {
            await blob.CommitBlockListAsync([], new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, CancellationToken.None);
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Left to the service's own clean-up of uncommitted blocks.
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>The content type from the first block's bytes (the service checks the whole file again before anything refers to it).</summary>
    private static async Task<string> SniffAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        try
        {
            using var head = new MemoryStream(buffer, 0, count, writable: false);
            return await EvidenceFileTypes.DetectAsync(head, cancellationToken) is { } kind ? EvidenceFileTypes.ContentType(kind) : "application/octet-stream";
        }
        catch (InvalidDataException)
        {
            return "application/octet-stream";
        }
    }
}
