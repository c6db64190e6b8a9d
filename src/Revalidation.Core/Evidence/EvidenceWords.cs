using System.Globalization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Evidence;

/// <summary>Supporting information in the words people read in an audit trail (issue 15, item 9): no enum names, no byte counts.</summary>
public static class EvidenceWords
{
    public static string TypeName(SupportingInformationType type) => type switch
    {
        SupportingInformationType.ContinuingProfessionalDevelopment => "continuing professional development (CPD)",
        SupportingInformationType.QualityImprovementActivity => "quality improvement activity",
        SupportingInformationType.SignificantEvents => "significant events",
        SupportingInformationType.PatientFeedback => "patient feedback",
        SupportingInformationType.ColleagueFeedback => "colleague feedback",
        SupportingInformationType.ComplimentsAndComplaints => "compliments and complaints",
        _ => "other supporting information",
    };

    /// <summary>"under 1 KB", "340 KB", "2.5 MB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => "under 1 KB",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
