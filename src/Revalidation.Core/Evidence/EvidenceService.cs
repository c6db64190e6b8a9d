using Microsoft.Extensions.Options;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Evidence;

/// <summary>A file streamed into the evidence store and checked, not yet attached to any record.</summary>
public sealed record StagedEvidenceFile(string StorageKey, string FileName, string ContentType, long SizeBytes, string Sha256)
{
    public EvidenceFile ToEvidenceFile() => new(StorageKey, FileName, ContentType, SizeBytes, Sha256);
}

public enum StageStatus
{
    Staged,
    Invalid,
    TooLarge,
    /// <summary>Not one of the accepted file types, by name or by content (415).</summary>
    UnsupportedType,
}

public sealed record StageResult(StageStatus Status, StagedEvidenceFile? File, RuleViolation? Violation);

/// <summary>What a doctor says about a piece of supporting information.</summary>
public sealed record EvidenceMetadata(
    SupportingInformationType Type,
    string Title,
    DateOnly ActivityDate,
    int? AppraisalYear,
    decimal? CpdCredits,
    string? Reflection);

/// <summary>
/// Evidence uploads in two steps, so that a multipart body can carry its fields in any order: the file is
/// streamed in and checked (<see cref="StageAsync"/>), then attached with its metadata
/// (<see cref="AttachAsync"/>). Whatever fails, no file and no metadata are left behind.
/// </summary>
public sealed class EvidenceService(IEvidenceFileStore files, DoctorRecordService doctors, IOptions<EvidenceOptions> evidenceOptions, IOptions<RevalidationOptions> rules, TimeProvider time)
{
    public const string FileField = "file";

    public long MaxFileBytes => evidenceOptions.Value.MaxFileBytes;

