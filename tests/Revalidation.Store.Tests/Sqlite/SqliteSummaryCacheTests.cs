using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Sqlite;
using Revalidation.Store.Tests.Contract;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Sqlite;

/// <summary>
/// The change numbers every doctor write takes, and the summary cache that reads by them: a list read with
/// nothing changed asks the file only for the marker; a change anywhere, by any process, is seen at once.
/// </summary>
public sealed class SqliteSummaryCacheTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task SaveDoctorAsync_WhenDoctorsAreSavedInTwoBodies_NumbersEachBodysWritesInCommitOrder()
    {
        using var host = await database.StartHostAsync();
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var (bodyA, bodyB) = (NewBodyCode(), NewBodyCode());
        var first = new DoctorBuilder(bodyA).Build();
        var second = new DoctorBuilder(bodyA).Build();
        var other = new DoctorBuilder(bodyB).Build();

        await store.SaveDoctorAsync(first, []);
        await store.SaveDoctorAsync(other, []);
        await store.SaveDoctorAsync(second, []);
        Ok(first.Concerns.SetOpenLocalProcess(true));
        await store.SaveDoctorAsync(first, []);

        Assert.Equal([(second.Id, 2L), (first.Id, 3L)], await ChangeSeqsAsync(bodyA));
        Assert.Equal([(other.Id, 1L)], await ChangeSeqsAsync(bodyB));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenTheWriteIsAConflict_TakesNoNumber()
    {
        using var host = await database.StartHostAsync();
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await store.SaveDoctorAsync(doctor, []);
        var stale = (await store.GetDoctorAsync(code, doctor.Id))!;
        Ok(doctor.Concerns.SetOpenLocalProcess(true));
        await store.SaveDoctorAsync(doctor, []);
        Ok(stale.Concerns.SetGmcInvestigation(true));

        Assert.Equal(SaveStatus.Conflict, (await store.SaveDoctorAsync(stale, [])).Status);

        Assert.Equal([(doctor.Id, 2L)], await ChangeSeqsAsync(code));
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenCachedAndNothingChanged_ReadsOnlyTheChangeMarker()
    {
        var logs = new CapturingLoggerProvider();
        using var host = await database.StartHostAsync(SqliteStoreSources.CachedSettings, b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Debug);
        });
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        await SaveAsync(store, code, 3);
        var first = await store.ListDoctorSummariesAsync(code);

        logs.Entries.Clear();
        var second = await store.ListDoctorSummariesAsync(code);

        Assert.Equal(first.Select(s => s.Id), second.Select(s => s.Id));
        var command = Assert.Single(logs.Entries, e => e.EventId.Name?.EndsWith("CommandExecuted", StringComparison.Ordinal) == true).Message;
        Assert.Contains("MAX(", command, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"summary\"", command, StringComparison.Ordinal);
        Assert.DoesNotContain("\"document\"", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenCachedAndDoctorsChangeOrJoin_ReturnsTheChangesInTheFirstOrder()
    {
        using var host = await database.StartHostAsync(SqliteStoreSources.CachedSettings);
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        var doctors = await SaveAsync(store, code, 3);
        var before = await store.ListDoctorSummariesAsync(code);

        Ok(doctors[1].Concerns.SetOpenLocalProcess(true));
        await store.SaveDoctorAsync(doctors[1], []);
        var joiner = new DoctorBuilder(code).Named("Grace", "Hopper").Build();
        await store.SaveDoctorAsync(joiner, []);
        var after = await store.ListDoctorSummariesAsync(code);

        Assert.Equal(before.Select(s => s.Id).Append(joiner.Id), after.Select(s => s.Id));
        Assert.True(after[1].OpenLocalProcess);
        Assert.False(before[1].OpenLocalProcess); // a list already handed out never changes
        Assert.Same(before[0], after[0]);
        Assert.Equal("Hopper", after[3].FamilyName);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenAnotherProcessWritesTheFile_SeesTheWriteOnTheNextRead()
    {
        using var reader = await database.StartHostAsync(SqliteStoreSources.CachedSettings);
        using var writer = await database.StartHostAsync(SqliteStoreSources.CachedSettings);
        var readerStore = reader.Services.GetRequiredService<IDoctorStore>();
        var writerStore = writer.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        var doctors = await SaveAsync(writerStore, code, 2);
        Assert.All(await readerStore.ListDoctorSummariesAsync(code), s => Assert.False(s.UnderGmcInvestigation));

        Ok(doctors[0].Concerns.SetGmcInvestigation(true));
        await writerStore.SaveDoctorAsync(doctors[0], []);

        var summaries = await readerStore.ListDoctorSummariesAsync(code);
        Assert.True(summaries.Single(s => s.Id == doctors[0].Id).UnderGmcInvestigation);
        Assert.False(summaries.Single(s => s.Id == doctors[1].Id).UnderGmcInvestigation);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenRowsPredateTheChangeNumbers_ListsThemAndThenTheirChanges()
    {
        using var host = await database.StartHostAsync(SqliteStoreSources.CachedSettings);
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        var doctors = await SaveAsync(store, code, 2);
        await ExecuteAsync("UPDATE doctors SET change_seq = 0 WHERE designated_body = $body", code.Value); // as the migration leaves them
        Assert.Equal(2, (await store.ListDoctorSummariesAsync(code)).Count);

        Ok(doctors[1].MarkLeaver(Today));
        await store.SaveDoctorAsync(doctors[1], []);

        var summaries = await store.ListDoctorSummariesAsync(code);
        Assert.Equal(2, summaries.Count);
        Assert.Equal(DoctorStatus.Leaver, summaries.Single(s => s.Id == doctors[1].Id).Status);
        Assert.Equal([(doctors[1].Id, 1L), (doctors[0].Id, 0L)], (await ChangeSeqsAsync(code)).OrderByDescending(r => r.ChangeSeq));
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenTheBodyIsLargerThanTheCache_StillListsEveryChange()
    {
        var settings = new Dictionary<string, string?>(SqliteStoreSources.CachedSettings) { ["Store:Sqlite:SummaryCacheDoctors"] = "2" };
        using var host = await database.StartHostAsync(settings);
        var store = host.Services.GetRequiredService<IDoctorStore>();
        var code = NewBodyCode();
        var doctors = await SaveAsync(store, code, 3);
        Assert.Equal(3, (await store.ListDoctorSummariesAsync(code)).Count);

        Ok(doctors[2].Concerns.SetOpenLocalProcess(true));
        await store.SaveDoctorAsync(doctors[2], []);

        Assert.True((await store.ListDoctorSummariesAsync(code)).Single(s => s.Id == doctors[2].Id).OpenLocalProcess);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenTheBodyHasNoDoctors_IsEmptyWithTheCacheOn()
    {
        using var host = await database.StartHostAsync(SqliteStoreSources.CachedSettings);
        var store = host.Services.GetRequiredService<IDoctorStore>();

        Assert.Empty(await store.ListDoctorSummariesAsync(NewBodyCode()));
    }

    [Fact]
    public void Put_WhenOverCapacity_EvictsTheBodiesReadLeastRecently()
    {
        var cache = new DoctorSummaryCache(capacity: 3);
        cache.Put("A", Entry(1, 2));
        cache.Put("B", Entry(1, 1));
        Assert.NotNull(cache.Get("A"));

        cache.Put("C", Entry(1, 1));

        Assert.NotNull(cache.Get("A"));
        Assert.Null(cache.Get("B"));
        Assert.NotNull(cache.Get("C"));
    }

    [Fact]
    public void Put_WhenANewerSetIsKept_KeepsTheNewerSet()
    {
        var cache = new DoctorSummaryCache(capacity: 10);
        var newer = Entry(5, 1);
        cache.Put("A", newer);

        cache.Put("A", Entry(4, 2));

        Assert.Same(newer, cache.Get("A"));
    }

    [Fact]
    public void Put_WhenTheSetIsLargerThanTheCache_KeepsNothingForTheBody()
    {
        var cache = new DoctorSummaryCache(capacity: 2);
        cache.Put("A", Entry(1, 1));

        cache.Put("A", Entry(2, 3));

        Assert.Null(cache.Get("A"));
    }

    private static DoctorSummaryCache.Entry Entry(long changeSeq, int doctors)
    {
        var code = NewBodyCode();
        return DoctorSummaryCache.Entry.Create(changeSeq, [.. Enumerable.Range(0, doctors).Select(_ => DoctorSummary.From(new DoctorBuilder(code).Build()))]);
    }

    private static async Task<List<DoctorRecord>> SaveAsync(IDoctorStore store, Core.DesignatedBodies.DesignatedBodyCode code, int count)
    {
        var doctors = Enumerable.Range(0, count).Select(i => new DoctorBuilder(code).Named("Ada", $"Doctor{i}").Build()).ToList();
        foreach (var doctor in doctors)
        {
            Assert.Equal(SaveStatus.Saved, (await store.SaveDoctorAsync(doctor, [])).Status);
        }

        return doctors;
    }

    private async Task<List<(Guid Id, long ChangeSeq)>> ChangeSeqsAsync(Core.DesignatedBodies.DesignatedBodyCode code)
    {
        await using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, change_seq FROM doctors WHERE designated_body = $body ORDER BY change_seq";
        command.Parameters.AddWithValue("$body", code.Value);
        var rows = new List<(Guid, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((Guid.Parse(reader.GetString(0)), reader.GetInt64(1)));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql, string body)
    {
        await using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$body", body);
        await command.ExecuteNonQueryAsync();
    }
}
