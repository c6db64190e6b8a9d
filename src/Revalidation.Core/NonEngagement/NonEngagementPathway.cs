using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.NonEngagement;

/// <summary>What the doctor is not engaging with: their annual appraisal, or revalidation itself.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NonEngagementReason>))]
public enum NonEngagementReason
{
    Appraisal,
    Revalidation,
}

/// <summary>How an episode ended: the doctor engaged again, or the RO team escalated it to the RO for a non-engagement recommendation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NonEngagementOutcome>))]
public enum NonEngagementOutcome
{
    EngagedAgain,
    EscalatedToResponsibleOfficer,
}

/// <summary>
/// One letter of the pathway: when it was sent (and by whom), the reply-by date (five working days later), the letter as
/// sent (rendered from the body's template) and the outbox key of its email; then the reply, or a note that none came.
/// </summary>
public sealed record NonEngagementStep(
    int Number,
    DateOnly SentOn,
    DateOnly ReplyDueBy,
    string SentById,
    string SentByName,
    string Subject,
    string Text,
    string AlertKey)
{
    public DateOnly? RepliedOn { get; init; }

    /// <summary>The team's note on the reply (or on its absence). For the RO team only.</summary>
    public string? ReplyNote { get; init; }

    public DateOnly? ReplyRecordedOn { get; init; }

    [JsonIgnore]
    public bool ReplyRecorded => ReplyRecordedOn is not null;
}

/// <summary>One non-engagement episode of a doctor: started, up to four letters in order, then closed with an outcome and a note.</summary>
public sealed record NonEngagementEpisode(
    Guid Id,
    NonEngagementReason Reason,
    string? AppraisalYear,
    DateOnly StartedOn,
    string StartedById,
    string StartedByName,
    string? StartNote)
{
    public IReadOnlyList<NonEngagementStep> Steps { get; init; } = [];

    public NonEngagementOutcome? Outcome { get; init; }

    public DateOnly? ClosedOn { get; init; }

    public string? ClosingNote { get; init; }

    [JsonIgnore]
    public bool IsOpen => Outcome is null;

    /// <summary>The local process went as far as it goes: the fourth letter was sent, or the episode was escalated to the RO.</summary>
    [JsonIgnore]
    public bool Exhausted => Steps.Count >= NonEngagementPathway.LetterCount || Outcome == NonEngagementOutcome.EscalatedToResponsibleOfficer;

    public NonEngagementStep? Step(int number) => Steps.FirstOrDefault(s => s.Number == number);
}

/// <summary>
/// Issue 16, item 7 (docs/domain.md, decision (i)): the staged non-engagement pathway per doctor. Four letters, in order,
/// each asking for a reply within five working days; the next letter only once the previous reply-by date has passed or
/// the team has recorded the reply (or its absence). One open episode at a time; nothing is ever removed. What R9's
/// "local processes exhausted" criterion points at.
/// </summary>
public sealed class NonEngagementPathway : DoctorPart
{
    public const int LetterCount = 4;

    public const int ReplyWorkingDays = 5;

    public const int MaxNoteLength = 2_000;

    [JsonInclude, JsonPropertyName("episodes")]
    private List<NonEngagementEpisode> episodes = [];

    [JsonIgnore]
    public IReadOnlyList<NonEngagementEpisode> Episodes => episodes;

    [JsonIgnore]
    public NonEngagementEpisode? Open => episodes.LastOrDefault(e => e.IsOpen);

    /// <summary>The episode shown: the open one, else the latest.</summary>
    [JsonIgnore]
    public NonEngagementEpisode? Current => Open ?? episodes.LastOrDefault();

    public Result<NonEngagementEpisode> Start(Guid id, NonEngagementReason reason, string? appraisalYear, string? note, string actorId, string actorName, DateOnly today)
    {
        if (Open is not null)
        {
            return Result<NonEngagementEpisode>.Fail(RuleIds.NonEngagement, "episode", "A non-engagement episode is already open for this doctor: close it before starting another.");
        }

        var check = CheckNote(note, "note", required: false);
        if (!check.IsSuccess)
        {
            return check;
        }

        var episode = new NonEngagementEpisode(id, reason, string.IsNullOrWhiteSpace(appraisalYear) ? null : appraisalYear.Trim(), today, actorId, actorName, Trimmed(note));
        episodes.Add(episode);
        return episode;
    }

