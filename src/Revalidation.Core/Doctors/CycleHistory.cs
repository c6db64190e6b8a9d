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

    /// <summary>The cycle closed last (by revalidation or non-engagement), if any.</summary>
    [JsonIgnore]
    public RevalidationCycle? LastClosed => items.LastOrDefault(c => !c.IsOpen);

    /// <summary>
    /// R1: enter the RSD the GMC has set for the current cycle. A date on or before the closed cycle's is refused (it
    /// belongs to the cycle just closed). After an approved non-engagement, a new date from the GMC opens a new cycle (R11).
    /// </summary>
    public Result ConfirmRsd(DateOnly rsd, DateOnly today)
    {
        if (LastClosed is { } closed && rsd <= closed.Rsd)
        {
            return Result.Fail(RuleIds.CycleLength, "rsd", $"The submission date must be after that of the cycle that closed ({closed.Rsd:d MMMM yyyy}).");
        }

        if (Current is not { } cycle)
        {
            return ReopenAfterNonEngagement(rsd, today)
                ? Result.Success
                : Result.Fail(RuleIds.CycleLength, "rsd", "The doctor has no open revalidation cycle.");
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

    /// <summary>
    /// R1: the current cycle starts on another day: a first cycle after a new or restored licence, after CCT, or a
    /// joiner whose earlier history is held elsewhere. Appraisal years before it are not expected.
    /// </summary>
    public Result SetStart(DateOnly start, DateOnly today)
    {
        if (Current is not { } cycle)
        {
            return Result.Fail(RuleIds.CycleLength, "cycleStart", "The doctor has no open revalidation cycle.");
        }

        if (start > today || start >= cycle.Rsd)
        {
            return Result.Fail(RuleIds.CycleLength, "cycleStart", $"The cycle start must be on or before today and before the submission date ({cycle.Rsd:d MMMM yyyy}).");
        }

        if (LastClosed?.ClosedOn is { } closedOn && start < closedOn)
        {
            return Result.Fail(RuleIds.CycleLength, "cycleStart", $"The cycle cannot start before the previous one closed ({closedOn:d MMMM yyyy}).");
        }

        if (start < cycle.Rsd.AddYears(-CycleRules.MaxCycleYears))
        {
            return Result.Fail(RuleIds.CycleLength, "cycleStart", $"A cycle lasts at most {CycleRules.MaxCycleYears} years before its submission date.");
        }

        cycle.StartDate = start;
        return Result.Success;
    }

    /// <summary>R17 (docs/domain.md#r17): the RO records that patient feedback does not apply this cycle (or clears it with null).</summary>
    public Result<bool> SetPatientFeedbackNotApplicable(string? reason)
    {
        if (Current is not { } cycle)
        {
            return Result<bool>.Fail(RuleIds.CycleContent, "notApplicableReason", "The doctor has no open revalidation cycle.");
        }

        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > 1_000 })
        {
            return Result<bool>.Fail(RuleIds.CycleContent, "notApplicableReason", "The reason is at most 1000 characters.");
        }

        var changed = cycle.PatientFeedbackNotApplicable != text;
        cycle.PatientFeedbackNotApplicable = text;
        return changed;
    }

    /// <summary>R1, R11: follows a submission date the GMC gave (already checked against the closed cycle); whether anything changed.</summary>
    internal bool FollowGmcDate(DateOnly rsd, DateOnly today)
    {
        if (Current is not { } cycle)
        {
            return ReopenAfterNonEngagement(rsd, today);
        }

        if ((cycle.Rsd == rsd && cycle.RsdConfirmed) || Doctor.Recommendations.AwaitingGmcIn(cycle.Number))
        {
            return false;
        }

        cycle.Rsd = rsd;
        cycle.RsdConfirmed = true;
        return true;
    }

    /// <summary>R11: after an approved non-engagement the GMC may give a new submission date; revalidation goes on in a new cycle.</summary>
    private bool ReopenAfterNonEngagement(DateOnly rsd, DateOnly today)
    {
        if (LastClosed is not { Status: CycleStatus.ClosedNonEngagement } closed || rsd <= closed.Rsd || rsd <= today)
        {
            return false;
        }

        OpenNext(today, rsd, rsdConfirmed: true);
        return true;
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
