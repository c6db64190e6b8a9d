using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Evidence;

/// <summary>A stored evidence file: the bytes live in the evidence store under an opaque key.</summary>
public sealed record EvidenceFile(string StorageKey, string FileName, string ContentType, long SizeBytes, string Sha256);

[JsonConverter(typeof(JsonStringEnumConverter<EvidenceUploadStatus>))]
public enum EvidenceUploadStatus
{
    /// <summary>Declared; the file has not arrived (or not been checked) yet.</summary>
    Awaiting,
    /// <summary>The file arrived and matched the declaration: it is the item's <see cref="EvidenceItem.File"/>.</summary>
    Verified,
    /// <summary>The file that arrived did not match (hash, size or type): it was removed; the reason is kept.</summary>
    Rejected,
}

/// <summary>
/// A file declared for direct upload (ADR 0012): what the client said it would send, checked when the bytes arrive.
/// </summary>
public sealed record EvidenceUpload(string FileName, long SizeBytes, string Sha256, EvidenceUploadStatus Status = EvidenceUploadStatus.Awaiting, string? RejectionReason = null, DateTimeOffset? CheckedAt = null);

/// <summary>Supporting information: its metadata, reflection and optional file.</summary>
public sealed class EvidenceItem
{
    public const int MaxTitleLength = 200;
    public const int MaxReflectionLength = 10_000;
    public const decimal MaxCpdCredits = 500;

    [JsonConstructor]
    internal EvidenceItem(Guid id, SupportingInformationType type, string title, DateOnly activityDate, int appraisalYear, DateTimeOffset addedAt)
    {
        Id = id;
        Type = type;
        Title = title;
        ActivityDate = activityDate;
        AppraisalYear = appraisalYear;
        AddedAt = addedAt;
    }

    public Guid Id { get; }

    public SupportingInformationType Type { get; }

    [JsonInclude]
    public string Title { get; internal set; }

    [JsonInclude]
    public DateOnly ActivityDate { get; internal set; }

    /// <summary>The appraisal year it supports (R16).</summary>
    [JsonInclude]
    public int AppraisalYear { get; internal set; }

    public DateTimeOffset AddedAt { get; }

    /// <summary>R18: CPD credits (1 credit = 1 hour); advice only.</summary>
    [JsonInclude]
    public decimal? CpdCredits { get; internal set; }

    [JsonInclude]
    public string? Reflection { get; internal set; }

    [JsonInclude]
    public EvidenceFile? File { get; internal set; }

    /// <summary>A file declared for direct upload, and what its check found; null for files uploaded through the API.</summary>
    [JsonInclude]
    public EvidenceUpload? Upload { get; internal set; }

    /// <summary>Locked once an appraisal that used it is signed off.</summary>
    [JsonInclude]
    public bool Locked { get; internal set; }

    /// <summary>Withdrawn items are kept, marked, and no longer count (nothing is hard-deleted).</summary>
    [JsonInclude]
    public DateOnly? WithdrawnOn { get; internal set; }

    public bool IsWithdrawn => WithdrawnOn is not null;
}
