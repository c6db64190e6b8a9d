using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Sqlite;
using Revalidation.Store.Tests.Contract;
using Xunit.Abstractions;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>What is particular to the SQLite adapter: the file, its settings, its schema and its start-up.</summary>
public sealed class SqliteStoreTests(SqliteDatabaseFixture database, ITestOutputHelper output) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task Start_WhenNoConnectionStringIsConfigured_CreatesTheDefaultFileUnderTheContentRootInWalMode()
    {
        using var fresh = new SqliteDatabaseFixture();
        var defaultPath = Path.Combine(fresh.ContentRoot, "data", "revalidation.db");
        Assert.False(Directory.Exists(Path.GetDirectoryName(defaultPath)));

        int migrations;
        using (var host = await fresh.StartHostAsync(new Dictionary<string, string?>()))
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<RevalidationDbContext>>().CreateDbContextAsync();
            migrations = db.Database.GetMigrations().Count();
            await host.StopAsync();
        }

        Assert.True(File.Exists(defaultPath));
        await using var connection = new SqliteConnection($"Data Source={defaultPath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
        Assert.True(migrations > 0);
        Assert.Equal((long)migrations, await ScalarAsync<long>(connection, "SELECT count(*) FROM __EFMigrationsHistory;"));
    }

    [Fact]
    public async Task StoreConnections_WhenOpened_HaveTheBusyTimeoutAndForeignKeysOn()
    {
        using var host = await database.StartHostAsync();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<RevalidationDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();

        await db.Database.OpenConnectionAsync();

        var connection = db.Database.GetDbConnection();
        Assert.Equal(5_000L, await ScalarAsync<long>(connection, "PRAGMA busy_timeout;"));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenCreatedThenUpdated_ETagIsTheVersionNumber()
    {
        using var host = await database.StartHostAsync();
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var doctor = new DoctorBuilder(NewBodyCode()).Build();

        var created = await store.SaveDoctorAsync(doctor, []);
        Ok(doctor.Concerns.SetOpenLocalProcess(true));
        var updated = await store.SaveDoctorAsync(doctor, []);

        Assert.Equal(("1", "2"), (created.ETag, updated.ETag));
        Assert.Equal("2", (await store.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.ETag);
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenSaved_WritesTheQueryColumnsBesideTheDocumentAndSummary()
    {
        using var host = await database.StartHostAsync();
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var doctor = new DoctorBuilder(NewBodyCode()).Named("Ada", "Lovelace").InDepartment("Cardiology").WithRsd(new DateOnly(2026, 4, 30)).Build();
        Ok(doctor.MarkLeaver(Today));

        await store.SaveDoctorAsync(doctor, [Audit(doctor.DesignatedBody, doctor.Id, Admin, "doctor.created", Now)]);

        await using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT gmc_number, status, family_name, department, rsd, version, summary, document FROM doctors WHERE designated_body = $body AND id = $id";
        command.Parameters.AddWithValue("$body", doctor.DesignatedBody.Value);
        command.Parameters.AddWithValue("$id", doctor.Id.ToString("D"));
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(doctor.GmcNumber.Value, reader.GetString(0));
            Assert.Equal("Leaver", reader.GetString(1));
            Assert.Equal("Lovelace", reader.GetString(2));
            Assert.Equal("Cardiology", reader.GetString(3));
            Assert.Equal("2026-04-30", reader.GetString(4));
            Assert.Equal(1L, reader.GetInt64(5));
            using var summary = JsonDocument.Parse(reader.GetString(6));
            Assert.Equal(doctor.GmcNumber.Value, summary.RootElement.GetProperty("gmcNumber").GetString());
            using var document = JsonDocument.Parse(reader.GetString(7));
            Assert.Equal(doctor.Id, document.RootElement.GetProperty("id").GetGuid());
        }

        command.CommandText = "SELECT occurred_at FROM audit_events WHERE designated_body = $body";
        Assert.Equal(Now.ToUnixTimeMilliseconds(), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenAnotherConnectionHoldsTheWriteLock_WaitsForItAndThenSaves()
    {
        using var host = await database.StartHostAsync();
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var doctor = new DoctorBuilder(NewBodyCode()).Build();
        await using var other = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using var holdLock = other.CreateCommand();
        holdLock.CommandText = "BEGIN IMMEDIATE;";
        await holdLock.ExecuteNonQueryAsync();

        var save = Task.Run(() => store.SaveDoctorAsync(doctor, []));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var waitedForTheLock = !save.IsCompleted;
        holdLock.CommandText = "COMMIT;";
        await holdLock.ExecuteNonQueryAsync();

        Assert.True(waitedForTheLock);
        Assert.Equal(SaveStatus.Saved, (await save).Status);
    }

    [Theory]
    [InlineData("ConnectionString", "")]
    [InlineData("ConnectionString", "Data Source=")]
    [InlineData("ConnectionString", "Nonsense Keyword=1")]
    [InlineData("BusyTimeout", "00:00:00")]
    [InlineData("SummaryCacheDoctors", "-1")]
    public async Task Start_WhenOptionsAreInvalid_Fails(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Store:Sqlite:ConnectionString"] = SqliteDatabaseFixture.ConnectionString, [$"Store:Sqlite:{key}"] = value };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => database.StartHostAsync(settings));

        Assert.Equal(typeof(SqliteStoreOptions), error.OptionsType);
    }

    [Fact]
    public void Migrations_WhenComparedWithTheModel_HaveNoPendingChanges()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration (see DesignTimeDbContextFactory).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenTheBodyHas5000Doctors_ReadsOnlySummariesInOneQuery()
    {
        var logs = new CapturingLoggerProvider();
        using var host = await database.StartHostAsync(configure: b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Debug);
        });
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        await SeedAsync(host, code, 5_000);
        await store.ListDoctorSummariesAsync(code); // warm-up: query compilation, JIT

        logs.Entries.Clear();
        var clock = Stopwatch.StartNew();
        var summaries = await store.ListDoctorSummariesAsync(code);
        clock.Stop();

        Assert.Equal(5_000, summaries.Count);
        Assert.All(summaries, s => Assert.Equal(code, s.DesignatedBody));
        var command = Assert.Single(logs.Entries, e => e.EventId.Name?.EndsWith("CommandExecuted", StringComparison.Ordinal) == true).Message;
        Assert.Contains("\"summary\"", command, StringComparison.Ordinal);
        Assert.DoesNotContain("\"document\"", command, StringComparison.Ordinal);
        output.WriteLine($"5,000 summaries in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"5,000 summaries took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Logs_WhenSavesSucceedConflictOrDuplicate_ContainNoPersonalData()
    {
        var logs = new CapturingLoggerProvider();
        using var host = await database.StartHostAsync(configure: b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var doctor = new DoctorBuilder(NewBodyCode()).Named("Perpetua", "Quillfeather").Build();
        var email = doctor.Email!;
        await store.SaveDoctorAsync(doctor, []);
        var stale = (await store.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!;
        Ok(doctor.Concerns.SetOpenLocalProcess(true));
        await store.SaveDoctorAsync(doctor, []);
        Ok(stale.Concerns.SetGmcInvestigation(true));

        Assert.Equal(SaveStatus.Conflict, (await store.SaveDoctorAsync(stale, [])).Status);
        var duplicate = new DoctorBuilder(NewBodyCode()).WithGmcNumber(doctor.GmcNumber).Named("Perpetua", "Quillfeather").Build();
        Assert.Equal(SaveStatus.DuplicateGmcNumber, (await store.SaveDoctorAsync(duplicate, [])).Status);
        await store.FindDoctorByGmcNumberAsync(doctor.DesignatedBody, doctor.GmcNumber);

        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain(doctor.GmcNumber.Value, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Quillfeather", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Perpetua", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(email, e.Message, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static async Task SeedAsync(IHost host, Core.DesignatedBodies.DesignatedBodyCode code, int count)
    {
        // Through the store's own row mapping, in one transaction: 5,000 separate saves would cost seconds of fsyncs.
        var contexts = host.Services.GetRequiredService<IDbContextFactory<RevalidationDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.Doctors.AddRange(Enumerable.Range(0, count).Select(i =>
            SqliteDoctorStore.ToRow(new DoctorBuilder(code).Named("Ada", $"Doctor{i:D4}").WithAppraisalAndEvidence().Build(), version: 1)));
        await db.SaveChangesAsync();
    }

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
