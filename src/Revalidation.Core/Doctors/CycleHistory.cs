using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Doctors;

/// <summary>R1 (docs/domain.md#r1): a doctor's revalidation cycles, oldest first; the open one is current.</summary>
public sealed class CycleHistory : DoctorPart
{
    [JsonInclude, JsonPropertyName("items")]
    private List<RevalidationCycle> items = [];

    [JsonIgnore]
    public IReadOnlyList<RevalidationCycle> Items => items;

    /// <summary>The open cycle, if any (closed by non-engagement leaves none).</summary>
    [JsonIgnore]
    public RevalidationCycle? Current => items.LastOrDefault(c => c.IsOpen);

    /// <summary>R1: enter the RSD the GMC has set for the current cycle.</summary>
    public Result ConfirmRsd(DateOnly rsd)
    {
        if (Current is not { } cycle)
        {
            return Result.Fail(RuleIds.CycleLength, "rsd", "The doctor has no open revalidation cycle.");
        }

        if (rsd <= cycle.StartDate)
        {
            return Result.Fail(RuleIds.CycleLength, "rsd", $"The submission date must be after the cycle start ({cycle.StartDate:d MMMM yyyy}).");
        }

        if (Doctor.Recommendations.AwaitingGmcIn(cycle.Number))
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "rsd", "A recommendation is awaiting the GMC; the date will follow from its outcome.");
        }

        cycle.Rsd = rsd;
        cycle.RsdConfirmed = true;
        return Result.Success;
    }

    internal RevalidationCycle Number(int number) => items.Single(c => c.Number == number);

    /// <summary>The first cycle of a new record.</summary>
    internal void Start(DateOnly start, DateOnly rsd, bool rsdConfirmed) =>
        items.Add(new RevalidationCycle(items.Count + 1, start, rsd, rsdConfirmed));

    /// <summary>R11: an approved recommendation closes the cycle; a revalidation opens the next one on the same day.</summary>
    internal static void Close(RevalidationCycle cycle, CycleStatus status, DateOnly today)
    {
        cycle.Status = status;
        cycle.ClosedOn = today;
    }

    internal void OpenNext(DateOnly start, DateOnly rsd, bool rsdConfirmed) =>
        items.Add(new RevalidationCycle(items[^1].Number + 1, start, rsd, rsdConfirmed));
}
