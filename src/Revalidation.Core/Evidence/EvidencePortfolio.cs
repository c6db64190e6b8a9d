using System.Text.Json.Serialization;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Evidence;

/// <summary>
/// A doctor's supporting information: metadata, reflections and the files' descriptions (the bytes live in the
/// evidence store). Items are withdrawn, never removed, and locked once an appraisal that used them is signed off.
/// </summary>
public sealed class EvidencePortfolio : DoctorPart
{
    [JsonInclude, JsonPropertyName("items")]
    private List<EvidenceItem> items = [];

    [JsonIgnore]
    public IReadOnlyList<EvidenceItem> Items => items;

    public EvidenceItem? ById(Guid id) => items.FirstOrDefault(e => e.Id == id);

    /// <summary>A live (not withdrawn) item holding, or waiting for, the file with this SHA-256: adding it again is a duplicate.</summary>
    public EvidenceItem? WithFile(string sha256) =>
        items.FirstOrDefault(e => !e.IsWithdrawn && (e.File?.Sha256 == sha256 || e.Upload is { Status: EvidenceUploadStatus.Awaiting } u && u.Sha256 == sha256));

    public Result<EvidenceItem> Add(
        SupportingInformationType type,
        string title,
        DateOnly activityDate,
        AppraisalYear year,
        decimal? cpdCredits,
        string? reflection,
        EvidenceFile? file,
        DateTimeOffset now,
        Guid? id = null)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, UkCalendar.London).DateTime);
        var violations = new List<RuleViolation>();
        if (!Enum.IsDefined(type))
        {
            violations.Add(new(RuleIds.Validation, "type", "Unknown supporting-information type."));
        }

        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > EvidenceItem.MaxTitleLength)
        {
            violations.Add(new(RuleIds.Validation, "title", $"A title of 1–{EvidenceItem.MaxTitleLength} characters is required."));
        }

        if (activityDate > today)
        {
            violations.Add(new(RuleIds.Validation, "activityDate", "The activity date cannot be in the future."));
        }

        if (cpdCredits is { } credits && (credits < 0 || credits > EvidenceItem.MaxCpdCredits))
        {
            violations.Add(new(RuleIds.CpdAdvice, "cpdCredits", $"CPD credits must be between 0 and {EvidenceItem.MaxCpdCredits}."));
        }

        if (reflection is { Length: > EvidenceItem.MaxReflectionLength })
        {
            violations.Add(new(RuleIds.Validation, "reflection", $"A reflection is at most {EvidenceItem.MaxReflectionLength} characters."));
        }

        // Once this year's appraisal is signed off, new evidence supports the next appraisal, whose year may not have started yet.
        var appraisals = Doctor.Appraisals;
        var current = AppraisalYear.Containing(today, year.StartMonth);
        var nextYearOpen = year == current.Next && appraisals.IsSignedOff(current.StartYear);
        if (year.Start > today && !nextYearOpen)
        {
            violations.Add(new(RuleIds.AppraisalYear, "appraisalYear", $"Appraisal year {year.Label} has not started."));
        }
        else if (appraisals.IsSignedOff(year.StartYear))
        {
            violations.Add(new(RuleIds.AppraisalContent, "appraisalYear", $"The {year.Label} appraisal is signed off; add this to the year of the next appraisal."));
        }

        if (violations.Count > 0)
        {
            return Result.Fail(violations);
        }

        var item = new EvidenceItem(id ?? Guid.NewGuid(), type, title.Trim(), activityDate, year.StartYear, now)
        {
            CpdCredits = cpdCredits,
            Reflection = reflection,
            File = file,
        };
        items.Add(item);
        return item;
    }

    public const int MaxProviderLength = 150;

    /// <summary>
    /// Issue 16, item 6: a colleague or patient feedback exercise the appraisal toolkit holds, imported as supporting
    /// information without a file, in the appraisal year it was completed in. The rules of <see cref="Add"/> hold (not in the
    /// future; a signed-off year's evidence is locked). The same exercise again (type, date, provider) is
    /// <see cref="Appraisals.ImportOutcome.Unchanged"/>. The field names are the import's CSV columns.
    /// </summary>
    public Result<Appraisals.ImportOutcome> ImportFeedback(SupportingInformationType type, DateOnly completedOn, string provider, int startMonth, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (type is not (SupportingInformationType.ColleagueFeedback or SupportingInformationType.PatientFeedback))
        {
            return Result<Appraisals.ImportOutcome>.Fail(RuleIds.Validation, "kind", "The kind is colleague or patient.");
        }

        var name = provider.Trim();
        if (name.Length is 0 or > MaxProviderLength)
        {
            return Result<Appraisals.ImportOutcome>.Fail(RuleIds.Validation, "provider", $"The provider is needed (at most {MaxProviderLength} characters).");
        }

        var title = $"{(type == SupportingInformationType.ColleagueFeedback ? "Colleague" : "Patient")} feedback exercise ({name})";
        if (items.Any(e => !e.IsWithdrawn && e.Type == type && e.ActivityDate == completedOn && e.Title == title))
        {
            return Appraisals.ImportOutcome.Unchanged;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, UkCalendar.London).DateTime);
        if (completedOn > today)
        {
            return Result<Appraisals.ImportOutcome>.Fail(RuleIds.Validation, "completed_date", "The completed date cannot be in the future.");
        }

        var year = AppraisalYear.Containing(completedOn, startMonth);
        if (Doctor.Appraisals.IsSignedOff(year.StartYear))
        {
            return Result<Appraisals.ImportOutcome>.Fail(RuleIds.AppraisalContent, "completed_date",
                $"The {year.Label} appraisal is signed off, so its supporting information is final: feedback completed on {completedOn:d MMMM yyyy} cannot be added to it.");
        }

        var added = Add(type, title, completedOn, year, null, null, null, now);
        return added.IsSuccess ? Appraisals.ImportOutcome.New : Result<Appraisals.ImportOutcome>.Fail(added.Outcome);
    }

    /// <summary>Marks an evidence item (without a file yet) as waiting for a directly uploaded file matching <paramref name="expected"/>.</summary>
    public Result ExpectUpload(Guid evidenceId, EvidenceUpload expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (ById(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "No such evidence item.");
        }

        if (item.File is not null || item.Upload is not null)
        {
            return Result.Fail(RuleIds.Validation, "file", "This evidence item already has a file.");
        }

        item.Upload = expected with { Status = EvidenceUploadStatus.Awaiting, RejectionReason = null, CheckedAt = null };
        return Result.Success;
    }

    /// <summary>The awaited file arrived and matched: it becomes the item's file.</summary>
    public Result CompleteUpload(Guid evidenceId, EvidenceFile file, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (AwaitingUpload(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence item is not waiting for a file.");
        }

        item.File = file;
        item.Upload = item.Upload! with { Status = EvidenceUploadStatus.Verified, CheckedAt = at };
        return Result.Success;
    }

    /// <summary>The awaited file arrived and did not match: the item keeps no file, and says why.</summary>
    public Result RejectUpload(Guid evidenceId, string reason, DateTimeOffset at)
    {
        if (AwaitingUpload(evidenceId) is not { } item)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence item is not waiting for a file.");
        }

        item.Upload = item.Upload! with { Status = EvidenceUploadStatus.Rejected, RejectionReason = reason, CheckedAt = at };
        return Result.Success;
    }

    /// <summary>Withdraws evidence (kept, marked). Not allowed once an appraisal that used it is signed off.</summary>
    public Result Withdraw(Guid evidenceId, DateOnly today)
    {
        var item = ById(evidenceId);
        if (item is null)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "No such evidence item.");
        }

        if (item.Locked)
        {
            return Result.Fail(RuleIds.AppraisalContent, "evidenceId", "This evidence was used in a signed-off appraisal and is locked.");
        }

        if (item.IsWithdrawn)
        {
            return Result.Fail(RuleIds.Validation, "evidenceId", "This evidence is already withdrawn.");
        }

        item.WithdrawnOn = today;
        return Result.Success;
    }

    /// <summary>A signed-off appraisal locks the live evidence of its year.</summary>
    internal void LockYear(int year)
    {
        foreach (var item in items.Where(e => e.AppraisalYear == year && !e.IsWithdrawn))
        {
            item.Locked = true;
        }
    }

    private EvidenceItem? AwaitingUpload(Guid evidenceId) =>
        ById(evidenceId) is { Upload.Status: EvidenceUploadStatus.Awaiting, File: null, IsWithdrawn: false } item ? item : null;
}
