using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Doctors;

/// <summary>R1: one revalidation cycle, normally five years, ending on the RSD that the GMC sets.</summary>
public sealed class RevalidationCycle
{
    [JsonConstructor]
    internal RevalidationCycle(int number, DateOnly startDate, DateOnly rsd, bool rsdConfirmed)
    {
        Number = number;
        StartDate = startDate;
        Rsd = rsd;
        RsdConfirmed = rsdConfirmed;
    }

    public int Number { get; }

    /// <summary>R1: the cycle's first day; editable (a first cycle after a new or restored licence, or CCT, is shorter).</summary>
    [JsonInclude]
    public DateOnly StartDate { get; internal set; }

    /// <summary>The revalidation submission date.</summary>
    [JsonInclude]
    public DateOnly Rsd { get; internal set; }

    /// <summary>True once the GMC's date is entered; false while it is our estimate (R1).</summary>
    [JsonInclude]
    public bool RsdConfirmed { get; internal set; }

    [JsonInclude]
    public CycleStatus Status { get; internal set; } = CycleStatus.Open;

    [JsonInclude]
    public DateOnly? ClosedOn { get; internal set; }

    /// <summary>R17 (docs/domain.md#r17): the RO recorded that patient feedback does not apply this cycle, or an alternative was agreed, and why.</summary>
    [JsonInclude]
    public string? PatientFeedbackNotApplicable { get; internal set; }

    public bool IsOpen => Status == CycleStatus.Open;
}
