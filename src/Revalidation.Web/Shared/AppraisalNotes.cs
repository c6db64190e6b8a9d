namespace Revalidation.Web.Shared;

/// <summary>One item a year's appraisal is missing at sign-off, by the code the API names it with (R16).</summary>
public sealed record MissingItem(string Code, string Message);

/// <summary>
/// R16: what an appraisal year still misses before the appraiser signs it off, from what the API serves (the readiness gaps
/// of that year, then the missing items of its checklist), and the checks before the appraisal is saved: a note for each
/// missing item when signing off. The API checks again and is the authority.
/// </summary>
public static class AppraisalNotes
{
    public const int MaxNoteLength = 1_000;

    private static readonly IReadOnlyList<(string Code, string ChecklistName)> Codes =
    [
        ("cpd-missing", "CPD"),
        ("significant-events-missing", "Significant events"),
        ("compliments-complaints-missing", "Compliments and complaints"),
        ("probity-missing", "Probity statement"),
        ("health-missing", "Health statement"),
    ];

    public static IReadOnlyList<MissingItem> For(DoctorResponse doctor, int year)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        var items = doctor.Readiness.Gaps
            .Where(g => g.Year == year && !g.Judgement && Codes.Any(c => c.Code == g.Code))
            .Select(g => new MissingItem(g.Code, g.Message))
            .ToList();
        var group = doctor.Rules?.Checklist.FirstOrDefault(g => g.Year == year);
        foreach (var item in group?.Items.Where(i => !i.Done) ?? [])
        {
            if (Codes.FirstOrDefault(c => c.ChecklistName == item.Name) is { Code: { } code } && items.All(i => i.Code != code))
            {
                items.Add(new MissingItem(code, item.Missing ?? $"{item.Name} is missing."));
            }
        }

        return [.. items.OrderBy(i => Codes.Select(c => c.Code).ToList().IndexOf(i.Code))];
    }

    public static string FieldId(string code) => $"note-{code}";

    public static IReadOnlyList<ErrorItem> Validate(IReadOnlyList<MissingItem> missing, IReadOnlyDictionary<string, string?> notes, bool signOff)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(notes);
        var errors = new List<ErrorItem>();
        foreach (var item in missing)
        {
            var note = notes.GetValueOrDefault(item.Code);
            if (signOff && string.IsNullOrWhiteSpace(note))
            {
                errors.Add(new($"Before you sign off, note why this is missing: {item.Message}", FieldId(item.Code)));
            }
            else if (note is { } n && n.Trim().Length > MaxNoteLength)
            {
                errors.Add(new($"A note must be {MaxNoteLength:N0} characters or fewer.", FieldId(item.Code)));
            }
        }

        return errors;
    }

    public static IReadOnlyList<AppraiserNoteRequest>? ToRequest(IReadOnlyList<MissingItem> missing, IReadOnlyDictionary<string, string?> notes)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(notes);
        var sent = missing
            .Where(i => !string.IsNullOrWhiteSpace(notes.GetValueOrDefault(i.Code)))
            .Select(i => new AppraiserNoteRequest(i.Code, notes[i.Code]!.Trim()))
            .ToList();
        return sent.Count == 0 ? null : sent;
    }
}
