using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded store ("Store:Sqlite"). A relative <c>Data Source</c> is taken from the host's content root,
/// and its folder is created when missing; the file survives restarts.
/// </summary>
public sealed class SqliteStoreOptions : IValidatableObject
{
    public const string Section = "Store:Sqlite";

    public const string DefaultConnectionString = "Data Source=data/revalidation.db";

    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>How long a writer waits for another connection's (or process's) write lock before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many doctors' summaries the store keeps in memory between caseload reads, over all designated
    /// bodies (0, the default: none). With it, a read asks the file only which rows changed since the last
    /// (one index lookup) and deserialises just those; a body larger than this is never kept. For hosts that
    /// read the same bodies' lists again and again (the API); a host that reads each body once (a scan) gains nothing.
    /// </summary>
    [Range(0, 10_000_000)]
    public int SummaryCacheDoctors { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield break; // [Required] reports it.
        }

        var builder = TryParse(ConnectionString);
        if (builder is null)
        {
            yield return new ValidationResult("The SQLite connection string cannot be parsed.", [nameof(ConnectionString)]);
        }
        else if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            yield return new ValidationResult("The SQLite connection string needs a Data Source (the database file).", [nameof(ConnectionString)]);
        }
    }

    private static SqliteConnectionStringBuilder? TryParse(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
