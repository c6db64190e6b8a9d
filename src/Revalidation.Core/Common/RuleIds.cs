namespace Revalidation.Core.Common;

/// <summary>The rule ids of docs/domain.md#rules, used in violations and as test traits.</summary>
public static class RuleIds
{
    public const string Validation = "Validation";
    public const string CycleLength = "R1";
    public const string ConnectionCheck = "R2";
    public const string UnderNotice = "R3";
    public const string SubmissionWindow = "R4";
    public const string GmcFinalWarning = "R5";
    public const string OneOpenRecommendation = "R6";
    public const string SubmittedIsFinal = "R7";
    public const string Deferral = "R8";
    public const string NonEngagement = "R9";
    public const string FitnessToPractise = "R10";
    public const string GmcOutcome = "R11";
    public const string GmcNumberFormat = "R12";
    public const string Connection = "R13";
    public const string AppraisalYear = "R14";
    public const string AppraisalClassification = "R15";
    public const string AppraisalContent = "R16";
    public const string CycleContent = "R17";
    public const string CpdAdvice = "R18";
    public const string Readiness = "R19";
    public const string ResponsibleOfficer = "R20";
}
