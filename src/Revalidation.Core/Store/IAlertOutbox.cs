using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Store;

/// <summary>
/// The alerts of each designated body, which are also their own email messages: the outbox (docs/decisions/0001,
/// docs/decisions/0010). Every read names its designated body; alerts are inserted once per key, and their delivery
/// changes only on a matching ETag. Nothing is hard-deleted.
/// </summary>
public interface IAlertOutbox
{
    /// <summary>
    /// Inserts the alerts whose keys are not yet recorded and returns exactly those; a key already present
    /// (from a rerun or a concurrent scan) is left alone. This is what makes each alert exactly-once.
    /// </summary>
    Task<IReadOnlyList<AlertRecord>> AddAlertsAsync(DesignatedBodyCode body, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default);

    /// <summary>
    /// The key and due day of every alert of the body that names a doctor, in one light round trip: what the
    /// deadline scan needs to know of what is already recorded (the whole records are not read).
    /// </summary>
    Task<IReadOnlyList<RecordedAlert>> ListDoctorAlertKeysAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default);

    // ---- the outbox: alerts are their own email messages (docs/decisions/0010) ----

    /// <summary>One alert by key, with its ETag; null when the body has no such alert.</summary>
    Task<AlertRecord?> GetAlertAsync(DesignatedBodyCode body, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The body's alerts a dispatcher may claim at <paramref name="now"/> (<see cref="AlertRecord.IsDeliverable"/>: pending and
    /// due, or sending with an expired claim), oldest first, at most <paramref name="limit"/>, each with its ETag.
    /// </summary>
    Task<IReadOnlyList<AlertRecord>> ListDeliverableAlertsAsync(DesignatedBodyCode body, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The body's alerts in one state, newest first, at most <paramref name="limit"/> (for example the dead letters, for admins).</summary>
    Task<IReadOnlyList<AlertRecord>> ListAlertsInStateAsync(DesignatedBodyCode body, AlertState state, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an alert's state and delivery (nothing else of it changes) if its ETag still matches: a claim, a send, a
    /// failure, a retry. A stale ETag (another dispatcher got there first) is a conflict and writes nothing.
    /// </summary>
    Task<SaveOutcome> UpdateAlertDeliveryAsync(AlertRecord alert, CancellationToken cancellationToken = default);
}