    /// <summary>Streams the upload into the store under a fresh key, then checks size, emptiness, type (magic bytes) and name.</summary>
    public async Task<StageResult> StageAsync(DesignatedBodyCode body, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var (name, nameError) = EvidenceFileNames.Sanitise(fileName);
        if (name is null)
        {
            return Invalid(nameError!);
        }

        var expected = EvidenceFileTypes.FromExtension(name);
        if (expected is null)
        {
            return Unsupported($"Only {EvidenceFileTypes.AllowedDescription} files are accepted; the name must end with the matching extension.");
        }

        var write = await files.WriteAsync(body, content, MaxFileBytes, cancellationToken);
        if (write.TooLarge)
        {
            return new StageResult(StageStatus.TooLarge, null,
                new RuleViolation(RuleIds.Validation, FileField, $"The file is larger than the limit of {SizeText(MaxFileBytes)}."));
        }

        var key = write.StorageKey!;
        try
        {
            if (write.SizeBytes == 0)
            {
                await files.DeleteAsync(body, key, cancellationToken);
                return Invalid("The file is empty.");
            }

            EvidenceFileKind? actual;
            await using (var stored = await files.OpenReadAsync(body, key, cancellationToken) ?? throw new InvalidOperationException("A file just written could not be read back."))
            {
                actual = await EvidenceFileTypes.DetectAsync(stored, cancellationToken);
            }

            if (actual != expected)
            {
                await files.DeleteAsync(body, key, cancellationToken);
                return actual is null
                    ? Unsupported($"The content is not a {EvidenceFileTypes.AllowedDescription} file.")
                    : Invalid($"The content is a {actual} file but the name says {expected}; rename it or choose the right file.");
            }

            return new StageResult(StageStatus.Staged, new StagedEvidenceFile(key, name, EvidenceFileTypes.ContentType(actual.Value), write.SizeBytes, write.Sha256!), null);
        }
        catch
        {
            await files.DeleteAsync(body, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Attaches metadata (and a staged file) to the doctor's record; a duplicate file or a broken rule discards the file.</summary>
    public async Task<ServiceResult<EvidenceItem>> AttachAsync(DoctorRecord doctor, Actor actor, EvidenceMetadata metadata, StagedEvidenceFile? file, CancellationToken cancellationToken = default)
    {
        var committed = false;
        try
        {
            if (file is not null && doctor.Evidence.Items.FirstOrDefault(e => !e.IsWithdrawn && e.File?.Sha256 == file.Sha256) is { } duplicate)
            {
                return ServiceResult<EvidenceItem>.Conflict($"You already uploaded this file, as \"{duplicate.Title}\".", RuleIds.Validation, FileField);
            }

            var year = metadata.AppraisalYear is { } chosen
                ? new AppraisalYear(chosen, rules.Value.AppraisalYearStartMonth)
                : DefaultYear(doctor, metadata.ActivityDate, rules.Value.AppraisalYearStartMonth);
            var id = Guid.NewGuid();
            var result = await doctors.ChangeAsync(doctor.DesignatedBody, doctor.Id, actor, new DoctorChange(
                "evidence.added",
                d => d.Evidence.Add(metadata.Type, metadata.Title ?? string.Empty, metadata.ActivityDate, year, metadata.CpdCredits, metadata.Reflection, file?.ToEvidenceFile(), time.GetUtcNow(), id).Outcome,
                _ => $"Evidence added: {EvidenceWords.TypeName(metadata.Type)} for {year.Label}" + (file is null ? string.Empty : $" with a file of {EvidenceWords.Size(file.SizeBytes)}"),
                new { id, metadata.Type, metadata.Title, metadata.ActivityDate, appraisalYear = year.StartYear, metadata.CpdCredits, file = file is null ? null : new { file.FileName, file.ContentType, file.SizeBytes, file.Sha256 } }),
                loaded: doctor,
                cancellationToken: cancellationToken);
            if (!result.IsOk)
            {
                return result.As<EvidenceItem>();
            }

            committed = true;
            return ServiceResult<EvidenceItem>.Ok(result.Value!.Evidence.ById(id)!);
        }
        finally
        {
            if (!committed && file is not null)
            {
                await files.DeleteAsync(doctor.DesignatedBody, file.StorageKey, CancellationToken.None);
            }
        }
    }

    /// <summary>Discards a staged file that will not be attached (the request failed after staging).</summary>
    public Task DiscardAsync(DesignatedBodyCode body, StagedEvidenceFile file) => files.DeleteAsync(body, file.StorageKey, CancellationToken.None);

    /// <summary>Opens an evidence item's file for download.</summary>
    public async Task<(Stream Content, EvidenceFile File)?> OpenAsync(DoctorRecord doctor, Guid evidenceId, CancellationToken cancellationToken = default)
    {
        if (doctor.Evidence.ById(evidenceId) is not { File: { } file })
        {
            return null;
        }

        var stream = await files.OpenReadAsync(doctor.DesignatedBody, file.StorageKey, cancellationToken);
        return stream is null ? null : (stream, file);
    }

    /// <summary>The year the activity falls in; once that year's appraisal is signed off, the next one (evidence for the coming appraisal).</summary>
    internal static AppraisalYear DefaultYear(DoctorRecord doctor, DateOnly activityDate, int appraisalYearStartMonth)
    {
        var year = AppraisalYear.Containing(activityDate, appraisalYearStartMonth);
        return doctor.Appraisals.For(year.StartYear) is { IsCompleted: true } ? year.Next : year;
    }

    /// <summary>An exact size for messages: "25 MB", "64 KB", or bytes when neither divides it.</summary>
    internal static string SizeText(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KB"
        : $"{bytes} bytes";

    private static StageResult Unsupported(string message) =>
        new(StageStatus.UnsupportedType, null, new RuleViolation(RuleIds.Validation, FileField, message));

    private static StageResult Invalid(string message) =>
        new(StageStatus.Invalid, null, new RuleViolation(RuleIds.Validation, FileField, message));
}
