using System.Text;

namespace Revalidation.Benchmarks.Api;

/// <summary>
/// A PDF of any size made on the fly while it is read (a PDF header, then comment padding, then the end
/// marker), so that the client never holds the file: what the upload costs in memory is the server's.
/// <paramref name="seed"/> makes the content, and so its SHA-256, unique (the API refuses a duplicate file).
/// </summary>
internal sealed class GeneratedPdfStream(long length, int seed) : Stream
{
    private static readonly byte[] Trailer = Encoding.ASCII.GetBytes("\n%%EOF\n");

    private readonly byte[] header = Encoding.ASCII.GetBytes($"%PDF-1.7\n% benchmark upload {seed} of {length} bytes\n");

    private readonly byte[] padding = Padding(seed);

    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true; // so that HttpClient can send a Content-Length

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - position);
        var paddingEnd = length - Trailer.Length;
        var written = 0;
        while (written < count)
        {
            var at = position + written;
            var rest = count - written;
            ReadOnlySpan<byte> source = at < header.Length ? header.AsSpan((int)at)
                : at >= paddingEnd ? Trailer.AsSpan((int)(at - paddingEnd))
                : padding.AsSpan((int)(at % padding.Length), (int)Math.Min(padding.Length - (at % padding.Length), paddingEnd - at));
            var n = Math.Min(source.Length, rest);
            source[..n].CopyTo(buffer[written..]);
            written += n;
        }

        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) =>
        offset == 0 && origin == SeekOrigin.Begin ? position = 0 : throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Printable padding in 64-character lines, one period of the pattern (65 × 43 bytes), varied by the seed.</summary>
    private static byte[] Padding(int seed)
    {
        var block = new byte[65 * 43];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = i % 65 == 64 ? (byte)'\n' : (byte)('0' + (((i * 7) + seed) % 43));
        }

        return block;
    }
}
