using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// For tests only (linked into the test projects that need it): every alert of a designated body, which the
/// <see cref="IAlertOutbox"/> port does not offer (no production code needs it), read through the port itself.
/// </summary>
internal static class AlertOutboxReads
{
    /// <summary>
    /// Every alert of <paramref name="body"/>, in every state, oldest first and then by key (ordinal), each with its
    /// ETag: the union of <see cref="IAlertOutbox.ListAlertsInStateAsync"/> over all states, which never overlap.
    /// </summary>
    public static async Task<IReadOnlyList<AlertRecord>> ListAllAlertsAsync(this IAlertOutbox outbox, DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var all = new List<AlertRecord>();
        foreach (var state in Enum.GetValues<AlertState>())
        {
            all.AddRange(await outbox.ListAlertsInStateAsync(body, state, int.MaxValue, cancellationToken));
        }

        return [.. all.OrderBy(a => a.CreatedAt).ThenBy(a => a.Key, StringComparer.Ordinal)];
    }
}
