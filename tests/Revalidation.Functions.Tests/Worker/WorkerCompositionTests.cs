using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.DirectorySync;
using Revalidation.Functions.Tests.Support;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Revalidation.Infrastructure.Jobs;
using Revalidation.Infrastructure.Observability;
using Revalidation.Worker;

namespace Revalidation.Functions.Tests.Worker;

/// <summary>The worker schedules directory sync exactly when directory sources are configured, and has the shared telemetry.</summary>
public sealed class WorkerCompositionTests : IDisposable
{
    private readonly TempData data = new("worker");

    public void Dispose() => data.Dispose();

    private IHost Build(bool withSources, string? azureMonitor = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Production",
            ContentRootPath = data.Root,
            DisableDefaults = true,
        });
        var settings = new Dictionary<string, string?>
        {
            ["Store:Sqlite:ConnectionString"] = $"Data Source={data.DatabaseFile}",
            ["Alerts:Pickup:Path"] = Path.Combine(data.Root, "mail"),
        };
        if (withSources)
        {
            File.WriteAllText(Path.Combine(data.Root, "esr.csv"), "id,gmc_number,given_name,family_name\n");
            settings["Directory:Sources:esr:Kind"] = "File";
            settings["Directory:Sources:esr:DesignatedBody"] = "1-TRUST01";
            settings["Directory:Sources:esr:File:Path"] = "esr.csv";
        }

        if (azureMonitor is not null)
        {
            settings[TelemetryServiceCollectionExtensions.AzureMonitorSetting] = azureMonitor;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRevalidationWorker();
        return builder.Build();
    }

    [Fact]
    public void AddRevalidationWorker_WithDirectorySources_RegistersSyncAndSchedulesBothRounds()
    {
        using var host = Build(withSources: true);

        var sync = host.Services.GetRequiredService<DirectorySyncService>();
        Assert.Equal(["esr"], sync.Sources.Select(s => s.Id));
        var jobs = host.Services.GetRequiredService<RevalidationJobCatalog>().Jobs.Select(j => j.Name).ToList();
        Assert.Contains(DirectorySyncJob.IncrementalName, jobs);
        Assert.Contains(DirectorySyncJob.FullName, jobs);
    }

    [Fact]
    public void AddRevalidationWorker_WithoutDirectorySources_RunsOnlyTheAlertJobs()
    {
        using var host = Build(withSources: false);

        var jobs = host.Services.GetRequiredService<RevalidationJobCatalog>().Jobs.Select(j => j.Name).ToList();
        Assert.DoesNotContain(DirectorySyncJob.IncrementalName, jobs);
        Assert.DoesNotContain(DirectorySyncJob.FullName, jobs);
        Assert.Contains(DeadlineScanJob.Name, jobs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/")]
    public void AddRevalidationWorker_WithOrWithoutAzureMonitor_HasTheSharedTelemetry_EvenWithoutADirectoryStore(string? azureMonitor)
    {
        using var host = Build(withSources: false, azureMonitor);

        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        Assert.NotNull(host.Services.GetRequiredService<MeterProvider>());
        Assert.Equal(RevalidationTelemetry.Name, host.Services.GetRequiredService<RevalidationMetrics>().Meter.Name);
        Assert.NotNull(host.Services.GetRequiredService<OperationsReader>().GetForCollection());
    }
}
