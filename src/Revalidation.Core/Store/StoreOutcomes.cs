namespace Revalidation.Core.Store;

public enum SaveStatus
{
    Saved,
    /// <summary>The aggregate changed since it was read (stale ETag), or was created twice: nothing was written.</summary>
    Conflict,
    /// <summary>R12: another doctor already has this GMC number: nothing was written.</summary>
    DuplicateGmcNumber,
}

public sealed record SaveOutcome(SaveStatus Status, string? ETag = null)
{
    public bool Saved => Status == SaveStatus.Saved;
}

/// <summary>A lease term: who holds it, until when.</summary>
public sealed record LeaseGrant(string Name, string Holder, DateTimeOffset ExpiresAt);
