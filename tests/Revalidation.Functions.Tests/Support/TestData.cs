using System.Security.Cryptography;

namespace Revalidation.Functions.Tests.Support;

/// <summary>A temporary folder for one host's data (SQLite file and evidence folder), deleted afterwards.</summary>
public sealed class TempData : IDisposable
{
    public TempData(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), $"revalidation-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string DatabaseFile => Path.Combine(Root, "revalidation.db");

    public string EvidenceFolder => Path.Combine(Root, "evidence");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on this machine; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The configuration both hosts run with, apart from where their data lives.</summary>
public static class TestSettings
{
    /// <summary>A fixed demo signing key (base64 of 32 bytes), so a token issued for one host is valid on the other.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(SHA256.HashData("revalidation functions tests"u8));

    public const string Environment = "Development";

    public static Dictionary<string, string?> For(TempData data) => new()
    {
        ["Store:Provider"] = "Sqlite",
        ["Store:Sqlite:ConnectionString"] = $"Data Source={data.DatabaseFile}",
        ["Evidence:Provider"] = "Folder",
        ["Evidence:Folder:Path"] = data.EvidenceFolder,
        ["Auth:Mode"] = "Demo",
        ["Auth:Demo:SigningKey"] = SigningKey,

        // The demo directory (an ESR-style CSV, copied with the Server's output) that the demo seeder imports.
        ["Directory:Sources:demo:Kind"] = "File",
        ["Directory:Sources:demo:DesignatedBody"] = "1-DEMO01",
        ["Directory:Sources:demo:File:Path"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.csv"),
    };
}
