using System.Text.Json.Serialization;
using Revalidation.Core.Common;

namespace Revalidation.Core.Evidence;

/// <summary>A stored evidence file: the bytes live in the evidence store under an opaque key.</summary>
public sealed record EvidenceFile(string StorageKey, string FileName, string ContentType, long SizeBytes, string Sha256);

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

    /// <summary>Locked once an appraisal that used it is signed off.</summary>
    [JsonInclude]
    public bool Locked { get; internal set; }

    /// <summary>Withdrawn items are kept, marked, and no longer count (nothing is hard-deleted).</summary>
    [JsonInclude]
    public DateOnly? WithdrawnOn { get; internal set; }

    public bool IsWithdrawn => WithdrawnOn is not null;
}
