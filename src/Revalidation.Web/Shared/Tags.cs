namespace Revalidation.Web.Shared;

/// <summary>Words and NHS tag colours for statuses, so a status never relies on colour alone.</summary>
public static class Tags
{
    public static string Label(string tag) => tag switch
    {
        "under-notice" => "Under notice",
        "ready" => "Ready",
        "gaps" => "Gaps",
        "overdue" => "Overdue",
        "deferred" => "Deferred",
        "submitted" => "Submitted",
        "draft" => "Draft",
        "leaver" => "Leaver",
        "investigation" => "GMC investigation",
        "local-process" => "Local process",
        "on-hold" => "On hold",
        _ => tag,
    };

    public static string Colour(string tag) => tag switch
    {
        "under-notice" => "nhsuk-tag--orange",
        "ready" => "nhsuk-tag--green",
        "gaps" => "nhsuk-tag--yellow",
        "overdue" => "nhsuk-tag--red",
        "deferred" => "nhsuk-tag--purple",
        "submitted" => "nhsuk-tag--blue",
        "draft" => "nhsuk-tag--grey",
        "leaver" => "nhsuk-tag--white",
        "investigation" => "nhsuk-tag--red",
        "local-process" => "nhsuk-tag--pink",
        "on-hold" => "nhsuk-tag--orange",
        _ => "nhsuk-tag--grey",
    };

    public static (string Text, string Colour) Year(AppraisalYearStatus status) => status switch
    {
        AppraisalYearStatus.Completed => ("Completed", "nhsuk-tag--green"),
        AppraisalYearStatus.ApprovedMissed => ("Approved missed", "nhsuk-tag--blue"),
        AppraisalYearStatus.UnapprovedMissed => ("Missed", "nhsuk-tag--red"),
        AppraisalYearStatus.Overdue => ("Overdue", "nhsuk-tag--red"),
        AppraisalYearStatus.Due => ("Due", "nhsuk-tag--orange"),
        AppraisalYearStatus.NotExpected => ("Not expected", "nhsuk-tag--grey"),
        _ => ("Not started", "nhsuk-tag--grey"),
    };

    public static string TypeName(SupportingInformationType type) => type switch
    {
        SupportingInformationType.ContinuingProfessionalDevelopment => "Continuing professional development (CPD)",
        SupportingInformationType.QualityImprovementActivity => "Quality improvement activity",
        SupportingInformationType.SignificantEvents => "Significant events",
        SupportingInformationType.PatientFeedback => "Patient feedback",
        SupportingInformationType.ColleagueFeedback => "Colleague feedback",
        SupportingInformationType.ComplimentsAndComplaints => "Compliments and complaints",
        _ => "Other",
    };

    public static string SubReasonName(DeferralSubReason s) => s switch
    {
        DeferralSubReason.AppraisalActivity => "1 – Appraisal activity",
        DeferralSubReason.ColleagueFeedback => "2 – Colleague feedback",
        DeferralSubReason.ComplimentsAndComplaints => "3 – Compliments and complaints",
        DeferralSubReason.ContinuingProfessionalDevelopment => "4 – CPD",
        DeferralSubReason.InterruptionToPractice => "5 – Interruption to practice",
        DeferralSubReason.PatientFeedback => "6 – Patient feedback",
        DeferralSubReason.QualityImprovementActivity => "7 – Quality improvement activity",
        _ => "8 – Significant events",
    };

    public static string Date(DateOnly d) => d.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(DateOnly? d) => d is { } v ? Date(v) : "—";

    /// <summary>
    /// A moment as UK clock time, "3 December 2026, 9:05am". The browser runs without time-zone data, so British Summer Time
    /// (from 1am UTC on the last Sunday of March to 1am UTC on the last Sunday of October) is applied here.
    /// </summary>
    public static string When(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var uk = utc >= BstBoundary(utc.Year, 3) && utc < BstBoundary(utc.Year, 10) ? utc.AddHours(1) : utc;
        var hour = uk.Hour % 12 == 0 ? 12 : uk.Hour % 12;
        return $"{Date(DateOnly.FromDateTime(uk))}, {hour.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{uk.Minute.ToString("00", System.Globalization.CultureInfo.InvariantCulture)}{(uk.Hour < 12 ? "am" : "pm")}";
    }

    private static System.DateTime BstBoundary(int year, int month)
    {
        var last = new System.DateTime(year, month, System.DateTime.DaysInMonth(year, month), 1, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
