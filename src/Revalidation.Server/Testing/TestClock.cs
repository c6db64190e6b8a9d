using Microsoft.Extensions.DependencyInjection.Extensions;
using Revalidation.Core.Recommendations;
using Revalidation.Server.Demo;

namespace Revalidation.Server.Testing;

/// <summary>
/// A clock the browser tests can move forward ("Testing:AdvanceableClock" true): the real time plus an offset. Allowed
/// only in the Development environment (the host refuses to start with it anywhere else), with an endpoint answering
/// loopback callers only that advances it and runs the hold release as the scheduled job would.
/// </summary>
public sealed class AdvanceableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

public static class TestClockSetup
{
    public const string Setting = "Testing:AdvanceableClock";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    /// <summary>Replaces the clock; refuses to start outside Development.</summary>
    public static void AddAdvanceableClock(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!Enabled(configuration))
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"{Setting} is for the browser tests and is allowed only in the Development environment.");
        }

        var clock = new AdvanceableClock();
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(clock);
    }

    public sealed record AdvanceRequest(int Minutes);

    public sealed record AdvanceResponse(DateTimeOffset Now, int Released);

    /// <summary>POST /testing/clock/advance {"minutes": n}: moves the clock on and releases what is due (loopback only).</summary>
    public static void MapAdvanceableClock(this WebApplication app)
    {
        if (!Enabled(app.Configuration) || !app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapPost("/testing/clock/advance", async (AdvanceRequest request, AdvanceableClock clock, HoldReleaseService release, TimeProvider time, CancellationToken ct) =>
        {
            if (request.Minutes is < 0 or > 60 * 24 * 30)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["minutes"] = ["Minutes must be between 0 and 43200."] });
            }

            clock.Advance(TimeSpan.FromMinutes(request.Minutes));
            var released = await release.RunAsync(ct);
            return Results.Ok(new AdvanceResponse(time.GetUtcNow(), released));
        })
            .AllowAnonymous()
            .AddEndpointFilter(async (context, next) => DemoSignIn.IsLoopback(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context)
                : Results.NotFound());
    }
}
