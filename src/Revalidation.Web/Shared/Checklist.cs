namespace Revalidation.Web.Shared;

/// <summary>One line of the supporting-information checklist: present, or exactly what is missing.</summary>
public sealed record ChecklistItem(string Name, bool Done, string? Missing);

/// <summary>The checklist of one appraisal year (R16) or of the whole cycle (R17).</summary>
public sealed record ChecklistGroup(string Heading, int? Year, IReadOnlyList<ChecklistItem> Items)
{
    public int MissingCount => Items.Count(i => !i.Done);
}

/// <summary>
/// Builds the doctor's checklist of the GMC supporting-information types from the API's answer: for each appraisal year
/// of the cycle that has started, the R16 items (CPD, significant events, compliments and complaints, probity, health);
/// for the cycle, the R17 items (quality improvement, patient feedback, colleague feedback).
/// </summary>
public static class Checklist
{
    public static IReadOnlyList<ChecklistGroup> Build(DoctorResponse doctor)
    {
        var years = doctor.AppraisalYears
            .Where(y => y.Status != AppraisalYearStatus.NotStarted && InCycle(y, doctor.Cycle))
            .OrderByDescending(y => y.Year)
            .ToList();
        var groups = new List<ChecklistGroup>();
        var cycleTypes = years.SelectMany(y => y.EvidenceTypes).ToHashSet();
        groups.Add(new ChecklistGroup("Once in each 5-year cycle", null,
        [
            Cycle(cycleTypes, SupportingInformationType.QualityImprovementActivity, "Add a quality improvement activity (an audit, a review, a project)."),
            Cycle(cycleTypes, SupportingInformationType.PatientFeedback, "Add the results of a patient feedback exercise."),
            Cycle(cycleTypes, SupportingInformationType.ColleagueFeedback, "Add the results of a colleague feedback exercise."),
        ]));
        foreach (var y in years)
        {
            var types = y.EvidenceTypes.ToHashSet();
            var d = y.Declaration;
            groups.Add(new ChecklistGroup($"Appraisal year {y.Label}", y.Year,
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

    /// <summary>Whether an appraisal year falls in the doctor's current cycle (it starts on or before the RSD and ends after the cycle starts).</summary>
    public static bool InCycle(AppraisalYearResponse year, CycleResponse? cycle)
    {
        if (cycle is null)
        {
            return true;
        }

        var startMonth = new RuleDefaults().AppraisalYearStartMonth;
        var yearStart = new DateOnly(year.Year, startMonth, 1);
        return yearStart.AddYears(1) > cycle.StartDate && yearStart <= cycle.Rsd;
    }

    private static ChecklistItem Cycle(HashSet<SupportingInformationType> present, SupportingInformationType type, string missing) =>
        Item(Tags.TypeName(type), present.Contains(type), missing);

    private static ChecklistItem Item(string name, bool done, string missing) => new(name, done, done ? null : missing);
}
