using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Readiness;

/// <summary>One line of the supporting-information checklist: present, or exactly what is missing.</summary>
public sealed record ChecklistItem(string Name, bool Done, string? Missing);

/// <summary>The checklist of one appraisal year (R16) or of the whole cycle (R17).</summary>
public sealed record ChecklistGroup(string Heading, int? Year, IReadOnlyList<ChecklistItem> Items);

/// <summary>R8: the dates a deferral may propose, and the configured day counts they come from.</summary>
public sealed record DeferralBounds(DateOnly Earliest, DateOnly Latest, int MinDays, int MaxDays);

/// <summary>
/// What the web UI shows of the rules for one doctor, computed with the configured <see cref="RevalidationOptions"/>
/// ("Revalidation:Rules") so the browser shows what the API enforces (docs/decisions/0015-record-parts-write-path-ports.md):
/// the R8 deferral bounds and whether a deferral now is consecutive, and the R16/R17 supporting-information checklist.
/// </summary>
public sealed record DoctorRules(DeferralBounds? Deferral, bool DeferralWouldBeConsecutive, IReadOnlyList<ChecklistGroup> Checklist)
{
    /// <summary>R4: the current cycle's RSD is the GMC's, not an estimate (a revalidate or defer recommendation needs it).</summary>
    public bool RsdConfirmed { get; init; } = true;

    /// <summary>R10, decision (c): no recommendation can be submitted.</summary>
    public bool RevalidationOnHold { get; init; }

    /// <summary>R14: the appraisal year containing today (UK date).</summary>
    public AppraisalYear CurrentAppraisalYear { get; init; }

    /// <summary>
    /// The year new supporting information defaults to: the one containing today, or the next once today's year's appraisal
    /// is signed off (a signed-off appraisal takes no more evidence; what follows supports the next appraisal).
    /// </summary>
    public AppraisalYear NewEvidenceYear { get; init; }

    public static DoctorRules For(DoctorRecord doctor, DateOnly today, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(options);
        var summary = DoctorSummary.From(doctor);
        var cycle = summary.Cycle;
        DeferralBounds? bounds = null;
        if (cycle is not null)
        {
            var (earliest, latest) = RecommendationRules.DeferralBounds(cycle.Rsd, options);
            bounds = new DeferralBounds(earliest, latest, options.DeferralMinDays, options.DeferralMaxDays);
        }

        var current = AppraisalYear.Containing(today, options.AppraisalYearStartMonth);
        var consecutive = cycle is not null
            && RecommendationRules.IsConsecutiveDeferral(RecommendationType.Defer, doctor.Recommendations.Items, cycle.Number);
        return new DoctorRules(bounds, consecutive, SupportingInfoChecklist.Build(doctor, summary, today, options))
        {
            RsdConfirmed = cycle?.RsdConfirmed ?? false,
            RevalidationOnHold = summary.RevalidationOnHold,
            CurrentAppraisalYear = current,
            NewEvidenceYear = doctor.Appraisals.IsSignedOff(current.StartYear) ? current.Next : current,
        };
    }
}

/// <summary>
/// docs/domain.md#r16 and docs/domain.md#r17: for each appraisal year of the cycle that has started, the R16 items (CPD,
/// significant events, compliments and complaints, probity, health); for the cycle, the R17 items (quality improvement,
/// patient feedback, colleague feedback). Withdrawn evidence does not count.
/// </summary>
public static class SupportingInfoChecklist
{
    public static IReadOnlyList<ChecklistGroup> Build(DoctorRecord doctor, DoctorSummary summary, DateOnly today, RevalidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(options);
        var readiness = ReadinessEvaluator.Evaluate(summary, today, options);
        var years = AppraisalRules.TimelineYears(readiness.Years.Select(y => y.Year), summary.Years.Select(y => y.Year), summary.Cycle, options.AppraisalYearStartMonth)
            .Where(y => AppraisalRules.Classify(summary.YearOf(y.StartYear), y, doctor.Appraisals.DueMonth, today) != AppraisalYearStatus.NotStarted
                && InCycle(y, summary.Cycle))
            .OrderByDescending(y => y.StartYear)
            .ToList();
        var evidence = doctor.Evidence.Items.Where(e => !e.IsWithdrawn).ToList();
        HashSet<SupportingInformationType> TypesOf(AppraisalYear y) => evidence.Where(e => e.AppraisalYear == y.StartYear).Select(e => e.Type).ToHashSet();
        var cycleTypes = years.SelectMany(TypesOf).ToHashSet();
        var groups = new List<ChecklistGroup>
        {
            new($"Once in each {options.CycleYears}-year cycle", null,
            [
                Item("Quality improvement activity", cycleTypes.Contains(SupportingInformationType.QualityImprovementActivity),
                    "Add a quality improvement activity (an audit, a review, a project)."),
                Item("Patient feedback", cycleTypes.Contains(SupportingInformationType.PatientFeedback), "Add the results of a patient feedback exercise."),
                Item("Colleague feedback", cycleTypes.Contains(SupportingInformationType.ColleagueFeedback), "Add the results of a colleague feedback exercise."),
            ]),
        };
        foreach (var y in years)
        {
            var types = TypesOf(y);
            var d = doctor.Appraisals.DeclarationFor(y.StartYear);
            groups.Add(new ChecklistGroup($"Appraisal year {y.Label}", y.StartYear,
            [
                Item("CPD", types.Contains(SupportingInformationType.ContinuingProfessionalDevelopment), $"Add CPD for {y.Label}."),
                Item("Significant events", types.Contains(SupportingInformationType.SignificantEvents) || d?.NoSignificantEvents == true,
                    $"Reflect on a significant event for {y.Label}, or declare that you had none."),
                Item("Compliments and complaints", types.Contains(SupportingInformationType.ComplimentsAndComplaints) || d?.NoComplimentsOrComplaints == true,
                    $"Review compliments and complaints for {y.Label}, or declare that you had none."),
                Item("Probity statement", d?.Probity == true, $"Make the probity declaration for {y.Label}."),
                Item("Health statement", d?.Health == true, $"Make the health declaration for {y.Label}."),
            ]));
        }

        return groups;
    }

    /// <summary>Whether an appraisal year falls in the cycle: it starts on or before the RSD and ends after the cycle starts.</summary>
    public static bool InCycle(AppraisalYear year, CycleFacts? cycle) =>
        cycle is null || (year.Start.AddYears(1) > cycle.Start && year.Start <= cycle.Rsd);

    private static ChecklistItem Item(string name, bool done, string missing) => new(name, done, done ? null : missing);
}
