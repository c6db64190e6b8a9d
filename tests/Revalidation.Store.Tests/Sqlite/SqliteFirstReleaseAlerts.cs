using System.Globalization;
using Microsoft.Data.Sqlite;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>Writes an alert row as the first release did: the string kind and the free-text detail in their columns.</summary>
public sealed class SqliteFirstReleaseAlerts(SqliteDatabaseFixture database) : IFirstReleaseAlerts
{
    public async Task StoreAsync(DesignatedBodyCode body, FirstReleaseAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO alerts (key, designated_body, doctor_id, recipient, kind, due_on, created_at, state, detail, refers_to, attempts, version)
            VALUES ($key, $body, $doctor, $recipient, $kind, $due, $created, 'Pending', $detail, $refers, 0, 1)
            """;
        command.Parameters.AddWithValue("$key", alert.Key);
        command.Parameters.AddWithValue("$body", body.Value);
        command.Parameters.AddWithValue("$doctor", alert.DoctorId is { } id ? id.ToString("D") : DBNull.Value);
        command.Parameters.AddWithValue("$recipient", alert.Recipient.ToString());
        command.Parameters.AddWithValue("$kind", alert.Kind);
        command.Parameters.AddWithValue("$due", alert.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$created", TestData.Now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$detail", (object?)alert.Detail ?? DBNull.Value);
        command.Parameters.AddWithValue("$refers", alert.RefersTo is { } refers ? refers.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
