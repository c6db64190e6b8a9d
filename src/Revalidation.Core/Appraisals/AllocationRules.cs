using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Appraisals;

/// <summary>
/// What the allocation rules need beyond the doctor's record: the current appraisal year, how many of the body's active
/// doctors (other than this one) the appraiser has now, and the configured limits.
/// </summary>
/// <param name="Year">The appraisal year the allocation is for (the current one).</param>
/// <param name="CurrentAppraisees">Active doctors of the body, other than this doctor, allocated to the appraiser now.</param>
public sealed record AllocationContext(AppraisalYear Year, int CurrentAppraisees, int MaxAppraisees, int MaxConsecutive)
{
    public static AllocationContext For(AppraisalYear year, int currentAppraisees, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(year, currentAppraisees, options.MaxAppraiseesPerAppraiser, options.MaxConsecutiveAppraisals);
    }
}

/// <summary>The outcome of the allocation rules for one appraiser and one doctor.</summary>
/// <param name="Refusal">A hard rule broken (own appraiser, declared conflict): never allocated. Null when none.</param>
/// <param name="NeedsReason">Soft rules broken (appraisee cap, consecutive years): allocated only with a reason.</param>
/// <param name="ConsecutiveYears">The appraisal years running, up to now, this appraiser completed the doctor's appraisal.</param>
public sealed record AllocationCheck(string? Refusal, IReadOnlyList<string> NeedsReason, int ConsecutiveYears)
{
    public bool IsClear => Refusal is null && NeedsReason.Count == 0;
}

/// <summary>
/// Issue 16, item 5 (docs/domain.md, decision (j)): the appraiser allocation rules, in one place. Hard: a doctor is never
/// their own appraiser (R20); never an appraiser with a declared conflict of interest. Soft (a reason allocates anyway):
/// at most <see cref="AllocationContext.MaxAppraisees"/> appraisees per appraiser in the appraisal year; at most
/// <see cref="AllocationContext.MaxConsecutive"/> appraisal years running by the same appraiser.
/// </summary>
public static class AllocationRules
{
    public static AllocationCheck Check(DoctorRecord doctor, StaffMember appraiser, AllocationContext context)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(appraiser);
        ArgumentNullException.ThrowIfNull(context);
        var consecutive = ConsecutiveYears(doctor.Appraisals, appraiser, context.Year);
        if (appraiser.UserId == doctor.DirectoryId || (appraiser.GmcNumber is not null && appraiser.GmcNumber == doctor.GmcNumber.Value))
        {
            return new("A doctor cannot be their own appraiser. Allocate another appraiser.", [], consecutive);
        }

        if (doctor.Appraisals.ConflictWith(appraiser.UserId) is not null)
        {
            return new($"A conflict of interest between {appraiser.Name} and this doctor is declared. Allocate another appraiser, or withdraw the declaration first.", [], consecutive);
        }

        var soft = new List<string>();
        if (consecutive >= context.MaxConsecutive)
        {
            soft.Add($"{appraiser.Name} has appraised this doctor for the last {Years(consecutive)}; give a reason to allocate them again.");
        }

        if (context.CurrentAppraisees >= context.MaxAppraisees)
        {
            soft.Add($"{appraiser.Name} already has {Doctors(context.CurrentAppraisees)} to appraise this year (the most is {context.MaxAppraisees:N0}); give a reason to allocate another.");
        }

        return new(null, soft, consecutive);
    }

    /// <summary>
    /// The appraisal years running, back from now, whose appraisal <paramref name="appraiser"/> completed: the current year
    /// counts once signed off; a year approved as missed (R15) is passed over, any other year ends the run.
    /// </summary>
    public static int ConsecutiveYears(AppraisalHistory history, StaffMember appraiser, AppraisalYear current)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(appraiser);
        if (history.Items.Count == 0)
        {
            return 0;
        }

        var earliest = history.Items.Min(a => a.Year);
        var year = history.IsSignedOff(current.StartYear) ? current.StartYear : current.StartYear - 1;
        var count = 0;
        for (; year >= earliest; year--)
        {
            var appraisal = history.For(year);
            if (appraisal is { IsApprovedMissed: true })
            {
                continue;
            }

            if (appraisal is not { IsCompleted: true } || !By(appraisal, appraiser))
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static bool By(Appraisal appraisal, StaffMember appraiser) =>
        appraisal.AppraiserId == appraiser.UserId || (appraiser.GmcNumber is not null && appraisal.AppraiserGmcNumber == appraiser.GmcNumber);

    internal static string Years(int n) => n == 1 ? "year" : $"{n:N0} years";

    internal static string Doctors(int n) => n == 1 ? "1 doctor" : $"{n:N0} doctors";
}

/// <summary>One suggestion: the doctor, and the appraiser who breaks no rule (null when none fits), with why in plain words.</summary>
public sealed record AllocationSuggestion(DoctorRecord Doctor, StaffMember? Appraiser, string Why);

/// <summary>
/// Issue 16, item 5: suggests an appraiser for each doctor without one: among the appraisers who break no allocation rule
/// (<see cref="AllocationRules.Check"/> clear), the one with the fewest appraisees (then by name), counting the
/// suggestions already made. Writes nothing.
/// </summary>
public static class AllocationSuggester
{
    public static IReadOnlyList<AllocationSuggestion> Suggest(
        IReadOnlyList<DoctorRecord> doctors, IReadOnlyList<StaffMember> appraisers, IReadOnlyDictionary<string, int> appraisees, AppraisalYear year, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(doctors);
        ArgumentNullException.ThrowIfNull(appraisers);
        ArgumentNullException.ThrowIfNull(appraisees);
        ArgumentNullException.ThrowIfNull(options);
        var load = appraisers.ToDictionary(a => a.UserId, a => appraisees.GetValueOrDefault(a.UserId));
        var suggestions = new List<AllocationSuggestion>();
        foreach (var doctor in doctors)
        {
            if (appraisers.Count == 0)
            {
                suggestions.Add(new(doctor, null, "The designated body has no appraisers. The admin adds them."));
                continue;
            }

            var checks = appraisers
                .Select(a => (Appraiser: a, Check: AllocationRules.Check(doctor, a, AllocationContext.For(year, load[a.UserId], options))))
                .ToList();
            var fit = checks.Where(c => c.Check.IsClear)
                .OrderBy(c => load[c.Appraiser.UserId]).ThenBy(c => c.Appraiser.Name, StringComparer.Ordinal).ThenBy(c => c.Appraiser.UserId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (fit.Appraiser is null)
            {
                suggestions.Add(new(doctor, null, "No appraiser fits without breaking a rule: "
                    + string.Join(" ", checks.Select(c => c.Check.Refusal ?? c.Check.NeedsReason[0]).Distinct())));
                continue;
            }

            var has = load[fit.Appraiser.UserId];
            var history = fit.Check.ConsecutiveYears == 0
                ? "has not appraised this doctor in the years just gone"
                : $"appraised this doctor for the last {AllocationRules.Years(fit.Check.ConsecutiveYears)}";
            suggestions.Add(new(doctor, fit.Appraiser,
                $"Fewest appraisees among the appraisers who fit ({(has == 0 ? "none yet" : AllocationRules.Doctors(has))} this year); {history}."));
            load[fit.Appraiser.UserId] = has + 1;
        }

        return suggestions;
    }
}
