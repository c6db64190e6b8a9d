using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Revalidation.Infrastructure.Backup;

/// <summary>What a backup or a restore copied.</summary>
public sealed record BackupResult(string Folder, long DatabaseBytes, int EvidenceFiles, long EvidenceBytes);

/// <summary>
/// Backup and restore of the embedded store (docs/decisions/0002-sqlite-embedded-store.md) while the Server runs: SQLite's
/// online backup API copies a consistent snapshot of the database, then the evidence folder is copied. Evidence files are
/// written once under new keys and never changed, so every file the snapshot refers to is there; a file written after the
/// snapshot is an unreferenced extra, never a missing one. A half-written upload (".incoming") is never copied. A restore
/// goes only into an empty place and writes a manifest of hashes it checks, so a damaged backup is refused, not half-used.
/// </summary>
public static class EmbeddedBackup
{
    public const string DatabaseFile = "revalidation.db";
    public const string EvidenceFolder = "evidence";
    public const string ManifestFile = "manifest.sha256";

    public static async Task<BackupResult> BackupAsync(string databasePath, string evidencePath, string destination, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException("The backup folder must be new or empty.");
        }

        Directory.CreateDirectory(destination);
        var databaseCopy = Path.Combine(destination, DatabaseFile);
        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString()))
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseCopy, Pooling = false }.ToString()))
        {
            await source.OpenAsync(cancellationToken);
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
        }

        SqliteConnection.ClearAllPools();
        var (files, bytes) = await CopyEvidenceAsync(evidencePath, Path.Combine(destination, EvidenceFolder), cancellationToken);
        await WriteManifestAsync(destination, cancellationToken);
        return new BackupResult(destination, new FileInfo(databaseCopy).Length, files, bytes);
    }

    /// <summary>Restores a backup into an empty place (never over live data): checks every hash first, then copies.</summary>
    public static async Task<BackupResult> RestoreAsync(string backup, string databasePath, string evidencePath, CancellationToken cancellationToken = default)
    {
        if (File.Exists(databasePath) || (Directory.Exists(evidencePath) && Directory.EnumerateFileSystemEntries(evidencePath).Any()))
        {
            throw new IOException("Restore goes into a new place: the database file or the evidence folder already holds data. Stop the Server and move them aside first.");
        }

        await VerifyManifestAsync(backup, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        File.Copy(Path.Combine(backup, DatabaseFile), databasePath);
        var (files, bytes) = await CopyEvidenceAsync(Path.Combine(backup, EvidenceFolder), evidencePath, cancellationToken);
        return new BackupResult(backup, new FileInfo(databasePath).Length, files, bytes);
    }

    private static async Task<(int Files, long Bytes)> CopyEvidenceAsync(string from, string to, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from))
        {
            return (0, 0);
        }

        var (files, bytes) = (0, 0L);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".incoming", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                await input.CopyToAsync(output, cancellationToken);
            }

            files++;
            bytes += new FileInfo(target).Length;
        }

        return (files, bytes);
    }

    private static async Task WriteManifestAsync(string folder, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            lines.Add($"{await HashAsync(file, cancellationToken)}  {Path.GetRelativePath(folder, file).Replace('\\', '/')}");
        }

        await File.WriteAllLinesAsync(Path.Combine(folder, ManifestFile), lines, cancellationToken);
    }

    private static async Task VerifyManifestAsync(string folder, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifest))
        {
            throw new InvalidDataException("The backup has no manifest: it is incomplete.");
        }

        foreach (var line in await File.ReadAllLinesAsync(manifest, cancellationToken))
        {
            var hash = line[..64];
            var path = Path.Combine(folder, line[66..]);
            if (!File.Exists(path) || await HashAsync(path, cancellationToken) != hash)
            {
                throw new InvalidDataException($"The backup is damaged: {line[66..]} is missing or changed.");
            }
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
