using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Tests.Support;

/// <summary>The values every test shares unless it says otherwise.</summary>
internal static class TestData
{
    public const string DoctorGmcNumber = "1234567";
    public const string RoGmcNumber = "7654321";
    public const string RoUserId = "ro-1";
    public const string AppraiserId = "appraiser-1";

    /// <summary>December: the due month used unless a test needs another.</summary>
    public const int DueMonth = 12;

    public static readonly DesignatedBodyCode Body = DesignatedBodyCode.Parse("1-AIIDWA");

    /// <summary>A confirmed RSD: the first cycle runs 15 September 2025 – 15 September 2030.</summary>
    public static readonly DateOnly Rsd = new(2030, 9, 15);

    public static readonly Guid DoctorId = new("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

    public static StaffMember ResponsibleOfficer => new(RoUserId, "Dr Rosa Officer", "ro@example.org", RoGmcNumber);

    public static StaffMember AdditionalResponsibleOfficer => new("ro-2", "Dr Alan Other", "ro2@example.org", "1111111");

    /// <summary>The default options, a fresh instance per test so that a test may change it.</summary>
    public static RevalidationOptions Options() => new();

    /// <summary>Midday, UK time, on a calendar day.</summary>
    public static DateTimeOffset At(DateOnly date) => UkCalendar.StartOfDay(date).AddHours(12);
}
