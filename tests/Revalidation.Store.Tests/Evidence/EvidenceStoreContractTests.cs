using System.Security.Cryptography;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Evidence;

/// <summary>
/// What every adapter of <see cref="IEvidenceFileStore"/> must do (ADR 0007), written against the port only: streamed
/// writes hashed and limited in one pass, nothing kept on failure or over-size, reads and deletes scoped to the body,
/// keys that name nothing outside it. An adapter's test class says how to open its store and how to count what it keeps.
/// </summary>
public abstract class EvidenceStoreContractTests
{
    protected abstract IEvidenceFileStore Store { get; }

    /// <summary>How many files (complete or not) the adapter keeps for the body, by its own means.</summary>
    protected abstract Task<int> CountStoredAsync(DesignatedBodyCode body);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200_000)]
    [InlineData(1_000_000)]
    public async Task WriteAsync_WhenWithinTheLimit_StoresTheBytesWithTheirHashAndSize(int size)
    {
        var body = NewBodyCode();
        var bytes = RandomBytes(size);

        var write = await Store.WriteAsync(body, new MemoryStream(bytes), maxBytes: 1_000_000);

        Assert.False(write.TooLarge);
        Assert.NotNull(write.StorageKey);
        Assert.Matches("^[0-9a-f]{32}$", write.StorageKey);
        Assert.Equal(size, write.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), write.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(body, write.StorageKey));
        Assert.Equal(1, await CountStoredAsync(body));
    }

    [Fact]
    public async Task WriteAsync_WhenTheContentPassesTheLimit_KeepsNothingAndSaysTooLarge()
    {
        var body = NewBodyCode();

        var write = await Store.WriteAsync(body, new MemoryStream(RandomBytes(300_001)), maxBytes: 300_000);

        Assert.True(write.TooLarge);
        Assert.Null(write.StorageKey);
        Assert.Null(write.Sha256);
        Assert.Equal(0, await CountStoredAsync(body));
    }

    [Fact]
    public async Task WriteAsync_WhenTheSourceFailsMidway_ThrowsAndKeepsNothing()
    {
        var body = NewBodyCode();

        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(body, new FailingStream(RandomBytes(250_000), failAfter: 150_000), maxBytes: 1_000_000));

        Assert.Equal(0, await CountStoredAsync(body));
    }

    [Fact]
    public async Task WriteAsync_WhenCancelled_KeepsNothing()
    {
        var body = NewBodyCode();
        using var cancel = new CancellationTokenSource();
        var source = new FailingStream(RandomBytes(250_000), failAfter: 150_000, onFail: cancel.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(body, source, maxBytes: 1_000_000, cancel.Token));

        Assert.Equal(0, await CountStoredAsync(body));
    }

    [Fact]
    public async Task WriteAsync_WhenTheSameBytesComeTwice_StoresTwoFilesUnderDifferentKeys()
    {
        var body = NewBodyCode();
        var bytes = RandomBytes(1_000);

        var first = await Store.WriteAsync(body, new MemoryStream(bytes), 10_000);
        var second = await Store.WriteAsync(body, new MemoryStream(bytes), 10_000);

        Assert.NotEqual(first.StorageKey, second.StorageKey);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(2, await CountStoredAsync(body));
    }

    [Fact]
    public async Task OpenReadAsync_WhenTheKeyIsUnknownMalformedOrOfAnotherBody_ReturnsNull()
    {
        var body = NewBodyCode();
        var write = await Store.WriteAsync(body, new MemoryStream(RandomBytes(100)), 10_000);

        Assert.Null(await Store.OpenReadAsync(body, Guid.NewGuid().ToString("N")));
        Assert.Null(await Store.OpenReadAsync(NewBodyCode(), write.StorageKey!));
        Assert.Null(await Store.OpenReadAsync(body, "../" + write.StorageKey));
        Assert.Null(await Store.OpenReadAsync(body, write.StorageKey!.ToUpperInvariant()));
        Assert.Null(await Store.OpenReadAsync(body, $"{body.Value}/{write.StorageKey}"));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheFile_AndIsIdempotent_AndTouchesNoOtherBody()
    {
        var body = NewBodyCode();
        var other = NewBodyCode();
        var write = await Store.WriteAsync(body, new MemoryStream(RandomBytes(100)), 10_000);
        var kept = await Store.WriteAsync(body, new MemoryStream(RandomBytes(100)), 10_000);

        await Store.DeleteAsync(other, write.StorageKey!);
        Assert.NotNull(await ReadAllAsync(body, write.StorageKey!));

        await Store.DeleteAsync(body, write.StorageKey!);
        await Store.DeleteAsync(body, write.StorageKey!);
        await Store.DeleteAsync(body, "../../etc/passwd");

        Assert.Null(await Store.OpenReadAsync(body, write.StorageKey!));
        Assert.NotNull(await ReadAllAsync(body, kept.StorageKey!));
        Assert.Equal(1, await CountStoredAsync(body));
    }

    protected static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    protected async Task<byte[]?> ReadAllAsync(DesignatedBodyCode body, string key)
    {
        await using var stream = await Store.OpenReadAsync(body, key);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>An upload whose source breaks (or whose request is cancelled) after some bytes.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter, Action? onFail = null) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Check();
            return inner.Read(buffer, offset, Math.Min(count, 8192));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check();
            cancellationToken.ThrowIfCancellationRequested();
            return inner.ReadAsync(buffer[..Math.Min(buffer.Length, 8192)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Check()
        {
            if (inner.Position < failAfter)
            {
                return;
            }

            if (onFail is null)
            {
                throw new IOException("The client went away.");
            }

            onFail();
        }
    }
}
