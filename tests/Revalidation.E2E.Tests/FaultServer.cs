using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The real local Server as a child process over a data folder the test owns, for the fault tests: it can be killed
/// (SIGKILL on Linux: no shutdown code runs) and started again over the same folder. Unlike <see cref="ServerFixture"/>
/// it needs no browser. The SQLite file is read with Microsoft.Data.Sqlite only while no Server is running.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly StringBuilder log = new();
    private readonly Process process;

    private FaultServer(string dataFolder, Process process, Uri baseUrl)
    {
        DataFolder = dataFolder;
        this.process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string DataFolder { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static string DatabasePath(string dataFolder) => Path.Combine(dataFolder, "revalidation.db");

    public static string EvidenceFolder(string dataFolder) => Path.Combine(dataFolder, "evidence");

    /// <summary>Starts the Server over <paramref name="dataFolder"/> and waits until it serves the demo caseload.</summary>
    public static async Task<FaultServer> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configuration = typeof(FaultServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;
        var serverProject = Path.Combine(ServerFixture.RepoRoot, "src", "Revalidation.Server");
        var serverDll = Path.Combine(serverProject, "bin", configuration, "net10.0", "Revalidation.Server.dll");
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException($"The Server is not built: {serverDll} is missing.");
        }

        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [serverDll])
        {
            WorkingDirectory = serverProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["Store__Sqlite__ConnectionString"] = $"Data Source={DatabasePath(dataFolder)}";
        start.Environment["Evidence__Folder__Path"] = EvidenceFolder(dataFolder);
        start.Environment["Alerts__Pickup__Path"] = Path.Combine(dataFolder, "mail");
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["RateLimits__SignIn__PermitLimit"] = "100000";
        start.Environment["RateLimits__Api__PermitLimit"] = "1000000";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The Server process did not start.");
        var server = new FaultServer(dataFolder, process, baseUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>SIGKILL (on Linux) to the Server and anything it started, then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async Task<string> TokenAsync(string persona)
    {
        var response = await Http.PostAsJsonAsync("api/demo/token", new { persona });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async Task<JsonElement> GetJsonAsync(string token, string path)
    {
        using var request = Request(HttpMethod.Get, path, token);
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
    }

    /// <summary>SQLite's own check of every page and index: "ok" or the list of what is wrong.</summary>
    public static string IntegrityCheck(string dataFolder)
    {
        using var connection = Open(dataFolder);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var lines = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("\n", lines);
    }

    /// <summary>A connection of the test's own (not pooled, so the file is released at once) to the Server's database.</summary>
    public static SqliteConnection Open(string dataFolder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath(dataFolder), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Server exited with code {process.ExitCode}:\n{Log()}");
            }

            try
            {
                if ((await Http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    var caseload = await GetJsonAsync(await TokenAsync("ro"), "api/caseload?pageSize=1");
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
            catch (InvalidOperationException) when (!process.HasExited)
            {
                // Listening, not yet seeded.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The Server did not become ready within {StartTimeout.TotalMinutes} minutes:\n{Log()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
