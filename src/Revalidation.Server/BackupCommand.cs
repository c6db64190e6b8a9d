using Microsoft.Data.Sqlite;
using Revalidation.Infrastructure.Backup;

namespace Revalidation.Server;

/// <summary>
/// <c>dotnet run --project src/Revalidation.Server -- backup FOLDER</c> backs up the embedded store and the evidence folder
/// (safe while the Server runs); <c>… -- restore FOLDER</c> restores a backup into the configured places, which must be
/// empty (stop the Server first). Both read the same configuration as the Server (Store:Sqlite:ConnectionString,
/// Evidence:Folder:Path), relative to the project folder as <c>dotnet run</c> starts it.
/// </summary>
internal static class BackupCommand
{
    public static async Task<int?> TryRunAsync(string[] args, IConfiguration configuration, string contentRoot)
    {
        if (args is not [("backup" or "restore") and var verb, var folder, ..])
        {
            return null;
        }

        var connection = new SqliteConnectionStringBuilder(configuration["Store:Sqlite:ConnectionString"] ?? "Data Source=data/revalidation.db");
        var database = Path.GetFullPath(connection.DataSource, contentRoot);
        var evidence = Path.GetFullPath(configuration["Evidence:Folder:Path"] ?? "data/evidence", contentRoot);
        try
        {
            var result = verb == "backup"
                ? await EmbeddedBackup.BackupAsync(database, evidence, Path.GetFullPath(folder))
                : await EmbeddedBackup.RestoreAsync(Path.GetFullPath(folder), database, evidence);
            Console.WriteLine($"{(verb == "backup" ? "Backed up" : "Restored")}: the database and {result.EvidenceFiles} evidence file{(result.EvidenceFiles == 1 ? string.Empty : "s")} ({result.Folder}).");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or SqliteException)
        {
            Console.Error.WriteLine($"{verb} failed: {e.Message}");
            return 1;
        }
    }
}
