using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// Fixed dates and fresh identities. Each test works in designated bodies and GMC numbers of its own, so
/// tests can share one database (as they will share one Cosmos container) without seeing each other.
/// </summary>
public static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 1, 15);

    public static readonly RevalidationOptions Options = new();

    public static readonly Actor ResponsibleOfficer = new("ro-1", "ResponsibleOfficer");

    public static readonly Actor Admin = new("admin-1", "Admin");

    private static int nextGmc = Random.Shared.Next(0, 4_000_000);

    /// <summary>A designated body code no other test uses.</summary>
    public static DesignatedBodyCode NewBodyCode() => DesignatedBodyCode.Parse($"T-{Guid.NewGuid():N}"[..14]);

    /// <summary>A GMC number no other test in this process uses (R12 makes them unique across the store).</summary>
    public static GmcNumber NewGmcNumber() => GmcNumber.Parse((1_000_000 + (Interlocked.Increment(ref nextGmc) % 9_000_000)).ToString("D7"));

    public static DesignatedBody Body(DesignatedBodyCode code, string name = "Northfield Hospitals NHS Trust") =>
        Ok(DesignatedBody.Create(code, name, new StaffMember("ro-1", "Dr Rhiannon Officer", "ro@example.nhs.uk", NewGmcNumber().Value)));

    public static AuditEvent Audit(DesignatedBodyCode body, Guid? doctorId, Actor actor, string action, DateTimeOffset at, object? change = null) =>
        AuditEvent.Create(body, doctorId, actor, action, $"{action} by {actor.Role}", at, change);

    public static AlertRecord Alert(DesignatedBodyCode body, string key, Guid? doctorId = null) =>
        new(key, body, doctorId, AlertRecipient.ResponsibleOfficer, AlertKind.ResponsibleOfficerReminder, new DateOnly(2026, 1, 1), Now, AlertState.Pending, new AlertFacts { CycleNumber = 1, DaysBefore = 120, Gaps = 2 });

    public static T Ok<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Test data is invalid: {result}");

    public static void Ok(Result result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Test step is invalid: {result}");
        }
    }
}
