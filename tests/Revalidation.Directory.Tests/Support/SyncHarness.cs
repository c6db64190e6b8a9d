using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.DirectorySync;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Directory.Tests.Support;

/// <summary>
/// The sync engine on the real embedded stores: a fresh SQLite file in a temp content root, opened the way a host
/// opens it (<c>AddRevalidationDirectorySync</c>, options validated, both migrations applied), two designated bodies,
/// and a fake clock. Sources are passed in, so each test chooses Graph (on a <see cref="FakeGraphServer"/>) or a file.
/// This part has no xunit in it: the bench command links it (with the fake Graph server and the directory sync scenario);
/// the assertion helpers are in SyncHarness.Assertions.cs, in the test project only.
/// </summary>
public sealed partial class SyncHarness : IAsyncDisposable
{
    public static readonly DesignatedBodyCode Body = DesignatedBodyCode.Parse("1-TRUST01");

    public static readonly DesignatedBodyCode OtherBody = DesignatedBodyCode.Parse("1-TRUST02");

    public const string DoctorsGroup = "6a1c1f0e-0000-4000-8000-000000000001";

    private readonly IHost host;

    private SyncHarness(IHost host, string root)
    {
        this.host = host;
        ContentRoot = root;
        Doctors = host.Services.GetRequiredService<IDoctorStore>();
        Bodies = host.Services.GetRequiredService<IDesignatedBodyStore>();
        AuditLog = host.Services.GetRequiredService<IAuditLog>();
        Outbox = host.Services.GetRequiredService<IAlertOutbox>();
        SyncStore = host.Services.GetRequiredService<IDirectorySyncStore>();
    }

    public string ContentRoot { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public DateOnly Today => UkCalendar.Today(Time);

    public IDoctorStore Doctors { get; }

    public IDesignatedBodyStore Bodies { get; }

    public IAuditLog AuditLog { get; }

    public IAlertOutbox Outbox { get; }

    public IDirectorySyncStore SyncStore { get; }

    /// <summary>What the engine writes doctors through; a test may wrap <see cref="Doctors"/> to interfere.</summary>
    public IDoctorStore EngineDoctors { get; set; } = null!;

    public DirectorySyncOptions Options { get; } = new();

    /// <summary>A migrated database with the two bodies, made once and copied for each test (migrating is the slow part).</summary>
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static async Task<SyncHarness> StartAsync()
    {
        var template = await Template.Value;
        var root = NewRoot();
        System.IO.Directory.CreateDirectory(Path.Combine(root, "data"));
        File.Copy(template, Path.Combine(root, "data", "directory-tests.db"));
        var host = await StartHostAsync(root);
        var harness = new SyncHarness(host, root);
        harness.EngineDoctors = harness.Doctors;
        return harness;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var root = NewRoot();
        using (var host = await StartHostAsync(root))
        {
            var bodies = host.Services.GetRequiredService<IDesignatedBodyStore>();
            foreach (var code in new[] { Body, OtherBody })
            {
                var body = DesignatedBody.Create(code, $"Trust {code}", new StaffMember($"ro-{code}", "Dr Responsible Officer")).Value!;
                if (!(await bodies.SaveDesignatedBodyAsync(body, [])).Saved)
                {
                    throw new InvalidOperationException($"Designated body {code} was not saved in the template database.");
                }
            }

            await host.StopAsync();
        }

        SqliteConnection.ClearAllPools(); // the last connection closes: the WAL is checkpointed into the file
        return Path.Combine(root, "data", "directory-tests.db");
    }

    private static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "revalidation-directory-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(root);
        return root;
    }

    private static async Task<IHost> StartHostAsync(string root)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:Sqlite:ConnectionString"] = "Data Source=data/directory-tests.db" });
        builder.Services.AddRevalidationDirectorySync(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public DirectorySyncService Service(params IDirectorySource[] sources) =>
        new(sources, SyncStore, EngineDoctors, new DoctorRecordService(EngineDoctors, Time), Bodies, Outbox, Time, Microsoft.Extensions.Options.Options.Create(new RevalidationOptions()),
            Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DirectorySyncService>.Instance);

    public static GraphDirectorySource GraphSource(FakeGraphServer server, Action<GraphDirectorySourceOptions>? configure = null, string id = "entra")
    {
        var options = new GraphDirectorySourceOptions { DoctorGroupIds = [DoctorsGroup] };
        configure?.Invoke(options);
        return new GraphDirectorySource(new DirectorySourceInfo(id, "Graph", Body, "test tenant"), options, server.CreateClient());
    }

    public FileDirectorySource FileSource(string fileName, string content, Action<FileDirectorySourceOptions>? configure = null, string id = "esr")
    {
        File.WriteAllText(Path.Combine(ContentRoot, fileName), content);
        var options = new FileDirectorySourceOptions { Path = fileName };
        configure?.Invoke(options);
        return new FileDirectorySource(new DirectorySourceInfo(id, "File", Body, "test export"), options, ContentRoot);
    }

    public Task<IReadOnlyList<DataQualityIssue>> IssuesAsync(DataQualityIssueStatus? status = DataQualityIssueStatus.Open, DesignatedBodyCode? body = null) =>
        SyncStore.ListIssuesAsync(body ?? Body, new DataQualityIssueQuery(status, null, 1_000));

    public async Task<IReadOnlyList<AlertRecord>> LeaverAlertsAsync() =>
        [.. (await Outbox.ListAllAlertsAsync(Body)).Where(a => a.Kind == AlertKind.Leaver)];

    public Task<IReadOnlyList<AuditEvent>> AuditAsync(Guid doctorId) => AuditLog.QueryAuditAsync(Body, new AuditQuery(doctorId));

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is not a test failure
        }
    }
}

/// <summary>Directory users for tests: doctor n has GMC number 7000000 + n.</summary>
public static class People
{
    public static string IdOf(int n) => $"00000000-0000-4000-8000-{n:000000000000}";

    public static string GmcOf(int n) => (7_000_000 + n).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);

    public static FakeUser Doctor(int n, string? given = null, string? gmc = null, bool enabled = true) =>
        new(IdOf(n), given ?? $"Given{n}", $"Family{n}", gmc ?? GmcOf(n), enabled, $"doctor{n}@trust.example", "Cardiology", "Consultant Cardiologist");
}
