using Revalidation.Core.Common;

namespace Revalidation.Core.Doctors;

/// <summary>The dates of a revalidation cycle (R1, R2, R3, R5). Pure functions of the RSD and the options.</summary>
public static class CycleRules
{
    /// <summary>R1: the longest a cycle may be set to start before its RSD (a cycle lengthened by deferrals stays within it).</summary>
    public const int MaxCycleYears = 7;

    /// <summary>R1: until the GMC gives the next RSD, estimate it as the previous RSD plus the cycle length.</summary>
    public static DateOnly EstimateNextRsd(DateOnly previousRsd, RevalidationOptions options) => previousRsd.AddYears(options.CycleYears);

    /// <summary>R1: the start of a cycle that ends on <paramref name="rsd"/>, when nothing better is known.</summary>
    public static DateOnly EstimateCycleStart(DateOnly rsd, RevalidationOptions options) => rsd.AddYears(-options.CycleYears);

    /// <summary>R2: when the GMC asks the doctor to confirm their connection.</summary>
    public static DateOnly ConnectionCheckDate(DateOnly rsd, RevalidationOptions options) => rsd.AddMonths(-options.ConnectionCheckMonths);

    /// <summary>R3: the first day the doctor is under notice.</summary>
    public static DateOnly NoticeStart(DateOnly rsd, RevalidationOptions options) => options.NoticeStart(rsd);

    /// <summary>R3: under notice from RSD − window until the RSD, both inclusive.</summary>
    public static bool IsUnderNotice(DateOnly rsd, DateOnly today, RevalidationOptions options) =>
        today >= NoticeStart(rsd, options) && today <= rsd;

    /// <summary>R5: the day the GMC warns the doctor that nothing has arrived.</summary>
    public static DateOnly GmcFinalWarningDate(DateOnly rsd, RevalidationOptions options) => rsd.AddDays(-options.GmcFinalWarningDays);

    /// <summary>R5: our last escalation to the RO, which must come before the GMC's final warning.</summary>
    public static DateOnly LastResponsibleOfficerEscalation(DateOnly rsd, RevalidationOptions options) =>
        rsd.AddDays(-options.ResponsibleOfficerReminderDays.Min());

    /// <summary>Days from today until the RSD (negative once it has passed).</summary>
    public static int DaysUntil(DateOnly rsd, DateOnly today) => UkCalendar.DaysBetween(today, rsd);
}
