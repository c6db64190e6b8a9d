using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Recommendations;

/// <summary>One decision note: on the doctor, or on one of their recommendations; who wrote it (name and role) and when.</summary>
public sealed record DecisionNote(Guid Id, Guid? RecommendationId, string Text, string AuthorId, string AuthorName, string AuthorRole, DateTimeOffset At);

/// <summary>
/// Issue 16, item 2: the RO team's decision notes on a doctor and on their recommendations, oldest first. Append-only:
/// a note is never edited or removed; a correction is a new note. For the RO team only (docs/architecture.md#security,
/// need to know); the audit records that a note was added, never its text.
/// </summary>
public sealed class DecisionNotes : DoctorPart
{
    public const int MaxTextLength = 2_000;

    [JsonInclude, JsonPropertyName("items")]
    private List<DecisionNote> items = [];

    [JsonIgnore]
    public IReadOnlyList<DecisionNote> Items => items;

    public Result<DecisionNote> Add(Guid id, Guid? recommendationId, string? text, string authorId, string authorName, string authorRole, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return Result<DecisionNote>.Fail(RuleIds.Validation, "text", "Enter the note.");
        }

        if (trimmed.Length > MaxTextLength)
        {
            return Result<DecisionNote>.Fail(RuleIds.Validation, "text", "A note must be 2,000 characters or fewer.");
        }

        if (recommendationId is { } rid && Doctor.Recommendations.ById(rid) is null)
        {
            return Result<DecisionNote>.Fail(RuleIds.Validation, "recommendationId", "No such recommendation for this doctor.");
        }

        var note = new DecisionNote(id, recommendationId, trimmed, authorId, authorName, authorRole, now);
        items.Add(note);
        return note;
    }
}
