using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Appraisals;

/// <summary>
/// R14–R16 (docs/domain.md#r14): a doctor's appraisal years — each year's appraisal or approved reason for missing it —
/// the annual declarations, the appraisal due month and the allocated appraiser.
/// </summary>
public sealed class AppraisalHistory : DoctorPart
{
    public const int MaxReasonLength = 1_000;

    [JsonInclude, JsonPropertyName("items")]
    private List<Appraisal> items = [];

    [JsonInclude, JsonPropertyName("declarations")]
    private List<AnnualDeclaration> declarations = [];

    /// <summary>R14: the month of the appraisal year in which the doctor is normally appraised.</summary>
    [JsonInclude]
    public int DueMonth { get; private set; }

    [JsonInclude]
    public string? AppraiserId { get; private set; }

    [JsonIgnore]
    public IReadOnlyList<Appraisal> Items => items;

    [JsonIgnore]
    public IReadOnlyList<AnnualDeclaration> Declarations => declarations;

    public Appraisal? For(int year) => items.FirstOrDefault(a => a.Year == year);

    public AnnualDeclaration? DeclarationFor(int year) => declarations.FirstOrDefault(d => d.Year == year);

    /// <summary>Whether the appraisal of the year is signed off (which locks the year's evidence and declarations).</summary>
    public bool IsSignedOff(int year) => For(year) is { IsCompleted: true };

    /// <summary>Allocates (or clears) the doctor's appraiser. R20 (docs/domain.md#r20): a doctor is never their own appraiser.</summary>
    public Result AssignAppraiser(string? appraiserId, string? appraiserGmcNumber = null)
    {
        if (appraiserId is not null && (appraiserId == Doctor.DirectoryId || appraiserGmcNumber == Doctor.GmcNumber.Value))
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "appraiserId", "A doctor cannot be their own appraiser. Allocate another appraiser.");
        }

        AppraiserId = string.IsNullOrWhiteSpace(appraiserId) ? null : appraiserId;
        return Result.Success;
    }

    /// <summary>Records the appraisal of a year; sign-off locks the evidence it used.</summary>
    public Result Record(AppraisalYear year, DateOnly meetingDate, bool signOff, bool pdpAgreed, string appraiserId, DateOnly today)
    {
        if (meetingDate > today)
        {
            return Result.Fail(RuleIds.Validation, "meetingDate", "The meeting date cannot be in the future.");
        }

        if (!year.Contains(meetingDate) && meetingDate < year.Start)
        {
            return Result.Fail(RuleIds.AppraisalYear, "meetingDate", $"The meeting date must be on or after the start of appraisal year {year.Label} ({year.Start:d MMMM yyyy}).");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal is already signed off.");
        }

        var appraisal = GetOrAdd(year);
        appraisal.MeetingDate = meetingDate;
        appraisal.PdpAgreed = pdpAgreed;
        appraisal.AppraiserId = appraiserId;
        if (signOff)
        {
            appraisal.SignedOffOn = today;
            appraisal.SignedOffBy = appraiserId;
            appraisal.MissedReason = null;
            appraisal.MissedApprovedBy = null;
            appraisal.MissedApprovedOn = null;
            Doctor.Evidence.LockYear(year.StartYear);
        }

        return Result.Success;
    }

    /// <summary>R15: the RO approves a missed or incomplete appraisal year, with a reason.</summary>
    public Result ApproveMissed(AppraisalYear year, string reason, string approvedBy, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "reason", $"A reason (1–{MaxReasonLength} characters) is needed to approve a missed appraisal.");
        }

        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal was completed; it cannot be approved as missed.");
        }

        var appraisal = GetOrAdd(year);
        appraisal.MissedReason = reason.Trim();
        appraisal.MissedApprovedBy = approvedBy;
        appraisal.MissedApprovedOn = today;
        return Result.Success;
    }

    /// <summary>R16: the doctor's annual probity and health statements (and "none" declarations).</summary>
    public Result Declare(AppraisalYear year, bool probity, bool health, bool noSignificantEvents, bool noComplimentsOrComplaints, DateOnly today)
    {
        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"The {year.Label} appraisal is signed off; its declarations are final.");
        }

        var declaration = DeclarationFor(year.StartYear);
        if (declaration is null)
        {
            declaration = new AnnualDeclaration(year.StartYear);
            declarations.Add(declaration);
        }

        declaration.Probity = probity;
        declaration.Health = health;
        declaration.NoSignificantEvents = noSignificantEvents;
        declaration.NoComplimentsOrComplaints = noComplimentsOrComplaints;
        declaration.DeclaredOn = today;
        return Result.Success;
    }

    internal static Result CheckDueMonth(int month) =>
        month is >= 1 and <= 12 ? Result.Success : Result.Fail(RuleIds.AppraisalYear, "appraisalDueMonth", "The appraisal due month is 1–12.");

    internal void SetDueMonth(int month) => DueMonth = month;

    private Appraisal GetOrAdd(AppraisalYear year)
    {
        if (For(year.StartYear) is { } appraisal)
        {
            return appraisal;
        }

        appraisal = new Appraisal(year.StartYear);
        items.Add(appraisal);
        return appraisal;
    }
}
