using System.ComponentModel.DataAnnotations;

namespace Revalidation.Core.Common;

/// <summary>
/// The numbers behind the GMC rules. Values marked "Impl" in docs/domain.md#rules come from practice, not GMC text,
/// so every one of them is configuration ("Revalidation:Rules"), validated at start-up.
/// </summary>
public sealed class RevalidationOptions : IValidatableObject
{
    public const string Section = "Revalidation:Rules";

    /// <summary>R1: the normal cycle length.</summary>
    [Range(1, 10)]
    public int CycleYears { get; set; } = 5;

    /// <summary>R2: the GMC asks the doctor to confirm their connection this many months before the RSD.</summary>
    [Range(1, 12)]
    public int ConnectionCheckMonths { get; set; } = 6;

    /// <summary>R3: under notice from RSD minus this many days.</summary>
    [Range(30, 365)]
    public int NoticeWindowDays { get; set; } = 120;

    /// <summary>R5: the GMC warns the doctor this many days before the RSD.</summary>
    [Range(1, 60)]
    public int GmcFinalWarningDays { get; set; } = 10;

    /// <summary>
    /// R8 (Impl, docs/domain.md#r8): a proposed deferral date is at least this many days after the RSD, both bounds
    /// included. The GMC's service accepts only dates strictly between RSD + 60 and RSD + 365, so 61 to 364.
    /// </summary>
    [Range(1, 365)]
    public int DeferralMinDays { get; set; } = 61;

    /// <summary>R8 (Impl): and at most this many days after the RSD.</summary>
    [Range(1, 730)]
    public int DeferralMaxDays { get; set; } = 364;

    /// <summary>R14: the first month of the appraisal year (England: April).</summary>
    [Range(1, 12)]
    public int AppraisalYearStartMonth { get; set; } = 4;

    /// <summary>
    /// Decision (h) (Impl, docs/domain.md): an appraiser has at most this many appraisees in an appraisal year; more needs a
    /// reason. Set by your trust's appraisal policy.
    /// </summary>
    [Range(1, 500)]
    public int MaxAppraiseesPerAppraiser { get; set; } = 20;

    /// <summary>Decision (h) (Impl): the same appraiser appraises a doctor at most this many years running; another year needs a reason.</summary>
    [Range(1, 20)]
    public int MaxConsecutiveAppraisals { get; set; } = 3;

    /// <summary>R18: the college CPD target shown as advice, never enforced.</summary>
    [Range(0, 500)]
    public int CpdCreditsPerYearAdvice { get; set; } = 50;

    /// <summary>§4: days before the start of the appraisal due month when the doctor is reminded.</summary>
    public int[] DoctorAppraisalReminderDays { get; set; } = [60, 30, 7];

    /// <summary>§4: days before the RSD when the RO is alerted (the first is the start of notice).</summary>
    public int[] ResponsibleOfficerReminderDays { get; set; } = [120, 60, 30, 14];

    /// <summary>R5 (docs/domain.md#r5): the medical director is told this many days before the RSD when nothing is submitted; more than <see cref="GmcFinalWarningDays"/>; 0 turns it off.</summary>
    [Range(0, 120)]
    public int MedicalDirectorEscalationDays { get; set; } = 12;

    /// <summary>Decision (b): the last-chance notice for an outstanding appraisal this many days before the year ends (default 17 March); 0 turns it off.</summary>
    [Range(0, 90)]
    public int YearEndReminderDays { get; set; } = 14;

    /// <summary>§4: the doctor's "gaps" alert is sent again at most this often while gaps change.</summary>
    [Range(1, 90)]
    public int GapsResendDays { get; set; } = 7;

    public DateOnly NoticeStart(DateOnly rsd) => rsd.AddDays(-NoticeWindowDays);

    /// <summary>
    /// Configuration binding appends a configured list to the default one (so a notice window under 120 days could never
    /// be configured with its RO reminders); a list given in "Revalidation:Rules" replaces the default instead (docs/domain.md#alerts).
    /// </summary>
    public void UseConfiguredLists(int[]? doctorAppraisalReminderDays, int[]? responsibleOfficerReminderDays)
    {
        if (doctorAppraisalReminderDays is { Length: > 0 })
        {
            DoctorAppraisalReminderDays = doctorAppraisalReminderDays;
        }

        if (responsibleOfficerReminderDays is { Length: > 0 })
        {
            ResponsibleOfficerReminderDays = responsibleOfficerReminderDays;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeferralMinDays > DeferralMaxDays)
        {
            yield return new ValidationResult("DeferralMinDays must not exceed DeferralMaxDays.", [nameof(DeferralMinDays)]);
        }

        // R5: our last escalation to the RO must come before the GMC's own final warning to the doctor.
        if (ResponsibleOfficerReminderDays.Length == 0 || ResponsibleOfficerReminderDays.Any(d => d <= GmcFinalWarningDays))
        {
            yield return new ValidationResult(
                $"Every RO reminder must fall more than {GmcFinalWarningDays} days before the RSD (R5).",
                [nameof(ResponsibleOfficerReminderDays)]);
        }

        if (MedicalDirectorEscalationDays != 0 && MedicalDirectorEscalationDays <= GmcFinalWarningDays)
        {
            yield return new ValidationResult(
                $"The medical director's escalation must fall more than {GmcFinalWarningDays} days before the RSD (R5).",
                [nameof(MedicalDirectorEscalationDays)]);
        }

        if (ResponsibleOfficerReminderDays.Any(d => d > NoticeWindowDays))
        {
            yield return new ValidationResult("RO reminders start no earlier than the notice window.", [nameof(ResponsibleOfficerReminderDays)]);
        }

        if (DoctorAppraisalReminderDays.Any(d => d < 0 || d > 366))
        {
            yield return new ValidationResult("Appraisal reminders must be 0–366 days before the due month.", [nameof(DoctorAppraisalReminderDays)]);
        }
    }

    /// <summary>Validates outside DI (the console, tests) with the same rules as start-up validation.</summary>
    public Result Check()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Count == 0
            ? Result.Success
            : Result.Fail(results.Select(r => new RuleViolation(
                r.ErrorMessage?.Contains("(R5)", StringComparison.Ordinal) == true ? RuleIds.GmcFinalWarning : RuleIds.Validation,
                r.MemberNames.FirstOrDefault() ?? "options",
                r.ErrorMessage ?? "invalid")));
    }
}
