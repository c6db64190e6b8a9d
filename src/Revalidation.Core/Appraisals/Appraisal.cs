using System.Text.Json.Serialization;

namespace Revalidation.Core.Appraisals;

/// <summary>The record of one appraisal year for a doctor: the appraisal itself, or an approved reason for missing it (R14, R15).</summary>
public sealed class Appraisal
{
    [JsonConstructor]
    internal Appraisal(int year) => Year = year;

    /// <summary>The appraisal year, by the calendar year it starts in.</summary>
    public int Year { get; }

    [JsonInclude]
    public string? AppraiserId { get; internal set; }

    [JsonInclude]
    public DateOnly? MeetingDate { get; internal set; }

    [JsonInclude]
    public DateOnly? SignedOffOn { get; internal set; }

    [JsonInclude]
    public string? SignedOffBy { get; internal set; }

    [JsonInclude]
    public bool PdpAgreed { get; internal set; }

    /// <summary>R15: the RO-approved reason a year was missed (e.g. parental or sick leave).</summary>
    [JsonInclude]
    public string? MissedReason { get; internal set; }

    [JsonInclude]
    public string? MissedApprovedBy { get; internal set; }

    [JsonInclude]
    public DateOnly? MissedApprovedOn { get; internal set; }

    /// <summary>Issue 16: the app role the missed year was approved in (null before the revalidation manager could approve: the RO).</summary>
    [JsonInclude]
    public string? MissedApprovedByRole { get; internal set; }

    /// <summary>
    /// R15 (docs/domain.md#r15): the missed year was approved after it ended. The AOA counts it as approved missed, but it
    /// was not agreed in advance, and is always shown "approved after the year ended".
    /// </summary>
    [JsonInclude]
    public bool MissedApprovedRetrospectively { get; internal set; }

    /// <summary>Issue 16: the dates of the absence the missed year was approved for (to: none while it goes on).</summary>
    [JsonInclude]
    public DateOnly? MissedAbsentFrom { get; internal set; }

    [JsonInclude]
    public DateOnly? MissedAbsentTo { get; internal set; }

    /// <summary>R16 (docs/domain.md#r16): why the appraiser signed off without an item, item by item (the code of the gap it would be).</summary>
    [JsonInclude]
    public IReadOnlyList<AppraiserNote> Notes { get; internal set; } = [];

    /// <summary>R21, decision (a): the RO approved, before the year ended, a postponement of this year's appraisal to this day.</summary>
    [JsonInclude]
    public DateOnly? PostponedUntil { get; internal set; }

    [JsonInclude]
    public string? PostponementReason { get; internal set; }

    [JsonInclude]
    public DateOnly? PostponementApprovedOn { get; internal set; }

    /// <summary>Issue 16, item 6: where an imported appraisal came from (null when it was recorded here).</summary>
    [JsonInclude]
    public AppraisalSource? ImportedFrom { get; internal set; }

    /// <summary>An imported appraisal's appraiser, as the appraisal toolkit names them (the appraiser is not a user here).</summary>
    [JsonInclude]
    public string? AppraiserName { get; internal set; }

    [JsonInclude]
    public string? AppraiserGmcNumber { get; internal set; }

    /// <summary>An imported appraisal's appraiser statements on the supporting information, as the toolkit holds them.</summary>
    [JsonInclude]
    public string? Statements { get; internal set; }

    public bool IsCompleted => SignedOffOn is not null;

    public bool IsApprovedMissed => !IsCompleted && MissedReason is not null;
}

/// <summary>What importing one line did: a new record, an update of one, or nothing (already the same).</summary>
public enum ImportOutcome
{
    New,
    Updated,
    Unchanged,
}

/// <summary>Issue 16, item 6: where an imported appraisal came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppraisalSource>))]
public enum AppraisalSource
{
    /// <summary>The body's appraisal toolkit (L2P, SARD, Clarity, FourteenFish…).</summary>
    Toolkit,
    /// <summary>A joiner's appraisal at a previous designated body: a year before the doctor's connection date here.</summary>
    PreviousBody,
}

/// <summary>R16: the appraiser's note on one item missing at sign-off.</summary>
public sealed record AppraiserNote(string Code, string Note)
{
    public const int MaxLength = 1_000;
}

/// <summary>R16: the doctor's annual statements for one appraisal year.</summary>
public sealed class AnnualDeclaration
{
    [JsonConstructor]
    internal AnnualDeclaration(int year) => Year = year;

    public int Year { get; }

    /// <summary>R16 probity, part one: the doctor accepts their obligations (Good medical practice: honesty, indemnity, conflicts of interest).</summary>
    [JsonInclude]
    public bool Probity { get; internal set; }

    /// <summary>R16 probity, part two: the doctor declares they have nothing to declare…</summary>
    [JsonInclude]
    public bool NothingToDeclare { get; internal set; }

    /// <summary>…or what they declare (investigations, restrictions, indemnity, conflicts): having something to declare is not a gap.</summary>
    [JsonInclude]
    public string? ProbityDeclaration { get; internal set; }

    /// <summary>R16: the probity statement is complete: accepted, and a declaration made either way.</summary>
    public const int MaxDeclarationLength = 2_000;

    public bool ProbityComplete => Probity && (NothingToDeclare || !string.IsNullOrWhiteSpace(ProbityDeclaration));

    /// <summary>Health statement confirmed.</summary>
    [JsonInclude]
    public bool Health { get; internal set; }

    /// <summary>The doctor declares no significant events this year (instead of reflecting on some).</summary>
    [JsonInclude]
    public bool NoSignificantEvents { get; internal set; }

    /// <summary>The doctor declares no compliments or complaints this year.</summary>
    [JsonInclude]
    public bool NoComplimentsOrComplaints { get; internal set; }

    [JsonInclude]
    public DateOnly DeclaredOn { get; internal set; }
}
