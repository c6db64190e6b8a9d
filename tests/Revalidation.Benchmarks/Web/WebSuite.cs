using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Revalidation.Benchmarks.Api;
using Revalidation.Benchmarks.Reporting;
using static System.FormattableString;

namespace Revalidation.Benchmarks.Web;

/// <summary>
/// The web UI in headless Chromium (docs/domain.md#roles0, issue 8): the compressed transfer size of the first load, and the
/// time until My revalidation and the caseload of a 5,000-doctor body show their content. The Server is published
/// (`dotnet publish`: the UI trimmed, with Brotli/gzip copies) and run as its own process over a database the bench
/// seeds, as a deployment would run it.
/// </summary>
internal static class WebSuite
{
    public const string Title = "Web UI (headless Chromium, published Server)";

    private const long FirstLoadTargetBytes = 3L * 1024 * 1024;
    private static readonly TimeSpan RenderTarget = TimeSpan.FromSeconds(2);
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static async Task<SuiteReport> RunAsync(BenchSettings settings, TextWriter log)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("The web bench needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium).");
        }

        var root = BenchmarksDocument.FindRepositoryRoot();
        var publish = Path.Combine(Path.GetTempPath(), "revalidation-bench-web", Guid.NewGuid().ToString("N"));
        log.WriteLine("  publishing the Server with the UI (trimmed, compressed)…");
        await RunAsync("dotnet", ["publish", Path.Combine(root, "src", "Revalidation.Server", "Revalidation.Server.csproj"), "-c", "Release", "-o", publish, "--nologo", "-v:q"], root);
        UseDemoSignIn(publish);

        using var seeded = new BenchServer(settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });
        var mix = await LargeBody.SeedAsync(seeded, settings.Doctors);
        log.WriteLine(Invariant($"  seeded {mix.Describe()} in {mix.SeedTime.TotalSeconds:0.0} s"));

        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var server = StartServer(publish, url, seeded.DatabasePath, Path.Combine(publish, "bench-evidence"));
        try
        {
            await WaitForAsync(url, server);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });

            var firstLoad = await MeasureFirstLoadAsync(browser, url);
            log.WriteLine(Invariant($"  first load: {firstLoad.TransferBytes / 1024.0 / 1024:0.00} MB transferred ({firstLoad.DecodedBytes / 1024.0 / 1024:0.00} MB decoded) in {firstLoad.Requests} requests, sign-in shown after {firstLoad.Time.TotalMilliseconds:0} ms"));
            var repeats = settings.Quick ? 3 : 10;
            var doctor = await MeasureRenderAsync(browser, url, "doctor", "my-revalidation", "[data-testid=checklist]", repeats);
            log.WriteLine($"  My revalidation: {doctor.Describe()}");
            var caseload = await MeasureRenderAsync(browser, url, "ro", "caseload", "[data-testid=caseload-table] tbody tr", repeats);
            log.WriteLine($"  caseload: {caseload.Describe()}");

            var results = new List<BenchResult>
            {
                new("First load, compressed transfer", Invariant($"{firstLoad.TransferBytes / 1024.0 / 1024:0.00} MB in {firstLoad.Requests} requests ({firstLoad.DecodedBytes / 1024.0 / 1024:0.00} MB decoded)"),
                    "< 3 MB", firstLoad.TransferBytes < FirstLoadTargetBytes),
                new("My revalidation, first meaningful render", doctor.Describe(), "< 2 s", doctor.Median < RenderTarget && doctor.First < RenderTarget),
                new(Invariant($"Caseload of {settings.Doctors:N0} doctors, first meaningful render"), caseload.Describe(), "< 2 s", caseload.Median < RenderTarget && caseload.First < RenderTarget),
            };
            return new SuiteReport(Title, results, Markdown(results, firstLoad, mix, repeats));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            TryDelete(publish);
        }
    }

    private sealed record FirstLoad(long TransferBytes, long DecodedBytes, int Requests, TimeSpan Time, IReadOnlyList<(string Name, long Transfer)> Largest);

    private sealed record Render(TimeSpan First, TimeSpan Median, TimeSpan Max, int Repeats)
    {
        public string Describe() => Invariant($"first (cold) {First.TotalMilliseconds:0} ms; reload with the browser cache: median {Median.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms (n = {Repeats})");
    }

    /// <summary>A new browser profile opens the site: every byte of the first load, as the Resource Timing API counts it.</summary>
    private static async Task<FirstLoad> MeasureFirstLoadAsync(IBrowser browser, string url)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/");
        await page.Locator("button[data-persona]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var time = clock.Elapsed;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var json = await page.EvaluateAsync<string>(
            "() => JSON.stringify(performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => ({ name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize })))");
        var entries = System.Text.Json.JsonSerializer.Deserialize<ResourceEntry[]>(json, Json)!;
        return new FirstLoad(entries.Sum(e => (long)e.Transfer), entries.Sum(e => (long)e.Decoded), entries.Length, time,
            entries.OrderByDescending(e => e.Transfer).Take(5).Select(e => (new Uri(e.Name).AbsolutePath, (long)e.Transfer)).ToList());
    }

    /// <summary>Sign in as the persona, then open the page (cold) and reload it n times: until its content is on screen.</summary>
    private static async Task<Render> MeasureRenderAsync(IBrowser browser, string url, string persona, string path, string content, int repeats)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/");
        await page.Locator($"button[data-persona={persona}]").ClickAsync();
        await page.Locator("h1").WaitForAsync();

        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/" + path);
        await page.Locator(content).First.WaitForAsync();
        var first = clock.Elapsed;
        var times = new List<TimeSpan>();
        for (var i = 0; i < repeats; i++)
        {
            clock.Restart();
            await page.ReloadAsync();
            await page.Locator(content).First.WaitForAsync();
            times.Add(clock.Elapsed);
        }

        times.Sort();
        return new Render(first, times[times.Count / 2], times[^1], repeats);
    }

    private static string Markdown(IReadOnlyList<BenchResult> results, FirstLoad firstLoad, BodyMix mix, int repeats)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineInfo.Read()}."));
        md.AppendLine();
        md.AppendLine("How: `dotnet publish` of the Server (the UI trimmed, every asset with Brotli and gzip copies), run as its own process on 127.0.0.1 in Development (demo sign-in) "
            + Invariant($"over a SQLite file the bench seeded with {mix.Describe()}; Debian's Chromium, headless, through Playwright, on the same 2 cores. ")
            + "Transfer size: the Resource Timing API's `transferSize` of the page and every resource of a new browser profile's first load, until the sign-in page shows and the network is idle. "
            + Invariant($"Render: from navigation until the page's content is on screen (My revalidation: the checklist; caseload: the first table row of 25), first cold after sign-in, then {repeats} reloads with the browser's cache (the WebAssembly files cached, the API called each time)."));
        md.AppendLine();
        md.AppendLine("| scenario | figures | target | result |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine($"| {r.Scenario} | {r.Figures} | {r.Target} | {r.Verdict} |");
        }

        md.AppendLine();
        md.AppendLine("Largest transfers of the first load: " + string.Join(", ", firstLoad.Largest.Select(l => Invariant($"`{l.Name}` {l.Transfer / 1024.0:0} KB"))) + ".");
        return md.ToString();
    }

    /// <summary>
    /// The published UI signs in with Entra ID (appsettings.Production.json, which a published build loads); the bench
    /// writes the demo sign-in into that file instead (the loader fetches it without an integrity hash) and drops its
    /// precompressed copies.
    /// </summary>
    private static void UseDemoSignIn(string publish)
    {
        var production = Path.Combine(publish, "wwwroot", "appsettings.Production.json");
        File.WriteAllText(production, """{ "ApiBaseUrl": "", "Auth": { "Mode": "Demo" } }""");
        File.Delete(production + ".br");
        File.Delete(production + ".gz");
    }

    private static Process StartServer(string publish, string url, string database, string evidence)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(publish, "Revalidation.Server.dll")])
        {
            WorkingDirectory = publish,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["Store__Sqlite__ConnectionString"] = $"Data Source={database}";
        start.Environment["Evidence__Folder__Path"] = evidence;
        start.Environment["Alerts__Pickup__Path"] = Path.Combine(publish, "bench-mail");
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The published Server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(string url, Process server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The published Server exited with code {server.ExitCode}.");
            }

            try
            {
                var token = await http.PostAsJsonAsync("api/demo/token", new { persona = "ro" });
                if (token.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("The published Server did not answer within 2 minutes.");
    }

    private static async Task RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder
        }
        catch (UnauthorizedAccessException)
        {
            // a temp folder
        }
    }

    private sealed record ResourceEntry(string Name, double Transfer, double Decoded);
}
