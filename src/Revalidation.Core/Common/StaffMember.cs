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

    /// <summary>The role a doctor acts in on their own record (the API's "Doctor" app role).</summary>
    public const string DoctorRole = "Doctor";

    /// <summary>The RO's support team (the API's "RevalidationManager" app role): prepares recommendations, never decides them.</summary>
    public const string RevalidationManagerRole = "RevalidationManager";

    /// <summary>R20 (docs/domain.md#r20): acting on <paramref name="doctor"/>'s record in a role other than their own, as that doctor.</summary>
    public bool IsActingOnOwnRecord(string? doctorDirectoryId) =>
        Role != DoctorRole && this != System && doctorDirectoryId is not null && doctorDirectoryId == UserId;

    public override string ToString() => $"{Role}:{UserId}";
}
