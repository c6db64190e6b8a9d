using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Revalidation.Infrastructure.Backup;

namespace Revalidation.Api.Tests;

/// <summary>Backup while the Server runs, restore into a fresh folder: every row of every table and every file, identical.</summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Backup_WhileTheServerRuns_ThenRestoreIntoAFreshFolder_GivesIdenticalRecordsAndFiles()
    {
        var root = Path.Combine(Path.GetTempPath(), "revalidation-tests", Guid.NewGuid().ToString("N"));
        var live = Path.Combine(root, "live");
        var backup = Path.Combine(root, "backup");
        var restored = Path.Combine(root, "restored");
        try
        {
            await using var factory = ApiFactory.Over(live, keepData: true);
            var doctor = await TestDoctors.CreateAsync(factory, rsdInDays: 400);
            using (var client = factory.ClientFor(doctor))
            {
                using var upload = await client.UploadAsync(doctor.Id, Files.Cpd(factory.Today.AddDays(-1), "certificate.pdf", Uploads.Pdf("backup")));
                upload.EnsureSuccessStatusCode();
            }

            var result = await EmbeddedBackup.BackupAsync(Path.Combine(live, EmbeddedBackup.DatabaseFile), Path.Combine(live, "evidence"), backup);
            Assert.True(result.EvidenceFiles >= 1);

            await EmbeddedBackup.RestoreAsync(backup, Path.Combine(restored, EmbeddedBackup.DatabaseFile), Path.Combine(restored, "evidence"));

            Assert.Equal(await DumpAsync(Path.Combine(live, EmbeddedBackup.DatabaseFile)), await DumpAsync(Path.Combine(restored, EmbeddedBackup.DatabaseFile)));
            Assert.Equal(Hashes(Path.Combine(live, "evidence")), Hashes(Path.Combine(restored, "evidence")));
            await Assert.ThrowsAsync<IOException>(() => EmbeddedBackup.RestoreAsync(backup, Path.Combine(restored, EmbeddedBackup.DatabaseFile), Path.Combine(restored, "evidence")));

            // A damaged backup is refused before anything is written.
            var evidenceFile = Directory.EnumerateFiles(Path.Combine(backup, "evidence"), "*", SearchOption.AllDirectories).First();
            await File.AppendAllTextAsync(evidenceFile, "x");
            await Assert.ThrowsAsync<InvalidDataException>(() => EmbeddedBackup.RestoreAsync(backup, Path.Combine(root, "again", EmbeddedBackup.DatabaseFile), Path.Combine(root, "again", "evidence")));
            Assert.False(File.Exists(Path.Combine(root, "again", EmbeddedBackup.DatabaseFile)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Every table's rows, in order, as text.</summary>
    private static async Task<List<string>> DumpAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(table + ":" + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
