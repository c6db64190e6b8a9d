using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Appraisals;

/// <summary>
/// R14–R16 (docs/domain.md#r14): a doctor's appraisal years — each year's appraisal or approved reason for missing it —
/// the annual declarations, the appraisal due month and the allocated appraiser.
/// </summary>
public sealed partial class AppraisalHistory : DoctorPart
{
    public const int MaxReasonLength = 1_000;

    [JsonInclude, JsonPropertyName("items")]
    private List<Appraisal> items = [];

    [JsonInclude, JsonPropertyName("declarations")]
    private List<AnnualDeclaration> declarations = [];

    /// <summary>R14: the month of the appraisal year in which the doctor is normally appraised.</summary>
    [JsonInclude]
    public int DueMonth { get; private set; }

    /// <summary>Issue 16: the doctor's postponement and approved-missed requests, oldest first (absent in older documents).</summary>
    [JsonInclude, JsonPropertyName("requests")]
    private List<AppraisalYearRequest>? requests = [];

    [JsonIgnore]
    public IReadOnlyList<AppraisalYearRequest> Requests => requests ?? [];

    public AppraisalYearRequest? Request(Guid id) => Requests.FirstOrDefault(r => r.Id == id);

    [JsonInclude]
    public string? AppraiserId { get; private set; }

    /// <summary>Issue 16, item 5: why the appraiser was allocated although a soft allocation rule said otherwise (null when none did).</summary>
    [JsonInclude]
    public string? AllocationReason { get; private set; }

    [JsonInclude, JsonPropertyName("conflicts")]
    private List<AppraiserConflict> conflicts = [];

    /// <summary>Issue 16, item 5: the declared conflicts of interest with appraisers (one per appraiser).</summary>
    [JsonIgnore]
    public IReadOnlyList<AppraiserConflict> Conflicts => conflicts;

    public AppraiserConflict? ConflictWith(string appraiserId) => conflicts.FirstOrDefault(c => c.AppraiserId == appraiserId);

    [JsonIgnore]
    public IReadOnlyList<Appraisal> Items => items;

    [JsonIgnore]
    public IReadOnlyList<AnnualDeclaration> Declarations => declarations;

    public Appraisal? For(int year) => items.FirstOrDefault(a => a.Year == year);

    public AnnualDeclaration? DeclarationFor(int year) => declarations.FirstOrDefault(d => d.Year == year);

    /// <summary>Whether the appraisal of the year is signed off (which locks the year's evidence and declarations).</summary>
    public bool IsSignedOff(int year) => For(year) is { IsCompleted: true };

