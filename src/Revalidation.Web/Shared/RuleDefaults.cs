namespace Revalidation.Web.Shared;

/// <summary>
/// The compiled default rule values the client used before the API served the rules (docs/domain.md#r8, docs/domain.md#r14).
/// Interim only: replaced by the rules the API serves for each doctor.
/// </summary>
public sealed class RuleDefaults
{
    public int DeferralMinDays { get; init; } = 60;

    public int DeferralMaxDays { get; init; } = 365;

    public int AppraisalYearStartMonth { get; init; } = 4;
}
