using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// When the product is <em>degraded</em>: it still answers (so <c>/health</c> stays 200 and the platform keeps the
/// replica), but something an operator must look at has gone wrong for long enough not to be a blip. Pure: it judges
/// an <see cref="OperationsSnapshot"/>. The words name designated bodies, sources and counts, never a person, because
/// <c>/health</c> is anonymous.
/// </summary>
public static class OperationsHealth
{
    /// <summary>How long mail may fail before it is news.</summary>
    public static readonly TimeSpan MailFailingFor = TimeSpan.FromHours(1);

    /// <summary>
    /// Mail: degraded when an alert that has failed to send has been waiting for over an hour, or when an alert has
    /// been due for over an hour and no dispatcher has taken it (the worker is not running, or the relay is unavailable).
    /// </summary>
    public static HealthCheckResult Mail(OperationsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var failing = Bodies(snapshot, b => b.FailingMailSince);
        var stalled = Bodies(snapshot, b => b.UnsentDueSince);
        List<string> problems = [];
        if (failing.Count > 0)
        {
            problems.Add($"Mail has failed for over an hour: alerts of {string.Join(", ", failing)} failed to send and are still waiting. Check the mail relay (Alerts:Mail).");
        }

        if (stalled.Count > 0)
        {
            problems.Add($"Alerts of {string.Join(", ", stalled)} have been due for over an hour and have not been sent: check that the worker's mail dispatch runs (Jobs:Enabled) and that the mail relay is reachable.");
        }

        return problems.Count == 0 ? HealthCheckResult.Healthy("Alerts are being sent.") : HealthCheckResult.Degraded(string.Join(" ", problems));
    }

    private static List<string> Bodies(OperationsSnapshot snapshot, Func<BodyOperations, DateTimeOffset?> since) =>
        [.. snapshot.Bodies.Where(b => since(b) is { } at && snapshot.ReadAt - at > MailFailingFor).Select(b => b.Body.Value)];

    /// <summary>Directory sync: degraded when a source's last two runs both failed.</summary>
    public static HealthCheckResult Directory(OperationsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var failing = snapshot.Bodies.SelectMany(b => b.FailingSources.Select(s => $"{s} ({b.Body.Value})")).ToList();
        return failing.Count == 0
            ? HealthCheckResult.Healthy("No directory source has failed twice running.")
            : HealthCheckResult.Degraded($"The last two runs of directory source {string.Join(", ", failing)} failed. See the admin's directory screen for the error.");
    }

    /// <summary>GMC Connect: degraded while any submission is held on a configuration problem.</summary>
    public static HealthCheckResult Gmc(OperationsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var held = snapshot.Bodies.Where(b => b.GmcHeld > 0).Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.GmcHeld} of {b.Body.Value}")).ToList();
        return held.Count == 0
            ? HealthCheckResult.Healthy("No GMC submission is held.")
            : HealthCheckResult.Degraded($"GMC submissions are held on a configuration problem (credentials, IP address or access): {string.Join(", ", held)}. Admins have been alerted.");
    }
}

/// <summary>One of <see cref="OperationsHealth"/>'s judgements as a health check, on the shared reading.</summary>
public sealed class OperationsHealthCheck(OperationsReader reader, Func<OperationsSnapshot, HealthCheckResult> judge) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return judge(await reader.GetAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store cannot be read: the product cannot work, so this replica is unhealthy (503). Only the type is told.
            return HealthCheckResult.Unhealthy($"The store could not be read ({e.GetType().Name}).");
        }
    }
}
