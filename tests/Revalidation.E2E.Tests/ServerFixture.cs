using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The real local Server (built with this project) as a child process on a free loopback port with a fresh data folder,
/// and Debian's Chromium driven by Playwright. Fails loudly when either cannot start: there is no fallback.
/// A derived fixture passes configuration of its own (environment variables, e.g. other "Revalidation:Rules").
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly StringBuilder log = new();
    private readonly IReadOnlyDictionary<string, string> settings;
    private Process? server;
    private string? dataFolder;

    public ServerFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Server configuration as environment variables ("Revalidation__Rules__DeferralMinDays").</param>
    protected ServerFixture(IReadOnlyDictionary<string, string> settings) => this.settings = settings;

    public Uri BaseUrl { get; private set; } = default!;

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public HttpClient Http { get; private set; } = default!;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Screenshots { get; } = Path.Combine(RepoRoot, ".test-results", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Install Debian's package: apt-get install -y chromium (tests/run.sh does).");
        }

        // Expectations wait up to 15 s (Playwright's default is 5): on a loaded two-core CI machine the WebAssembly app can
        // take longer than 5 s to start. A wait is a ceiling, not a timing assertion; a passing expectation returns at once.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000);

        var configuration = typeof(ServerFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;
        var serverProject = Path.Combine(RepoRoot, "src", "Revalidation.Server");
        var serverDll = Path.Combine(serverProject, "bin", configuration, "net10.0", "Revalidation.Server.dll");
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException($"The Server is not built: {serverDll} is missing.");
        }

        dataFolder = Directory.CreateTempSubdirectory("revalidation-e2e-").FullName;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [serverDll])
        {
            WorkingDirectory = serverProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = BaseUrl.ToString().TrimEnd('/');
        start.Environment["Store__Sqlite__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "revalidation.db")}";
        start.Environment["Evidence__Folder__Path"] = Path.Combine(dataFolder, "evidence");
        start.Environment["Alerts__Pickup__Path"] = Path.Combine(dataFolder, "mail");
        start.Environment["Jobs__Enabled"] = "false";
        // The browser tests sign in far faster than a person; the Api tests prove the default limits.
        start.Environment["RateLimits__SignIn__PermitLimit"] = "100000";
        start.Environment["RateLimits__Api__PermitLimit"] = "1000000";
        // Most browser tests submit and look at the result at once: no cooling-off hold unless a fixture sets one (BatchUiTests).
        start.Environment["Revalidation__Recommendations__Hold"] = "00:00:00";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        server = Process.Start(start) ?? throw new InvalidOperationException("The Server process did not start.");
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        Http = new HttpClient { BaseAddress = BaseUrl };
        await WaitForSeededServerAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        Http?.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        if (dataFolder is not null)
        {
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the exiting process; the temp folder is cleaned by the OS.
            }
        }
    }

    private readonly List<string> cspViolations = [];

    /// <summary>What the browser reported as refused by the Server's Content-Security-Policy, on any page so far.</summary>
    public IReadOnlyList<string> CspViolations()
    {
        lock (cspViolations)
        {
            return [.. cspViolations];
        }
    }

    /// <summary>A new browser context (its own session storage) with a phone- or desktop-sized page.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (cspViolations)
                {
                    cspViolations.Add(message.Text);
                }
            }
        };
        return page;
    }

    /// <summary>A bearer token for a persona, for the test's own API calls (to choose data and to check what was saved).</summary>
    public async Task<string> TokenAsync(string persona)
    {
        var response = await Http.PostAsJsonAsync("api/demo/token", new { persona });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string persona, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", await TokenAsync(persona));
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public string ServerLog()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private async Task WaitForSeededServerAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"The Server exited with code {server.ExitCode}:\n{ServerLog()}");
            }

            try
            {
                if ((await Http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    var caseload = await GetJsonAsync("ro", "api/caseload?pageSize=1");
                    if (caseload.GetProperty("total").GetInt32() > 0)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The Server did not become ready with demo data within 2 minutes:\n{ServerLog()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Revalidation.sln not found above the test folder.");
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "Server and browser";
}
