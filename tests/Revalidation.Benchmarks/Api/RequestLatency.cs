using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Revalidation.Benchmarks.Reporting;

namespace Revalidation.Benchmarks.Api;

/// <summary>One GET as a given caller, and a check that its answer is the real thing (not an error or an empty page).</summary>
internal sealed record LatencyCase(string Name, string Caller, string Token, string Path, Func<JsonElement, string?> Check);

internal sealed record LatencyMeasurement(LatencyCase Case, Latency Latency, long ResponseBytes);

/// <summary>
/// A hand-written measured loop: one client, requests one after another, each timed from sending until the
/// whole body has been read. Warm-up requests first (<see cref="WarmUpAsync"/>), so that JIT, connection set-up and caches are not measured.
/// </summary>
internal static class RequestLatency
{
    /// <summary>Requests not timed; the first one's answer is checked.</summary>
    public static async Task WarmUpAsync(HttpClient client, LatencyCase @case, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            await SendAsync(client, @case, check: i == 0);
        }
    }

    public static async Task<LatencyMeasurement> MeasureAsync(HttpClient client, LatencyCase @case, int requests)
    {
        var samples = new double[requests];
        long bytes = 0;
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = (await SendAsync(client, @case, check: false)).Length;
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return new LatencyMeasurement(@case, new Latency(samples), bytes);
    }

    private static async Task<byte[]> SendAsync(HttpClient client, LatencyCase @case, bool check)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, @case.Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", @case.Token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{@case.Path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        if (check)
        {
            using var json = JsonDocument.Parse(body);
            if (@case.Check(json.RootElement) is { } problem)
            {
                throw new InvalidOperationException($"{@case.Path}: {problem}");
            }
        }

        return body;
    }
}