    /// <summary>Allocates (or clears) the doctor's appraiser. R20 (docs/domain.md#r20): a doctor is never their own appraiser.</summary>
    public Result AssignAppraiser(string? appraiserId, string? appraiserGmcNumber = null)
    {
        if (appraiserId is not null && (appraiserId == Doctor.DirectoryId || appraiserGmcNumber == Doctor.GmcNumber.Value))
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "appraiserId", "A doctor cannot be their own appraiser. Allocate another appraiser.");
        }

        if (appraiserId is not null && ConflictWith(appraiserId) is not null)
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "appraiserId", "A conflict of interest with this appraiser is declared. Allocate another appraiser.");
        }

        AppraiserId = string.IsNullOrWhiteSpace(appraiserId) ? null : appraiserId;
        AllocationReason = null;
        return Result.Success;
    }

    /// <summary>
    /// Records the appraisal of a year; sign-off locks the evidence it used. R21 (docs/domain.md#r21): a meeting counts in
    /// the appraisal year it took place in, once; a later meeting counts for an earlier year only under a postponement the
    /// RO approved before that year ended. R16: an item missing at sign-off needs the appraiser's note.
    /// </summary>
    public Result Record(AppraisalYear year, DateOnly meetingDate, bool signOff, bool pdpAgreed, string appraiserId, DateOnly today, IReadOnlyList<AppraiserNote>? notes = null)
    {
        if (meetingDate > today)
        {
            return Result.Fail(RuleIds.Validation, "meetingDate", "The meeting date cannot be in the future.");
        }

        if (meetingDate < year.Start)
        {
            return Result.Fail(RuleIds.AppraisalYear, "meetingDate", $"The meeting date must be on or after the start of appraisal year {year.Label} ({year.Start:d MMMM yyyy}).");
        }

        if (meetingDate > year.End && !(For(year.StartYear)?.PostponedUntil is { } until && meetingDate <= until))
        {
            return Result.Fail(RuleIds.AppraisalYear, "meetingDate",
                $"A meeting on {meetingDate:d MMMM yyyy} took place after appraisal year {year.Label} ended ({year.End:d MMMM yyyy}), so it counts for {year.Next.Label}. Record it there; a past year becomes complete only under a postponement approved before it ended.");
        }

        if (items.FirstOrDefault(a => a.Year != year.StartYear && a.MeetingDate == meetingDate) is { } other)
        {
            return Result.Fail(RuleIds.AppraisalYear, "meetingDate",
                $"The meeting on {meetingDate:d MMMM yyyy} is already recorded for {new AppraisalYear(other.Year, year.StartMonth).Label}. One meeting counts for one year only.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal is already signed off.");
        }

        var noted = Normalise(notes);
        if (!noted.IsSuccess)
        {
            return noted.Outcome;
        }

        if (signOff)
        {
            var missing = MissingItems(year).Where(g => !noted.Value!.Any(n => n.Code == g.Code)).ToList();
            if (missing.Count > 0)
            {
                return Result.Fail(RuleIds.AppraisalContent, "notes",
                    $"Before signing off, note why each missing item is missing: {string.Join(" ", missing.Select(g => g.Message))}");
            }
        }

        var appraisal = GetOrAdd(year);
        appraisal.Notes = noted.Value!;
        appraisal.MeetingDate = meetingDate;
        appraisal.PdpAgreed = pdpAgreed;
        appraisal.AppraiserId = appraiserId;
        if (signOff)
        {
            appraisal.SignedOffOn = today;
            appraisal.SignedOffBy = appraiserId;
            ClearMissed(appraisal);
            Doctor.Evidence.LockYear(year.StartYear);
        }

        return Result.Success;
    }

    public const int MaxStatementsLength = 10_000;

    /// <summary>
    /// Issue 16, item 6: an appraisal the body's appraisal toolkit holds, imported. The rules of <see cref="Record"/> hold
    /// (R21: the meeting falls in its year, or its approved postponement, once; not in the future; a signed-off year does not
    /// change; R20: never the doctor's own appraiser), and the sign-off date is the toolkit's: on or after the meeting, not in
    /// the future. R16's notes on missing items are the toolkit's (the supporting information is there): the appraiser's
    /// statements are kept as given. A year whose due month ended before the doctor's connection date here is a joiner's
    /// appraisal at their previous body (R1: not this body's to expect), kept and marked so. The same appraisal again is
    /// <see cref="ImportOutcome.Unchanged"/> (a re-run changes nothing). The field names are the import's CSV columns.
    /// </summary>
    public Result<ImportOutcome> Import(AppraisalYear year, DateOnly meetingDate, DateOnly? signedOffOn, bool pdpAgreed, string appraiserName,
        string? appraiserGmcNumber, string? statements, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(appraiserName);
        if (year.Start > today)
        {
            return Result<ImportOutcome>.Fail(RuleIds.AppraisalYear, "appraisal_year", $"Appraisal year {year.Label} has not started.");
        }

        if (meetingDate > today)
        {
            return Result<ImportOutcome>.Fail(RuleIds.Validation, "meeting_date", "The meeting date cannot be in the future.");
        }

        var existing = For(year.StartYear);
        if (meetingDate < year.Start || (meetingDate > year.End && !(existing?.PostponedUntil is { } until && meetingDate <= until)))
        {
            return Result<ImportOutcome>.Fail(RuleIds.AppraisalYear, "meeting_date",
                $"A meeting on {meetingDate:d MMMM yyyy} is outside appraisal year {year.Label} ({year.Start:d MMMM yyyy} to {year.End:d MMMM yyyy}).");
        }

        if (signedOffOn is { } signed && signed > today)
        {
            return Result<ImportOutcome>.Fail(RuleIds.Validation, "signed_off_date", "The sign-off date cannot be in the future.");
        }

        if (signedOffOn is { } early && early < meetingDate)
        {
            return Result<ImportOutcome>.Fail(RuleIds.Validation, "signed_off_date", "The sign-off date is before the meeting date.");
        }

        var name = appraiserName.Trim();
        if (name.Length is 0 or > 2 * DoctorRecord.MaxNameLength)
        {
            return Result<ImportOutcome>.Fail(RuleIds.Validation, "appraiser_name", $"The appraiser's name is needed (at most {2 * DoctorRecord.MaxNameLength} characters).");
        }

        var appraiserGmc = string.IsNullOrWhiteSpace(appraiserGmcNumber) ? null : appraiserGmcNumber.Trim();
        if (appraiserGmc == Doctor.GmcNumber.Value)
        {
            return Result<ImportOutcome>.Fail(RuleIds.ResponsibleOfficer, "appraiser_gmc_number", "A doctor cannot be their own appraiser.");
        }

        var text = string.IsNullOrWhiteSpace(statements) ? null : statements.Trim();
        if (text is { Length: > MaxStatementsLength })
        {
            return Result<ImportOutcome>.Fail(RuleIds.Validation, "statements", $"The appraiser's statements are at most {MaxStatementsLength:N0} characters.");
        }

        if (items.FirstOrDefault(a => a.Year != year.StartYear && a.MeetingDate == meetingDate) is { } other)
        {
            return Result<ImportOutcome>.Fail(RuleIds.AppraisalYear, "meeting_date",
                $"The meeting on {meetingDate:d MMMM yyyy} is already recorded for {new AppraisalYear(other.Year, year.StartMonth).Label}. One meeting counts for one year only.");
        }

        if (existing is { MeetingDate: { } m } && m == meetingDate && existing.SignedOffOn == signedOffOn && existing.PdpAgreed == pdpAgreed
            && (existing.ImportedFrom is null
                || (existing.AppraiserName == name && existing.AppraiserGmcNumber == appraiserGmc && existing.Statements == text)))
        {
            return ImportOutcome.Unchanged;
        }

        if (existing is { IsCompleted: true })
        {
            return Result<ImportOutcome>.Fail(RuleIds.AppraisalClassification, "appraisal_year",
                $"The {year.Label} appraisal is already signed off here, and this line would change it.");
        }

        var outcome = existing?.MeetingDate is null ? ImportOutcome.New : ImportOutcome.Updated;
        var appraisal = GetOrAdd(year);
        appraisal.MeetingDate = meetingDate;
        appraisal.PdpAgreed = pdpAgreed;
        appraisal.AppraiserName = name;
        appraisal.AppraiserGmcNumber = appraiserGmc;
        appraisal.Statements = text;
        appraisal.ImportedFrom = Doctor.ConnectedOn is { } joined && year.DueMonth(DueMonth).Last < joined ? AppraisalSource.PreviousBody : AppraisalSource.Toolkit;
        if (signedOffOn is { } on)
        {
            appraisal.SignedOffOn = on;
            appraisal.SignedOffBy = null;
            ClearMissed(appraisal);
            Doctor.Evidence.LockYear(year.StartYear);
        }

        return outcome;
    }

    /// <summary>R16: the items a year would still miss at sign-off (the readiness gaps of its content).</summary>
    public IReadOnlyList<Readiness.ReadinessGap> MissingItems(AppraisalYear year)
    {
        var facts = Readiness.DoctorSummary.From(Doctor).YearOf(year.StartYear)
            ?? new Readiness.YearFacts(year.StartYear, null, false, false, false, false, false, false, 0);
        return [.. Readiness.ReadinessEvaluator.AppraisalContentGaps(facts with { NotedByAppraiser = [] }, year)];
    }

    /// <summary>
    /// R21, decision (a): the RO approves, before the year ends, a postponement of its appraisal to <paramref name="until"/>;
    /// a meeting on or before that day then counts for the postponed year ("completed late (postponed)"). The due month does not move.
    /// </summary>
    public Result ApprovePostponement(AppraisalYear year, DateOnly until, string reason, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            return Result.Fail(RuleIds.AppraisalYear, "reason", $"A reason (1–{MaxReasonLength} characters) is needed to approve a postponement.");
        }

        if (today > year.End)
        {
            return Result.Fail(RuleIds.AppraisalYear, "year", $"Appraisal year {year.Label} has ended; a postponement is agreed before the year ends. Approve the year as missed instead, if there was a reason.");
        }

        if (until <= year.DueMonth(DueMonth).Last || until > year.Next.End)
        {
            return Result.Fail(RuleIds.AppraisalYear, "until", $"The postponed date must fall after the due month and no later than {year.Next.End:d MMMM yyyy}.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalYear, "year", $"The {year.Label} appraisal is signed off.");
        }

        var appraisal = GetOrAdd(year);
        appraisal.PostponedUntil = until;
        appraisal.PostponementReason = reason.Trim();
        appraisal.PostponementApprovedOn = today;
        return Result.Success;
    }

    /// <summary>R14 (docs/domain.md#r14): the RO changes the due month; the caller audits it. Returns whether it changed.</summary>
    public Result<bool> ChangeDueMonth(int month)
    {
        var check = CheckDueMonth(month);
        if (!check.IsSuccess)
        {
            return check;
        }

        var changed = DueMonth != month;
        DueMonth = month;
        return changed;
    }

    private static Result<IReadOnlyList<AppraiserNote>> Normalise(IReadOnlyList<AppraiserNote>? notes)
    {
        var list = new List<AppraiserNote>();
        foreach (var (note, i) in (notes ?? []).Select((n, i) => (n, i)))
        {
            if (string.IsNullOrWhiteSpace(note.Code) || string.IsNullOrWhiteSpace(note.Note) || note.Note.Length > AppraiserNote.MaxLength)
            {
                return Result<IReadOnlyList<AppraiserNote>>.Fail(RuleIds.AppraisalContent, $"notes[{i}]", $"Each note names the missing item and says why (1–{AppraiserNote.MaxLength} characters).");
            }

            list.Add(note with { Code = note.Code.Trim(), Note = note.Note.Trim() });
        }

        return list;
    }

    /// <summary>
    /// R15: the RO team approves a missed or incomplete appraisal year, with a reason (and, from a doctor's request, the
    /// dates of absence). An approval after the year ended is recorded as retrospective (docs/domain.md#r15): never
    /// reported as agreed in advance.
    /// </summary>
    public Result ApproveMissed(AppraisalYear year, string reason, string approvedBy, DateOnly today,
        DateOnly? absentFrom = null, DateOnly? absentTo = null, string? approvedByRole = null)
    {
        if (absentFrom is { } from && absentTo is { } to && to < from)
        {
            return Result.Fail(RuleIds.Validation, "absentTo", "The last day of absence must be on or after the first.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "reason", $"A reason (1–{MaxReasonLength} characters) is needed to approve a missed appraisal.");
        }

        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal was completed; it cannot be approved as missed.");
        }

        var appraisal = GetOrAdd(year);
        appraisal.MissedReason = reason.Trim();
        appraisal.MissedApprovedBy = approvedBy;
        appraisal.MissedApprovedOn = today;
        appraisal.MissedApprovedByRole = approvedByRole;
        appraisal.MissedApprovedRetrospectively = today > year.End;
        appraisal.MissedAbsentFrom = absentFrom;
        appraisal.MissedAbsentTo = absentTo;
        return Result.Success;
    }

    private static void ClearMissed(Appraisal appraisal)
    {
        appraisal.MissedReason = null;
        appraisal.MissedApprovedBy = null;
        appraisal.MissedApprovedOn = null;
        appraisal.MissedApprovedByRole = null;
        appraisal.MissedApprovedRetrospectively = false;
        appraisal.MissedAbsentFrom = null;
        appraisal.MissedAbsentTo = null;
    }

    /// <summary>R16: the doctor's annual probity and health statements (and "none" declarations).</summary>
    public Result Declare(AppraisalYear year, bool probity, bool health, bool noSignificantEvents, bool noComplimentsOrComplaints, DateOnly today,
        bool? nothingToDeclare = null, string? probityDeclaration = null)
    {
        if (probityDeclaration is { Length: > AnnualDeclaration.MaxDeclarationLength })
        {
            return Result.Fail(RuleIds.AppraisalContent, "probityDeclaration", $"The declaration is at most {AnnualDeclaration.MaxDeclarationLength} characters.");
        }

        var declared = string.IsNullOrWhiteSpace(probityDeclaration) ? null : probityDeclaration.Trim();
        if (nothingToDeclare == true && declared is not null)
        {
            return Result.Fail(RuleIds.AppraisalContent, "nothingToDeclare", "Either declare nothing, or say what you declare, not both.");
        }

        if (year.Start > today)
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result.Fail(RuleIds.AppraisalContent, "year", $"The {year.Label} appraisal is signed off; its declarations are final.");
        }

        var declaration = DeclarationFor(year.StartYear);
        if (declaration is null)
        {
            declaration = new AnnualDeclaration(year.StartYear);
            declarations.Add(declaration);
        }

        declaration.Probity = probity;
        // Before declarations were separate, confirming probity meant "nothing to declare"; a caller that says neither keeps that meaning.
        declaration.NothingToDeclare = nothingToDeclare ?? (probity && declared is null);
        declaration.ProbityDeclaration = declared;
        declaration.Health = health;
        declaration.NoSignificantEvents = noSignificantEvents;
        declaration.NoComplimentsOrComplaints = noComplimentsOrComplaints;
        declaration.DeclaredOn = today;
        return Result.Success;
    }

    internal static Result CheckDueMonth(int month) =>
        month is >= 1 and <= 12 ? Result.Success : Result.Fail(RuleIds.AppraisalYear, "appraisalDueMonth", "The appraisal due month is 1–12.");

    internal void SetDueMonth(int month) => DueMonth = month;

    private Appraisal GetOrAdd(AppraisalYear year)
    {
        if (For(year.StartYear) is { } appraisal)
        {
            return appraisal;
        }

        appraisal = new Appraisal(year.StartYear);
        items.Add(appraisal);
        return appraisal;
    }
}
