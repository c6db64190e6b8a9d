using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Recommendations;

/// <summary>One doctor on the ready list or the review list: why they are there, in plain words.</summary>
public sealed record ReadyListEntry(DoctorSummary Doctor, ReadinessReport Readiness, IReadOnlyList<string> Reasons, ReadyListPlacement? Placement);

/// <summary>The two lists, and the recommendations held or waiting to be entered in GMC Connect.</summary>
public sealed record ReadyListView(
    IReadOnlyList<ReadyListEntry> Ready,
    IReadOnlyList<ReadyListEntry> NeedsReview,
    IReadOnlyList<DoctorSummary> Held,
    IReadOnlyList<DoctorSummary> ToEnterInGmcConnect);

/// <summary>
/// Issue 16, item 3: "Ready for a recommendation" is every active doctor under notice (R3) with a confirmed RSD, ready
/// for revalidation (R19) and nothing blocking (R10, an open recommendation other than a draft). "Needs review" is everyone
/// else under notice, each with why. The team may move a doctor from one to the other with a note (a ready placement
/// never overrides a hard block).
/// </summary>
public static class ReadyList
{
    public static ReadyListView Build(IEnumerable<DoctorSummary> summaries, DateOnly today, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var ready = new List<ReadyListEntry>();
        var review = new List<ReadyListEntry>();
        var held = new List<DoctorSummary>();
        var toEnter = new List<DoctorSummary>();
        foreach (var doctor in summaries.Where(s => s.Status == DoctorStatus.Active))
        {
            switch (doctor.OpenRecommendation?.Status)
            {
                case RecommendationStatus.Held:
                    held.Add(doctor);
                    continue;
                case RecommendationStatus.ToEnterInGmcConnect:
                    toEnter.Add(doctor);
                    continue;
                case RecommendationStatus.Submitted or RecommendationStatus.UnderReview:
                    continue;
            }

            if (doctor.Cycle is not { } cycle || !CycleRules.IsUnderNotice(cycle.Rsd, today, options))
            {
                continue;
            }

            var readiness = ReadinessEvaluator.Evaluate(doctor, today, options);
            var reasons = new List<string>();
            var hardBlock = doctor.RevalidationOnHold || !cycle.RsdConfirmed;
            if (!cycle.RsdConfirmed)
            {
                reasons.Add("The submission date is an estimate: confirm it from GMC Connect.");
            }

            reasons.AddRange(readiness.Gaps.Select(g => g.Message));
            if (doctor.OpenRecommendation is { Type: not RecommendationType.Revalidate } draft)
            {
                reasons.Add(draft.Type == RecommendationType.Defer
                    ? "A draft recommendation to defer is open on the doctor's page."
                    : "A draft recommendation of non-engagement is open on the doctor's page.");
                hardBlock = true;
            }

            var placement = doctor.Placement;
            var isReady = placement is { Ready: var placed } && !(placed && hardBlock)
                ? placed
                : !hardBlock && readiness.Ready && reasons.Count == 0;
            if (placement is { Ready: false })
            {
                reasons.Insert(0, $"Moved to the review list: {placement.Note}");
            }
            else if (placement is { Ready: true } && isReady)
            {
                reasons.Insert(0, $"Moved to the ready list: {placement.Note}");
            }

            (isReady ? ready : review).Add(new ReadyListEntry(doctor, readiness, reasons, placement));
        }

        static IReadOnlyList<ReadyListEntry> ByRsd(List<ReadyListEntry> list) =>
            [.. list.OrderBy(e => e.Doctor.Cycle!.Rsd).ThenBy(e => e.Doctor.FamilyName, StringComparer.OrdinalIgnoreCase)];

        return new ReadyListView(ByRsd(ready), ByRsd(review),
            [.. held.OrderBy(d => d.OpenRecommendation!.HoldEndsAt)],
            [.. toEnter.OrderBy(d => d.FamilyName, StringComparer.OrdinalIgnoreCase)]);
    }
}