    /// <summary>Whether letter <paramref name="number"/> may be sent today: an open episode, the next letter in order, the previous reply-by date passed or its reply recorded.</summary>
    public Result CheckSend(int number, DateOnly today)
    {
        var open = Open;
        if (open is null)
        {
            return Result.Fail(RuleIds.NonEngagement, "episode", "Start a non-engagement episode before sending a letter.");
        }

        if (number is < 1 or > LetterCount)
        {
            return Result.Fail(RuleIds.Validation, "step", "The letter is numbered 1 to 4.");
        }

        if (number != open.Steps.Count + 1)
        {
            return Result.Fail(RuleIds.NonEngagement, "step", number <= open.Steps.Count
                ? $"Letter {number} has already been sent."
                : $"Send letter {open.Steps.Count + 1} first: the letters go in order.");
        }

        if (number > 1)
        {
            var previous = open.Step(number - 1)!;
            if (!previous.ReplyRecorded && today <= previous.ReplyDueBy)
            {
                return Result.Fail(RuleIds.NonEngagement, "step",
                    $"Letter {number - 1} asked for a reply by {previous.ReplyDueBy.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}: wait until then, or record the reply first.");
            }
        }

        return Result.Success;
    }

    public Result<NonEngagementStep> Send(int number, string subject, string text, string alertKey, string actorId, string actorName, DateOnly today)
    {
        var check = CheckSend(number, today);
        if (!check.IsSuccess)
        {
            return check;
        }

        var step = new NonEngagementStep(number, today, WorkingDays.Add(today, ReplyWorkingDays), actorId, actorName, subject, text, alertKey);
        Replace(Open!, e => e with { Steps = [.. e.Steps, step] });
        return step;
    }

    /// <summary>Records the reply to letter <paramref name="number"/>: the day it came, or none (then a note says so).</summary>
    public Result RecordReply(int number, DateOnly? repliedOn, string? note, DateOnly today)
    {
        var open = Open;
        if (open is null)
        {
            return Result.Fail(RuleIds.NonEngagement, "episode", "There is no open non-engagement episode.");
        }

        var step = open.Step(number);
        if (step is null)
        {
            return Result.Fail(RuleIds.NonEngagement, "step", $"Letter {number} has not been sent.");
        }

        if (step.ReplyRecorded)
        {
            return Result.Fail(RuleIds.NonEngagement, "step", $"The reply to letter {number} is already recorded.");
        }

        if (repliedOn is { } on && (on < step.SentOn || on > today))
        {
            return Result.Fail(RuleIds.Validation, "repliedOn", "The reply date must be between the day the letter was sent and today.");
        }

        var check = CheckNote(note, "note", required: repliedOn is null);
        if (!check.IsSuccess)
        {
            return check;
        }

        Replace(open, e => e with
        {
            Steps = [.. e.Steps.Select(s => s.Number == number ? s with { RepliedOn = repliedOn, ReplyNote = Trimmed(note), ReplyRecordedOn = today } : s)],
        });
        return Result.Success;
    }

    public Result Close(NonEngagementOutcome outcome, string? note, DateOnly today)
    {
        var open = Open;
        if (open is null)
        {
            return Result.Fail(RuleIds.NonEngagement, "episode", "There is no open non-engagement episode.");
        }

        var check = CheckNote(note, "note", required: true);
        if (!check.IsSuccess)
        {
            return check;
        }

        Replace(open, e => e with { Outcome = outcome, ClosedOn = today, ClosingNote = Trimmed(note) });
        return Result.Success;
    }

    public static Result CheckNote(string? note, string field, bool required)
    {
        var trimmed = note?.Trim() ?? string.Empty;
        if (required && trimmed.Length == 0)
        {
            return Result.Fail(RuleIds.Validation, field, "Enter a note.");
        }

        return trimmed.Length > MaxNoteLength ? Result.Fail(RuleIds.Validation, field, "A note must be 2,000 characters or fewer.") : Result.Success;
    }

    private static string? Trimmed(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private void Replace(NonEngagementEpisode episode, Func<NonEngagementEpisode, NonEngagementEpisode> change)
    {
        var index = episodes.IndexOf(episode);
        episodes[index] = change(episode);
    }
}

/// <summary>
/// Working days for reply-by dates: Monday to Friday. There is no UK bank-holiday calendar in the product yet, so a bank
/// holiday counts as a working day (docs/domain.md, decision (i)); the reply-by date is shown, and the team may wait longer.
/// </summary>
public static class WorkingDays
{
    public static DateOnly Add(DateOnly from, int days)
    {
        var date = from;
        var added = 0;
        while (added < days)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return date;
    }
}
