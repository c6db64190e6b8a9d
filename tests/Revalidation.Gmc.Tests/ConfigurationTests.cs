using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Revalidation.Api.Tests;
using Revalidation.Core.Gmc;

namespace Revalidation.Gmc.Tests;

/// <summary>"Gmc" is validated at start-up, and the GMC jobs are scheduled only where a body uses the web service.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Password", "Gmc:Bodies:1-DEMO01:Password")]
    [InlineData("Username", "Gmc:Bodies:1-DEMO01:Username")]
    [InlineData("Url", "Gmc:Bodies:1-DEMO01:Url")]
    public void Startup_WhenAWebServiceBodyLacksASetting_FailsNamingIt(string missing, string named)
    {
        using var factory = new ApiFactory();
        factory.Settings["Gmc:Bodies:1-DEMO01:Mode"] = "WebService";
        foreach (var (key, value) in new[] { ("Url", "https://gmc.example/GMCWebServices/WebService.asmx"), ("Username", "user"), ("Password", "pa55-w0rd-value") })
        {
            if (key != missing)
            {
                factory.Settings[$"Gmc:Bodies:1-DEMO01:{key}"] = value;
            }
        }

        var failure = Assert.ThrowsAny<Exception>(() => factory.Services);

        var validation = failure as OptionsValidationException ?? failure.InnerException as OptionsValidationException
            ?? (failure as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-w0rd-value", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_WhenAPasswordIsInAnAppSettingsFile_Fails()
    {
        var folder = Directory.CreateTempSubdirectory("gmc-settings");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "appsettings.json"),
                """{ "Gmc": { "Bodies": { "1-DEMO01": { "Mode": "WebService", "Url": "https://gmc.example/ws.asmx", "Username": "u", "Password": "committed-secret" } } } }""");
            var configuration = new ConfigurationBuilder()
                .SetBasePath(folder.FullName)
                .AddJsonFile("appsettings.json")
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "r.db")}" })
                .Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            Revalidation.Infrastructure.Gmc.GmcServiceCollectionExtensions.AddRevalidationGmc(services, configuration);
            using var provider = services.BuildServiceProvider();

            var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GmcOptions>>().Value);

            Assert.Contains("Gmc:Bodies:1-DEMO01:Password must not be in appsettings", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("committed-secret", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Startup_WhenAWebServiceUrlIsPlainHttpToAnotherMachine_Fails()
    {
        var options = new GmcOptions();
        options.Bodies["1-DEMO01"] = new GmcBodyOptions { Mode = GmcMode.WebService, Url = "http://gmc.example/ws.asmx", Username = "u", Password = "p" };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Gmc:Bodies:1-DEMO01:Url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ByDefault_EveryBodyIsManual_AndNoGmcJobIsScheduled()
    {
        using var factory = new ApiFactory();
        factory.Settings["Jobs:Enabled"] = "true";
        factory.Settings["Jobs:DeadlineScan:RunAtStartup"] = "false";

        var gmc = factory.Services.GetRequiredService<IGmcConnect>();

        Assert.Equal(GmcMode.Manual, gmc.ModeOf(Core.DesignatedBodies.DesignatedBodyCode.Parse("1-DEMO01")));
        Assert.Empty(gmc.WebServiceBodies);
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(new JobKey("gmc-dispatch", "revalidation")));
        Assert.True(await scheduler.Exists(new JobKey("mail-dispatch", "revalidation")));
    }

    [Fact]
    public async Task WithAWebServiceBody_TheDispatchPollAndReconcileJobsAreScheduled()
    {
        await using var gmcServer = await FakeGmcServer.StartAsync();
        using var factory = new ApiFactory();
        factory.Settings["Jobs:Enabled"] = "true";
        factory.Settings["Jobs:DeadlineScan:RunAtStartup"] = "false";
        factory.Settings["Gmc:Bodies:1-DEMO01:Mode"] = "WebService";
        factory.Settings["Gmc:Bodies:1-DEMO01:Url"] = gmcServer.Url.ToString();
        factory.Settings["Gmc:Bodies:1-DEMO01:Username"] = "user";
        factory.Settings["Gmc:Bodies:1-DEMO01:Password"] = "secret";

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        foreach (var job in new[] { "gmc-dispatch", "gmc-poll", "gmc-reconcile" })
        {
            Assert.True(await scheduler.Exists(new JobKey(job, "revalidation")), job);
        }

        Assert.Equal(GmcMode.WebService, factory.Services.GetRequiredService<IGmcConnect>().ModeOf(Core.DesignatedBodies.DesignatedBodyCode.Parse("1-DEMO01")));
    }
}
