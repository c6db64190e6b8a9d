using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// What an operator needs to know of one designated body at one moment, read from the store: counts and ages only,
/// never who. The metrics and <c>/health</c> are both made from it (README "Observability").
/// </summary>
/// <param name="AlertsPending">Alerts waiting to be sent (pending, or claimed by a dispatcher).</param>
/// <param name="AlertsRetrying">Of those, the ones that failed at least once and wait for their next attempt.</param>
/// <param name="AlertsDeadLettered">Alerts given up on, until an admin retries them.</param>
/// <param name="OldestPendingAlertAt">When the oldest alert still waiting was recorded; null when none waits.</param>
/// <param name="FailingMailSince">When the oldest alert that has failed and still waits was recorded; null when none.</param>
/// <param name="UnsentDueSince">
/// The earliest due time of an alert a dispatcher could take now but has not: with the dispatcher running every
/// minute or so, one due for long means it is not running, or stops early each time because the relay is unavailable.
/// </param>
/// <param name="FailingSources">The directory sources of the body whose last two runs both failed.</param>
/// <param name="GmcQueued">Recommendations queued for the GMC web service (or being sent).</param>
/// <param name="GmcHeld">Recommendations held: the GMC answered with a configuration problem.</param>
public sealed record BodyOperations(
    DesignatedBodyCode Body,
    int AlertsPending,
    int AlertsRetrying,
    int AlertsDeadLettered,
    DateTimeOffset? OldestPendingAlertAt,
    DateTimeOffset? FailingMailSince,
    DateTimeOffset? UnsentDueSince,
    IReadOnlyList<string> FailingSources,
    int GmcQueued,
    int GmcHeld);

/// <summary>Every designated body's <see cref="BodyOperations"/>, as read at <see cref="ReadAt"/>.</summary>
public sealed record OperationsSnapshot(DateTimeOffset ReadAt, IReadOnlyList<BodyOperations> Bodies)
{
    public static OperationsSnapshot Empty { get; } = new(DateTimeOffset.MinValue, []);

    public int AlertsPending => Bodies.Sum(b => b.AlertsPending);

    public int AlertsRetrying => Bodies.Sum(b => b.AlertsRetrying);

    public int AlertsDeadLettered => Bodies.Sum(b => b.AlertsDeadLettered);

    public int GmcQueued => Bodies.Sum(b => b.GmcQueued);

    public int GmcHeld => Bodies.Sum(b => b.GmcHeld);

    /// <summary>The age, at <see cref="ReadAt"/>, of the oldest alert still waiting anywhere; zero when none waits.</summary>
    public TimeSpan OldestPendingAlertAge =>
        Bodies.Min(b => b.OldestPendingAlertAt) is { } oldest && ReadAt > oldest ? ReadAt - oldest : TimeSpan.Zero;
}
