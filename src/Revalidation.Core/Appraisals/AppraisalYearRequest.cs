using System.Text.Json.Serialization;

namespace Revalidation.Core.Appraisals;

/// <summary>Issue 16: what a doctor asks of the RO team for one appraisal year.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppraisalRequestKind>))]
public enum AppraisalRequestKind
{
    /// <summary>R21, decision (a): postpone the year's appraisal to a proposed date (agreed only before the year ends).</summary>
    Postponement,

    /// <summary>R15: approve the year as missed, for a reason and dates of absence (after the year end: retrospective).</summary>
    ApprovedMissed,
}

[JsonConverter(typeof(JsonStringEnumConverter<AppraisalRequestStatus>))]
public enum AppraisalRequestStatus
{
    Pending,
    Approved,
    Declined,
    Withdrawn,
}

/// <summary>
/// Issue 16 (docs/domain.md#r15, #r21): a doctor's postponement or approved-missed request for one appraisal year, and the
/// RO team's decision on it. Approving applies <see cref="AppraisalHistory.ApprovePostponement"/> or
/// <see cref="AppraisalHistory.ApproveMissed"/>, so the year's rules are the same as a direct approval.
/// </summary>
public sealed class AppraisalYearRequest
{
    [JsonConstructor]
    internal AppraisalYearRequest(Guid id, AppraisalRequestKind kind, int year, string reason)
    {
        Id = id;
        Kind = kind;
        Year = year;
        Reason = reason;
    }

    public Guid Id { get; }

    public AppraisalRequestKind Kind { get; }

    /// <summary>The appraisal year, by the calendar year it starts in.</summary>
    public int Year { get; }

    public string Reason { get; }

    /// <summary>A postponement: the day the doctor proposes to be appraised by.</summary>
    [JsonInclude]
    public DateOnly? ProposedDate { get; internal set; }

    /// <summary>Approved missed: the first day of absence.</summary>
    [JsonInclude]
    public DateOnly? AbsentFrom { get; internal set; }

    /// <summary>Approved missed: the last day of absence (none while it goes on).</summary>
    [JsonInclude]
    public DateOnly? AbsentTo { get; internal set; }

    [JsonInclude]
    public string RequestedBy { get; internal set; } = string.Empty;

    [JsonInclude]
    public DateOnly RequestedOn { get; internal set; }

    [JsonInclude]
    public AppraisalRequestStatus Status { get; internal set; }

    [JsonInclude]
    public string? DecidedByName { get; internal set; }

    /// <summary>The app role the decision was made in (ResponsibleOfficer or RevalidationManager).</summary>
    [JsonInclude]
    public string? DecidedByRole { get; internal set; }

    [JsonInclude]
    public DateOnly? DecidedOn { get; internal set; }

    [JsonInclude]
    public string? DeclineReason { get; internal set; }

    /// <summary>R15: an approved-missed request approved after its year ended.</summary>
    [JsonInclude]
    public bool Retrospective { get; internal set; }

    [JsonIgnore]
    public bool IsPending => Status == AppraisalRequestStatus.Pending;
}
