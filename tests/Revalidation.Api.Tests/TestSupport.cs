using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revalidation.Api.Tests;

public static class TestJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}

/// <summary>Multipart evidence uploads, and small files of each kind built from their real signatures.</summary>
public static class Uploads
{
    public static MultipartFormDataContent Form(string? type, string? title, DateOnly? activityDate, string? fileName, byte[]? file, IDictionary<string, string>? extra = null)
    {
        var form = new MultipartFormDataContent();
        if (type is not null)
        {
            form.Add(new StringContent(type), "type");
        }

        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        if (activityDate is { } date)
        {
            form.Add(new StringContent(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "activityDate");
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), key);
        }

        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", fileName ?? "file.bin");
        }

        return form;
    }

    /// <summary>A minimal, valid one-page PDF; <paramref name="marker"/> makes its hash unique.</summary>
    public static byte[] Pdf(string marker = "") =>
        Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% {marker} {Guid.NewGuid()}\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. Encoding.ASCII.GetBytes("IHDR"), 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89];
}
