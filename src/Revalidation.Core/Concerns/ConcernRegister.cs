using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Concerns;

/// <summary>
/// What stands in the way of a recommendation besides the evidence: a GMC fitness-to-practise investigation or a hold
/// on revalidation (R10, docs/domain.md#r10), an open local process (R19) and a conflict of interest between the body's
/// RO and the doctor (R20, with the additional RO who acts instead). The RO's own flag of an investigation and what the
/// GMC's list says are kept apart: a list never clears what the RO recorded, and the RO's flag never hides the GMC's.
/// </summary>
public sealed class ConcernRegister : DoctorPart
{
    /// <summary>R10: the RO has recorded that the GMC is investigating the doctor's fitness to practise (e.g. told by the ELA).</summary>
    [JsonInclude]
    public bool RoFlaggedInvestigation { get; private set; }

    /// <summary>R10: the GMC's own list says it is investigating (an investigation, or preliminary enquiries).</summary>
    [JsonIgnore]
    public bool GmcReportsInvestigation => Doctor.Gmc.Connection is { Connected: true } gmc && (gmc.Investigation || gmc.PreliminaryInvestigation);

    /// <summary>R3, R10: the GMC's own list says revalidation is on hold.</summary>
    [JsonIgnore]
    public bool GmcOnHold => Doctor.Gmc.Connection is { Connected: true, OnHold: true };

    /// <summary>R10: under a GMC fitness-to-practise investigation, by the RO's record or the GMC's list.</summary>
    [JsonIgnore]
    public bool UnderGmcInvestigation => RoFlaggedInvestigation || GmcReportsInvestigation;

    /// <summary>R10, decision (c): no recommendation can be submitted (an investigation, or the GMC's hold).</summary>
    [JsonIgnore]
    public bool RevalidationOnHold => UnderGmcInvestigation || GmcOnHold;

    /// <summary>R19: subject to an open local (governance) process.</summary>
    [JsonInclude]
    public bool OpenLocalProcess { get; private set; }

    /// <summary>R20: the designated body's RO has a declared conflict of interest with this doctor.</summary>
    [JsonInclude]
    public bool ResponsibleOfficerConflict { get; private set; }

    /// <summary>R20: the additional RO who acts for this doctor where the body's RO has a conflict of interest.</summary>
    [JsonInclude]
    public StaffMember? AdditionalResponsibleOfficer { get; private set; }

    /// <summary>R10: the RO records (or clears) a GMC fitness-to-practise investigation; what the GMC's list says is kept apart.</summary>
    public Result SetGmcInvestigation(bool underInvestigation)
    {
        if (RoFlaggedInvestigation == underInvestigation)
        {
            return Result.Fail(RuleIds.FitnessToPractise, "underGmcInvestigation", underInvestigation ? "The flag is already set." : "The flag is already clear.");
        }

        RoFlaggedInvestigation = underInvestigation;
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

        // The additional RO receives this doctor's RO alerts: one mailbox, or nothing changes (docs/domain.md#alerts).
        var email = EmailAddress.Optional(additionalResponsibleOfficer?.Email, "additionalResponsibleOfficer.email");
        if (!email.IsSuccess)
        {
            return email.Outcome;
        }

        ResponsibleOfficerConflict = conflict;
        AdditionalResponsibleOfficer = conflict ? additionalResponsibleOfficer! with { Email = email.Value } : null;
        return Result.Success;
    }
}
