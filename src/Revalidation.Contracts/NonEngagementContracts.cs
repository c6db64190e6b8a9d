namespace Revalidation.Api.Contracts;

/// <summary>Start a non-engagement episode: reason "Appraisal" or "Revalidation"; the appraisal year as the doctor knows it ("2026/27"); an optional note.</summary>
public sealed record NonEngagementStartRequest(string? Reason = null, string? AppraisalYear = null, string? Note = null);

/// <summary>Record the reply to a letter: the day it came (or received = true: today), or none (neither) with a note saying so.</summary>
public sealed record NonEngagementReplyRequest(DateOnly? RepliedOn = null, string? Note = null, bool? Received = null);

/// <summary>Close the open episode: outcome "EngagedAgain" or "EscalatedToResponsibleOfficer", with a note.</summary>
public sealed record NonEngagementCloseRequest(string? Outcome = null, string? Note = null);

/// <summary>
/// One letter. For the doctor: the dates only (<see cref="Subject"/>, <see cref="Text"/>, <see cref="ReplyNote"/> and
/// who sent it are the RO team's, need to know).
/// </summary>
public sealed record NonEngagementStepResponse(
    int Number, DateOnly SentOn, DateOnly ReplyDueBy, DateOnly? RepliedOn, bool ReplyRecorded,
    string? SentByName, string? Subject, string? Text, string? ReplyNote, string? DeliveryState);

public sealed record NonEngagementEpisodeResponse(
    Guid Id, string Reason, string ReasonText, string? AppraisalYear, DateOnly StartedOn, string? StartedByName, string? StartNote,
    IReadOnlyList<NonEngagementStepResponse> Steps, bool IsOpen, string? Outcome, string? OutcomeText, DateOnly? ClosedOn, string? ClosingNote,
    int? NextStep, DateOnly? NextStepFrom, bool Exhausted);

/// <summary>The doctor's pathway: the episode shown (open, else latest), and how many there have been.</summary>
public sealed record NonEngagementResponse(NonEngagementEpisodeResponse? Current, int EpisodeCount, string Summary);

/// <summary>A letter's template as the body has it (its own wording, or the default).</summary>
public sealed record LetterTemplateResponse(int Step, string Subject, string Body, bool IsDefault);

public sealed record LetterTemplatesResponse(IReadOnlyList<LetterTemplateResponse> Templates, IReadOnlyList<string> Placeholders);

public sealed record LetterTemplateRequest(string? Subject = null, string? Body = null);

/// <summary>A letter as it would read: for a template preview (sample values) or for the next letter to a doctor (their values).</summary>
public sealed record LetterPreviewResponse(int Step, string Subject, string Body, DateOnly ReplyBy);
