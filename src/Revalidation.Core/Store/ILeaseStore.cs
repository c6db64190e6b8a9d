namespace Revalidation.Core.Store;

/// <summary>The scheduler lease (one active worker replica, docs/decisions/0010).</summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes or renews the named lease for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/>:
    /// granted when nobody holds it, when its holder's term ended, or when <paramref name="holder"/> holds it already.
    /// Null when another holder's term still runs. Leases live outside every designated body (a fixed system partition).
    /// </summary>
    Task<LeaseGrant?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Ends the holder's term at once (a clean shutdown hands over without waiting); does nothing if another holds it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}
