using System.Security.Cryptography;

namespace Revalidation.Core.Evidence;

/// <summary>
/// A read-through stream that counts and hashes what passes, and stops once more than a limit has been
/// read. Adapters wrap an upload in it so that size and SHA-256 come from one streamed pass.
/// </summary>
public sealed class HashingStream(Stream inner, long maxBytes) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    /// <summary>More than the limit arrived; reading stopped there.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public string HashHex() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (LimitExceeded)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read]);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > maxBytes)
        {
            LimitExceeded = true;
            return 0;
        }

        hash.AppendData(data);
        return data.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
