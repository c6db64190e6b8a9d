using Microsoft.Extensions.Logging;
using Revalidation.Core.Store;

namespace Revalidation.Core.Scheduling;

/// <summary>
/// The single-active-scheduler lease (docs/architecture.md#hosts): the replica that holds it runs the jobs; the others stand by
/// and take over within one lease term when it stops renewing (it died), or at once when it releases the lease
/// (a clean shutdown). The lease is an optimisation, not the guarantee: every job is idempotent without it.
/// <see cref="IsHeld"/> is judged on this replica's clock against the term the store granted.
/// </summary>
public sealed partial class SchedulerLease(ILeaseStore leases, TimeProvider time, string name, string holder, TimeSpan duration, ILogger<SchedulerLease> logger)
{
    private DateTimeOffset? heldUntil;

    public string Name { get; } = name;

    public string Holder { get; } = holder;

    public TimeSpan Duration { get; } = duration;

    /// <summary>This replica's term runs now.</summary>
    public bool IsHeld => heldUntil is { } until && time.GetUtcNow() < until;

    /// <summary>Takes the lease if free or expired, renews it if held; returns whether this replica holds it now.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var grant = await leases.TryAcquireLeaseAsync(Name, Holder, time.GetUtcNow(), Duration, cancellationToken);
            heldUntil = grant?.ExpiresAt;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is unreachable: keep what was granted until it lapses, then stand down (IsHeld turns false).
            LogRefreshFailed(logger, e, Name);
        }

        return IsHeld;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (heldUntil is null)
        {
            return;
        }

        heldUntil = null;
        await leases.ReleaseLeaseAsync(Name, Holder, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler lease {Name}: could not renew; keeping the current term until it lapses")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string name);
}
