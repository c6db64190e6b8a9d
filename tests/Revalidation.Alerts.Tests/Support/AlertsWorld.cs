using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using Revalidation.Infrastructure;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Alerts.Tests.Support;

/// <summary>
/// One deployment under test: a real SQLite file in a fresh folder, a fake clock, and an in-process SMTP server.
/// Each <see cref="StartProcessAsync"/> is one worker process (its own DI container and connections) over the same
/// file, built by the product's own registration (<c>AddRevalidationSqliteStore</c>, <c>AddRevalidationAlerts</c>)
/// with MailKit pointed at the test server. Jobs are not scheduled here: tests call the services as the jobs do.
/// </summary>
public sealed class AlertsWorld : IAsyncDisposable
{
    public const string RoEmail = "ro@northfield.example";
    public const string MedicalDirectorEmail = "md@northfield.example";
    public const string AdminEmail = "admin@northfield.example";

    private readonly List<IHost> processes = [];

    private AlertsWorld(SmtpTestServer smtp, DateTimeOffset start)
    {
        Smtp = smtp;
        Time = new FakeTimeProvider(start);
        Folder = Path.Combine(Path.GetTempPath(), "revalidation-alerts-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public SmtpTestServer Smtp { get; }

    public FakeTimeProvider Time { get; }

    public string Folder { get; }

    public RevalidationOptions Rules { get; } = new();

    /// <summary>Settings every process starts with; tests change them before starting one.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public IHost First => processes[0];

    public IDoctorStore Doctors => First.Services.GetRequiredService<IDoctorStore>();

    public IDesignatedBodyStore Bodies => First.Services.GetRequiredService<IDesignatedBodyStore>();

    public IAlertOutbox Outbox => First.Services.GetRequiredService<IAlertOutbox>();

    public ILeaseStore Leases => First.Services.GetRequiredService<ILeaseStore>();

    public DeadlineScanService Scan => First.Services.GetRequiredService<DeadlineScanService>();

    public MailDispatchService Dispatch => First.Services.GetRequiredService<MailDispatchService>();

    public DigestService Digests => First.Services.GetRequiredService<DigestService>();

    public AlertMessageComposer Composer => First.Services.GetRequiredService<AlertMessageComposer>();

    public DateOnly Today => UkCalendar.Today(Time);

    public static Task<AlertsWorld> CreateAsync(DateTimeOffset start) => CreateAsyncWith(start, []);

    public static async Task<AlertsWorld> CreateAsyncWith(DateTimeOffset start, Dictionary<string, string?> settings)
    {
        var world = new AlertsWorld(await SmtpTestServer.StartAsync(), start);
        foreach (var (key, value) in settings)
        {
            world.Settings[key] = value;
        }

        await world.StartProcessAsync();
        return world;
    }

    public async Task<IHost> StartProcessAsync(int? smtpPort = null, bool jobs = false, Action<Revalidation.Infrastructure.Jobs.RevalidationJobsBuilder>? addJobs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Sqlite:ConnectionString"] = "Data Source=data/alerts.db",
            ["Alerts:Mail:Transport"] = "Smtp",
            ["Alerts:Mail:FromAddress"] = "revalidation@northfield.example",
            ["Alerts:Mail:PublicBaseUrl"] = "https://revalidation.northfield.example/",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = (smtpPort ?? Smtp.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:Timeout"] = "00:00:02",
            ["Alerts:Smtp:SendTimeout"] = "00:00:05",
            ["Alerts:Outbox:ClaimDuration"] = "00:01:00",
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddRevalidationSqliteStore(builder.Configuration);
        builder.Services.AddRevalidationAlerts(builder.Configuration);
        if (jobs)
        {
            builder.Services.AddRevalidationJobs(builder.Configuration, addJobs);
        }

        var host = builder.Build();
        await host.StartAsync();
        processes.Add(host);
        return host;
    }

    public async Task<DesignatedBody> AddBodyAsync(string code = "1-NORTH", string? roEmail = RoEmail, string? mdEmail = MedicalDirectorEmail, string? adminEmail = AdminEmail)
    {
        var body = DesignatedBody.Create(DesignatedBodyCode.Parse(code), $"Trust {code}", new StaffMember("ro-1", "Dr Rhiannon Officer", roEmail, "4100001")).Value!;
        Assert.True(body.SetContacts(mdEmail, adminEmail).IsSuccess);
        Assert.True((await Bodies.SaveDesignatedBodyAsync(body, [])).Saved);
        return body;
    }

    private static int nextGmc = 5_000_000;

    public async Task<DoctorRecord> AddDoctorAsync(DesignatedBodyCode body, DateOnly rsd, int dueMonth = 12, string? email = "auto", string given = "Amara", string family = "Adebayo", string? gmcNumber = null)
    {
        var gmc = GmcNumber.Parse(gmcNumber ?? Interlocked.Increment(ref nextGmc).ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
        var doctor = DoctorRecord.Create(body, gmc, given, family, rsd, true, dueMonth, Rules,
            email: email == "auto" ? $"doctor{gmc.Value}@northfield.example" : email).Value!;
        Assert.True((await Doctors.SaveDoctorAsync(doctor, [])).Saved);
        return doctor;
    }

    public Task SaveAsync(DoctorRecord doctor) =>
        Doctors.SaveDoctorAsync(doctor, [AuditEvent.Create(doctor.DesignatedBody, doctor.Id, Actor.System, "test.step", "Simulated step", Time.GetUtcNow())])
            .ContinueWith(t => Assert.True(t.Result.Saved), TaskScheduler.Default);

    public async Task<IReadOnlyList<AlertRecord>> AlertsAsync(string code = "1-NORTH") => await Outbox.ListAllAlertsAsync(DesignatedBodyCode.Parse(code));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in processes)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await Smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder
        }
    }
}
