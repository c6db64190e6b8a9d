using System.IO.Compression;
using Revalidation.Core.Evidence;

namespace Revalidation.Core.Tests.Evidence;

/// <summary>Evidence files that attack the reader: a zip bomb dressed as a document, names that lie about their type.</summary>
public class UploadSafetyTests
{
    private static byte[] Docx(long fillerBytes)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }

            using var filler = zip.CreateEntry("word/media/filler.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < fillerBytes; written += zeros.Length)
            {
                filler.Write(zeros, 0, (int)Math.Min(zeros.Length, fillerBytes - written));
            }
        }

        return memory.ToArray();
    }

    [Fact]
    public async Task DetectAsync_WhenADocumentExpandsFarBeyondItsSize_IsNotAccepted_ButAnOrdinaryDocumentIs()
    {
        var bomb = Docx(300L * 1024 * 1024);
        var ordinary = Docx(1024);

        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is small on the wire ({bomb.Length} bytes)");
        Assert.Null(await EvidenceFileTypes.DetectAsync(new MemoryStream(bomb)));
        Assert.Equal(EvidenceFileKind.Docx, await EvidenceFileTypes.DetectAsync(new MemoryStream(ordinary)));
    }

    [Theory]
    [InlineData("report\u202Efdp.exe", "reportfdp.exe")]
    [InlineData("cv\u200B.pdf", "cv.pdf")]
    [InlineData("notes\u0007.txt", "notes.txt")]
    public void Sanitise_RemovesControlAndFormatCharacters(string name, string expected) =>
        Assert.Equal(expected, EvidenceFileNames.Sanitise(name).Name);
}
