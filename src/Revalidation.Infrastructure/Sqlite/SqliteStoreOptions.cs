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
