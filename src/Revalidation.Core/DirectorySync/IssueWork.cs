using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.DirectorySync;

/// <summary>Who works an issue: the user id the token names, and their name as it was when they were given it.</summary>
public sealed record IssueOwner(string UserId, string Name);

[JsonConverter(typeof(JsonStringEnumConverter<IssueEventKind>))]
public enum IssueEventKind
{
    /// <summary>Someone took the issue, gave it to someone of the team, or cleared its owner (<see cref="IssueEvent.Owner"/> null).</summary>
    OwnerChanged,
    /// <summary>A note (<see cref="IssueEvent.Text"/>).</summary>
    NoteAdded,
    /// <summary>Left out of the list until <see cref="IssueEvent.Until"/>.</summary>
    Hidden,
    /// <summary>Back in the list before its date: a person unhid it, or the doctor's connection changed (<see cref="IssueEvent.Text"/> says why).</summary>
    Unhidden,
}

/// <summary>One step of the team's work on an issue. <see cref="ByUserId"/> is <c>system</c> when the product did it.</summary>
public sealed record IssueEvent(
    IssueEventKind Kind,
    DateTimeOffset At,
    string ByUserId,
    string ByName,
    string? Text = null,
    DateTimeOffset? Until = null,
    IssueOwner? Owner = null);

/// <summary>What <see cref="IDirectorySyncStore.ChangeIssueAsync"/> did.</summary>
public enum IssueChangeStatus
{
    Changed,
    NotFound,
    AlreadyResolved,
    /// <summary>The change refused the input (<see cref="IssueChangeOutcome.Refusal"/>); nothing was saved.</summary>
    Refused,
}

public sealed record IssueChangeOutcome(IssueChangeStatus Status, DataQualityIssue? Issue = null, Result? Refusal = null);

/// <summary>
/// Queues a team can work (issue 16, item 8; docs/domain.md#roles): each open data-quality or GMC-discrepancy issue has an
/// owner, append-only notes, a "hide until" date and a history. A hidden issue is left out of the default list and comes
/// back by itself on its date, and at once when the doctor's connection changes (<see cref="IDirectorySyncStore.UnhideIssuesOfDoctorAsync"/>,
/// called from <see cref="Doctors.DoctorRecordService"/>, the one path every record change takes). Resolving needs a note
/// (hazard H62). These functions only decide; the store saves atomically.
/// </summary>
public static class IssueWork
{
    public const int MaxNoteLength = 2_000;

    public const int MaxNameLength = 200;

    /// <summary>The furthest a person may hide an issue: a year from today.</summary>
    public const int MaxHideDays = 366;

    public const string SystemUserId = "system";

    /// <summary>A note or resolution note: 1 to <see cref="MaxNoteLength"/> characters after trimming.</summary>
    public static Result<string> Note(string? text, string field = "note")
    {
        var note = text?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            return Result<string>.Fail(RuleIds.Validation, field, "Enter a note.");
        }

        return note.Length > MaxNoteLength
            ? Result<string>.Fail(RuleIds.Validation, field, "A note has at most 2,000 characters.")
            : Result<string>.Ok(note);
    }

    /// <summary>The moment a "hide until" date begins (UK midnight), when the date is after today and at most a year on.</summary>
    public static Result<DateTimeOffset> HideUntil(DateOnly? until, DateOnly today, string field = "until")
    {
        if (until is not { } date)
        {
            return Result<DateTimeOffset>.Fail(RuleIds.Validation, field, "Enter the date until which to hide the item.");
        }

        if (date <= today)
        {
            return Result<DateTimeOffset>.Fail(RuleIds.Validation, field, "The date must be in the future.");
        }

        return UkCalendar.DaysBetween(today, date) > MaxHideDays
            ? Result<DateTimeOffset>.Fail(RuleIds.Validation, field, "An item can be hidden for at most a year.")
            : Result<DateTimeOffset>.Ok(UkCalendar.StartOfDay(date));
    }

    public static Func<DataQualityIssue, Result<DataQualityIssue>> SetOwner(IssueOwner? owner, StaffMember by, DateTimeOffset at) =>
        issue => issue.Owner == owner
            ? Result<DataQualityIssue>.Ok(issue)
            : Result<DataQualityIssue>.Ok(issue with { Owner = owner, Work = [.. issue.WorkHistory, new IssueEvent(IssueEventKind.OwnerChanged, at, by.UserId, by.Name, Owner: owner)] });

    public static Func<DataQualityIssue, Result<DataQualityIssue>> AddNote(string note, StaffMember by, DateTimeOffset at) =>
        issue => Result<DataQualityIssue>.Ok(issue with { Work = [.. issue.WorkHistory, new IssueEvent(IssueEventKind.NoteAdded, at, by.UserId, by.Name, Text: note)] });

    public static Func<DataQualityIssue, Result<DataQualityIssue>> Hide(DateTimeOffset until, StaffMember by, DateTimeOffset at) =>
        issue => Result<DataQualityIssue>.Ok(issue with { HiddenUntil = until, Work = [.. issue.WorkHistory, new IssueEvent(IssueEventKind.Hidden, at, by.UserId, by.Name, Until: until)] });

    public static Func<DataQualityIssue, Result<DataQualityIssue>> Unhide(StaffMember by, DateTimeOffset at) =>
        issue => issue.IsHiddenAt(at)
            ? Result<DataQualityIssue>.Ok(Unhidden(issue, by.UserId, by.Name, null, at))
            : Result<DataQualityIssue>.Fail(RuleIds.Validation, "issueId", "This item is not hidden.");

    /// <summary>The issue back in the list, with an "unhidden" entry (for the stores' <see cref="IDirectorySyncStore.UnhideIssuesOfDoctorAsync"/> too).</summary>
    public static DataQualityIssue Unhidden(DataQualityIssue issue, string byUserId, string byName, string? why, DateTimeOffset at) =>
        issue with { HiddenUntil = null, Work = [.. issue.WorkHistory, new IssueEvent(IssueEventKind.Unhidden, at, byUserId, byName, Text: why)] };
}
