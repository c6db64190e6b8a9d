using System.IO.Compression;
using System.Text;

namespace Revalidation.Core.Evidence;

public enum EvidenceFileKind
{
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
    Text,
}

/// <summary>
/// The evidence file types we accept, decided by the bytes (magic numbers, and the package parts of
/// Office files), never by the name or the browser's content type; the name's extension must agree.
/// </summary>
public static class EvidenceFileTypes
{
    public const string AllowedDescription = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPEG or plain text (.txt)";

    private const int TextSampleBytes = 64 * 1024;

    private static readonly Dictionary<string, EvidenceFileKind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = EvidenceFileKind.Pdf,
        [".docx"] = EvidenceFileKind.Docx,
        [".xlsx"] = EvidenceFileKind.Xlsx,
        [".pptx"] = EvidenceFileKind.Pptx,
        [".png"] = EvidenceFileKind.Png,
        [".jpg"] = EvidenceFileKind.Jpeg,
        [".jpeg"] = EvidenceFileKind.Jpeg,
        [".txt"] = EvidenceFileKind.Text,
    };

    public static EvidenceFileKind? FromExtension(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var kind) ? kind : null;

    public static string ContentType(EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Pdf => "application/pdf",
        EvidenceFileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        EvidenceFileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        EvidenceFileKind.Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        EvidenceFileKind.Png => "image/png",
        EvidenceFileKind.Jpeg => "image/jpeg",
        _ => "text/plain; charset=utf-8",
    };

    /// <summary>Detects the kind from the content, or null when it is none of the accepted kinds.</summary>
    public static async Task<EvidenceFileKind?> DetectAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var header = new byte[TextSampleBytes];
        var length = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        var head = header.AsSpan(0, length);
        if (head.StartsWith("%PDF-"u8))
        {
            return EvidenceFileKind.Pdf;
        }

        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return EvidenceFileKind.Png;
        }

        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return EvidenceFileKind.Jpeg;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return await DetectOfficeAsync(content, cancellationToken);
        }

        return LooksLikeText(head, complete: length < header.Length) ? EvidenceFileKind.Text : null;
    }

    private static async Task<EvidenceFileKind?> DetectOfficeAsync(Stream content, CancellationToken cancellationToken)
    {
        // ZIP's directory is at the end: a seekable stream is read in place, anything else is spooled to a temp file.
        Stream seekable = content;
        string? temp = null;
        try
        {
            if (!content.CanSeek)
            {
                temp = Path.GetTempFileName();
                seekable = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                await content.CopyToAsync(seekable, cancellationToken);
            }

            seekable.Position = 0;
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            if (!WithinExpansionLimits(zip, seekable.Length))
            {
                // A zip bomb dressed as a document: refused before anything reads its parts.
                return null;
            }

            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!names.Contains("[Content_Types].xml"))
            {
                return null;
            }

            return names.Contains("word/document.xml") ? EvidenceFileKind.Docx
                : names.Contains("xl/workbook.xml") ? EvidenceFileKind.Xlsx
                : names.Contains("ppt/presentation.xml") ? EvidenceFileKind.Pptx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            if (!ReferenceEquals(seekable, content))
            {
                await seekable.DisposeAsync();
            }

            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>An Office document expands at most <see cref="MaxUncompressedBytes"/> in all, <see cref="MaxCompressionRatio"/> times its size, in at most <see cref="MaxEntries"/> parts.</summary>
    public const long MaxUncompressedBytes = 256L * 1024 * 1024;

    public const int MaxCompressionRatio = 100;

    public const int MaxEntries = 10_000;

    private static bool WithinExpansionLimits(ZipArchive zip, long compressedBytes)
    {
        if (zip.Entries.Count > MaxEntries)
        {
            return false;
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > MaxUncompressedBytes)
            {
                return false;
            }
        }

        return total <= Math.Max(compressedBytes, 1) * MaxCompressionRatio;
    }

    /// <summary>Plain text: valid UTF-8 with no NUL or other binary control characters.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> sample, bool complete)
    {
        if (sample.IsEmpty)
        {
            return false;
        }

        foreach (var b in sample)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) || b == 0x7F)
            {
                return false;
            }
        }

        // A multi-byte character may be cut at the end of a partial sample: allow up to 3 trailing bytes.
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (var trim = 0; trim <= (complete ? 0 : 3) && trim < sample.Length; trim++)
        {
            try
            {
                decoder.GetCharCount(sample[..^trim]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return false;
    }
}

/// <summary>Evidence file names: kept for display and download, never used as storage paths.</summary>
public static class EvidenceFileNames
{
    public const int MaxLength = 120;

    /// <summary>A safe display name, or null with the reason the name is refused.</summary>
    public static (string? Name, string? Error) Sanitise(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return (null, "The file needs a name.");
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.Contains("..", StringComparison.Ordinal))
        {
            return (null, "The file name must not contain a path ('/', '\\' or '..').");
        }

        // Control and format characters (e.g. a right-to-left override that shows "cod.exe" as "exe.doc") are removed.
        var cleaned = new string(fileName.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format
            && "<>:\"|?*".IndexOf(c, StringComparison.Ordinal) < 0).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            return (null, "The file name has no usable characters.");
        }

        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(MaxLength - extension.Length)] + extension;
        }

        return (cleaned, null);
    }
}
