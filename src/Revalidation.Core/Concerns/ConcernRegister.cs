using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Concerns;

/// <summary>
/// What stands in the way of a recommendation besides the evidence: a GMC fitness-to-practise investigation (R10,
/// docs/domain.md#r10), an open local process (R19) and a conflict of interest between the body's RO and the doctor
/// (R20, with the additional RO who acts instead).
/// </summary>
public sealed class ConcernRegister : DoctorPart
{
    /// <summary>R10: under a GMC fitness-to-practise investigation.</summary>
    [JsonInclude]
    public bool UnderGmcInvestigation { get; internal set; }

    /// <summary>R19: subject to an open local (governance) process.</summary>
    [JsonInclude]
    public bool OpenLocalProcess { get; private set; }

    /// <summary>R20: the designated body's RO has a declared conflict of interest with this doctor.</summary>
    [JsonInclude]
    public bool ResponsibleOfficerConflict { get; private set; }

    /// <summary>R20: the additional RO who acts for this doctor where the body's RO has a conflict of interest.</summary>
    [JsonInclude]
    public StaffMember? AdditionalResponsibleOfficer { get; private set; }

    /// <summary>R10: flag or clear a GMC fitness-to-practise investigation.</summary>
    public Result SetGmcInvestigation(bool underInvestigation)
    {
        if (UnderGmcInvestigation == underInvestigation)
        {
            return Result.Fail(RuleIds.FitnessToPractise, "underGmcInvestigation", underInvestigation ? "The flag is already set." : "The flag is already clear.");
        }

        UnderGmcInvestigation = underInvestigation;
        return Result.Success;
    }

    /// <summary>R19: flag or clear an open local process.</summary>
    public Result SetOpenLocalProcess(bool open)
    {
        if (OpenLocalProcess == open)
        {
            return Result.Fail(RuleIds.Readiness, "openLocalProcess", open ? "The flag is already set." : "The flag is already clear.");
        }

        OpenLocalProcess = open;
        return Result.Success;
    }

    /// <summary>R20: declare (or clear) the RO's conflict of interest, naming the additional RO who acts instead.</summary>
    public Result SetResponsibleOfficerConflict(bool conflict, StaffMember? additionalResponsibleOfficer)
    {
        if (conflict && additionalResponsibleOfficer is null)
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "additionalResponsibleOfficer", "A conflict of interest needs an additional responsible officer.");
        }

        ResponsibleOfficerConflict = conflict;
        AdditionalResponsibleOfficer = conflict ? additionalResponsibleOfficer : null;
        return Result.Success;
    }
}
