using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Revalidation.Benchmarks.Api;

/// <summary>One evidence upload through the API: multipart, the file part streamed from a generated PDF.</summary>
internal static class EvidenceUpload
{
    public const long MiB = 1024 * 1024;

    private static int uploads;

    public static async Task<MemoryCost> MeasureAsync(HttpClient client, string doctorToken, Guid doctorId, long fileBytes, DateOnly today)
    {
        var seed = Interlocked.Increment(ref uploads);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("ContinuingProfessionalDevelopment"), "type");
        form.Add(new StringContent($"Course certificate {seed}"), "title");
        form.Add(new StringContent(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "activityDate");
        form.Add(new StringContent("1"), "cpdCredits");
        var file = new StreamContent(new GeneratedPdfStream(fileBytes, seed), 64 * 1024);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"certificate-{seed}.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/doctors/{doctorId}/evidence") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", doctorToken);

        string? failure = null;
        var cost = await MemorySampler.MeasureAsync(async () =>
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                failure = $"{(int)response.StatusCode}: {body}";
            }
            else if (!body.Contains($"\"sizeBytes\":{fileBytes}", StringComparison.Ordinal))
            {
                failure = $"the stored file is not {fileBytes} bytes: {body}";
            }
        });
        return failure is null ? cost : throw new InvalidOperationException($"Upload of {fileBytes} bytes failed: {failure}");
    }

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.00} MB");

    public static string Describe(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB} MB ({bytes:N0} bytes)");

}
