namespace Revalidation.Core.Common;

/// <summary>
/// A person acting in the product (RO, appraiser, medical director, admin). <see cref="UserId"/> is the
/// directory object id (or the demo persona id locally); it is what audit events record.
/// </summary>
public sealed record StaffMember(string UserId, string Name, string? Email = null, string? GmcNumber = null);

/// <summary>Who did something, as recorded in audit events.</summary>
public sealed record Actor(string UserId, string Role)
{
    public static readonly Actor System = new("system", "System");

    public override string ToString() => $"{Role}:{UserId}";
}
