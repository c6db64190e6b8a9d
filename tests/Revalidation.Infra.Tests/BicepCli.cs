using System.Diagnostics;
using System.Reflection;

namespace Revalidation.Infra.Tests;

/// <summary>The bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package (a PackageDownload), run on the repository's infra/.</summary>
public static class BicepCli
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string InfraFolder => Path.Combine(RepositoryRoot, "infra");

    public static string MainTemplate => Path.Combine(InfraFolder, "main.bicep");

    public static string Executable
    {
        get
        {
            var path = Metadata("BicepPath");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The bicep CLI is not at {path}: restore the Revalidation.Infra.Tests project (it downloads Azure.Bicep.CommandLine.linux-x64).");
            }

            // NuGet does not always keep the execute bit of a package's files. (The package is the linux-x64 build.)
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("The infrastructure tests run the linux-x64 bicep CLI.");
            }

            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            return path;
        }
    }

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InfraFolder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, and no attempt to reach a registry (local modules only).
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
