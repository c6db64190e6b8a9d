using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Revalidation.Store.Tests.Standins;

/// <summary>
/// A local stand-in for an Azure service (the Cosmos-compatible server, Azurite), run by Node from the packages
/// pinned in tests/azure-standins (installed by <c>npm ci</c> there; tests/run.sh does it). Started on a free
/// loopback port, awaited until it says it is ready, stopped (with its process tree) on dispose. If it cannot
/// start, the fixture fails loudly with what it printed: no test silently falls back to something else.
/// </summary>
public sealed class LocalServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder output = new();

    private LocalServerProcess(Process process) => this.process = process;

    public int Port { get; private init; }

    /// <summary>Starts <c>node script args</c> (the script relative to tests/azure-standins) and waits for <paramref name="readyText"/> in its output.</summary>
    public static LocalServerProcess Start(string script, Func<int, IEnumerable<string>> arguments, string readyText)
    {
        var standins = Path.Combine(RepositoryRoot(), "tests", "azure-standins");
        var scriptPath = Path.Combine(standins, script);
        if (!File.Exists(scriptPath) || !System.IO.Directory.Exists(Path.Combine(standins, "node_modules")))
        {
            throw new InvalidOperationException(
                $"The local stand-in '{script}' is not installed. Run 'npm ci' in tests/azure-standins (tests/run.sh does this) and try again.");
        }

        var port = FreePort();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = standins,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments(port))
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new LocalServerProcess(process) { Port = port };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server.output)
            {
                server.output.AppendLine(e.Data);
            }

            if (e.Data.Contains(readyText, StringComparison.OrdinalIgnoreCase))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"'{script}' exited with code {process.ExitCode} before it was ready:\n{server.Output}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start node for '{script}'.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ready.Task.Wait(StartTimeout);
            if (!ready.Task.IsCompletedSuccessfully)
            {
                throw new TimeoutException($"'{script}' did not say it was ready within {StartTimeout.TotalSeconds} s:\n{server.Output}");
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        process.Dispose();
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the folder of Revalidation.sln) was not found above the test binaries.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
