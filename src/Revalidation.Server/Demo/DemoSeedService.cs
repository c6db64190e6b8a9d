using Microsoft.Extensions.Options;

namespace Revalidation.Server.Demo;

/// <summary>"Demo" configuration of the local Server.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo designated body when the store has none (Development default).</summary>
    public bool Seed { get; set; }
}

/// <summary>
/// Seeds the demo designated body at start-up (after the store's migrations), when enabled and empty, and only in
/// Development: fictional doctors never reach a production store, whatever Demo:Seed says.
/// </summary>
public sealed partial class DemoSeedService(DemoSeeder seeder, IOptions<DemoOptions> options, IHostEnvironment environment, ILogger<DemoSeedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed || !environment.IsDevelopment())
        {
            return;
        }

        var created = await seeder.SeedIfEmptyAsync(cancellationToken);
        if (created > 0)
        {
            LogSeeded(logger, created);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo designated body with {Count} doctors")]
    private static partial void LogSeeded(ILogger logger, int count);
}
