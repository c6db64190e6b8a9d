using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Evidence;

public enum UploadCheckStatus
{
    /// <summary>The file matched its declaration and is now the evidence item's file.</summary>
    Verified,
    /// <summary>The file did not match (size, hash, type, or over the limit): nothing of it was kept; the item says why.</summary>
    Rejected,
    /// <summary>No item in that body waits for this file (unknown ids, already checked, withdrawn): nothing was kept.</summary>
    Unexpected,
}

public sealed record UploadCheck(UploadCheckStatus Status, string? Reason = null, EvidenceFile? File = null);

/// <summary>
/// Evidence files that arrive by direct upload (to Blob Storage, outside the API; ADR 0012). First the doctor declares
/// the item with the file's name, size and SHA-256 (<see cref="DeclareAsync"/>); the upload lands under
/// <see cref="UploadName"/>; then <see cref="CheckAsync"/> streams it into the evidence store under a fresh opaque key
/// (hashed and counted on the way, as every upload: ADR 0007), detects its type from the bytes, and compares all of it
/// with the declaration. A match becomes the item's file; a mismatch is recorded on the item with the reason, the
/// copy is deleted, and both write an audit event. The caller removes the uploaded original in every case.
/// </summary>
public sealed partial class EvidenceUploadService(
    IEvidenceFileStore files,
    DoctorRecordService doctors,
    IOptions<EvidenceOptions> evidenceOptions,
    IOptions<RevalidationOptions> rules,
    TimeProvider time,
    ILogger<EvidenceUploadService> logger)
{
    /// <summary>Who the checks are recorded as in audit events.</summary>
    public static readonly Actor Checker = new("evidence-upload-check", "System");

    /// <summary>The upload's name in the uploads container: designated body / doctor / evidence item (ids as 32 hex digits).</summary>
    public static string UploadName(DesignatedBodyCode body, Guid doctorId, Guid evidenceId) => $"{body.Value}/{doctorId:N}/{evidenceId:N}";

    /// <summary>The parts of an upload name, or null when it is not one (<see cref="UploadName"/>).</summary>
    public static (DesignatedBodyCode Body, Guid DoctorId, Guid EvidenceId)? ParseUploadName(string? body, string? doctorId, string? evidenceId) =>
        DesignatedBodyCode.Create(body ?? string.Empty) is { IsSuccess: true } code
        && Guid.TryParseExact(doctorId, "N", out var doctor)
        && Guid.TryParseExact(evidenceId, "N", out var evidence)
            ? (code.Value!, doctor, evidence)
            : null;

    /// <summary>
    /// Adds an evidence item whose file the client will upload directly; the declared file is checked when it arrives.
    /// <paramref name="evidenceId"/> lets the caller choose the item's id beforehand (to prepare the upload link before
    /// anything is saved); by default a fresh one.
    /// </summary>
    public async Task<ServiceResult<EvidenceItem>> DeclareAsync(
        DoctorRecord doctor, Actor actor, EvidenceMetadata metadata, string? fileName, long sizeBytes, string? sha256, Guid? evidenceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(metadata);
        var (name, nameError) = EvidenceFileNames.Sanitise(fileName);
        if (name is null)
        {
            return ServiceResult<EvidenceItem>.Invalid(RuleIds.Validation, "fileName", nameError!);
        }

        if (EvidenceFileTypes.FromExtension(name) is null)
        {
            return ServiceResult<EvidenceItem>.Invalid(RuleIds.Validation, "fileName", $"Only {EvidenceFileTypes.AllowedDescription} files are accepted; the name must end with the matching extension.");
        }

        var max = evidenceOptions.Value.MaxFileBytes;
        if (sizeBytes < 1 || sizeBytes > max)
        {
            return ServiceResult<EvidenceItem>.Invalid(RuleIds.Validation, "sizeBytes", $"The file size must be between 1 byte and {EvidenceService.SizeText(max)}.");
        }

        if (sha256 is null || !Sha256Hex().IsMatch(sha256))
        {
            return ServiceResult<EvidenceItem>.Invalid(RuleIds.Validation, "sha256", "sha256 is the file's SHA-256 as 64 lower-case hexadecimal digits.");
        }

        if (doctor.Evidence.Items.FirstOrDefault(e => !e.IsWithdrawn && (e.File?.Sha256 == sha256 || e.Upload is { Status: EvidenceUploadStatus.Awaiting } u && u.Sha256 == sha256)) is { } duplicate)
        {
            return ServiceResult<EvidenceItem>.Conflict($"You already uploaded this file, as \"{duplicate.Title}\".", RuleIds.Validation, "sha256");
        }

        var year = metadata.AppraisalYear is { } chosen
            ? new AppraisalYear(chosen, rules.Value.AppraisalYearStartMonth)
            : EvidenceService.DefaultYear(doctor, metadata.ActivityDate, rules.Value.AppraisalYearStartMonth);
        var id = evidenceId ?? Guid.NewGuid();
        var expected = new EvidenceUpload(name, sizeBytes, sha256);
        var result = await doctors.ChangeAsync(doctor.DesignatedBody, doctor.Id, actor, new DoctorChange(
            "evidence.upload-declared",
            d =>
            {
                var added = d.Evidence.Add(metadata.Type, metadata.Title ?? string.Empty, metadata.ActivityDate, year, metadata.CpdCredits, metadata.Reflection, null, time.GetUtcNow(), id);
                return added.IsSuccess ? d.Evidence.ExpectUpload(id, expected) : added.Outcome;
            },
            _ => $"Evidence added: {EvidenceWords.TypeName(metadata.Type)} for {year.Label}, a file of {EvidenceWords.Size(sizeBytes)} to be uploaded",
            new { id, metadata.Type, metadata.Title, metadata.ActivityDate, appraisalYear = year.StartYear, upload = expected }),
            loaded: doctor,
            cancellationToken: cancellationToken);
        return result.IsOk ? ServiceResult<EvidenceItem>.Ok(result.Value!.Evidence.ById(id)!) : result.As<EvidenceItem>();
    }

    /// <summary>Checks an uploaded file against its declaration and records the outcome (see the class summary).</summary>
    public async Task<UploadCheck> CheckAsync(DesignatedBodyCode body, Guid doctorId, Guid evidenceId, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var doctor = await doctors.GetAsync(body, doctorId, cancellationToken);
        if (doctor?.Evidence.ById(evidenceId) is not { Upload: { Status: EvidenceUploadStatus.Awaiting } expected, File: null, IsWithdrawn: false })
        {
            LogUnexpected(logger, body.Value, doctorId, evidenceId);
            return new UploadCheck(UploadCheckStatus.Unexpected, "No evidence item waits for this file.");
        }

        var write = await files.WriteAsync(body, content, evidenceOptions.Value.MaxFileBytes, cancellationToken);
        var key = write.StorageKey;
        try
        {
            var reason = await MismatchAsync(body, expected, write, cancellationToken);
            if (reason is not null)
            {
                if (key is not null)
                {
                    await files.DeleteAsync(body, key, CancellationToken.None);
                    key = null;
                }

                await RecordAsync(doctor, evidenceId, "evidence.upload-rejected", d => d.Evidence.RejectUpload(evidenceId, reason, time.GetUtcNow()),
                    $"Uploaded file rejected: {reason}", new { evidenceId, reason, received = new { write.SizeBytes, write.Sha256 } }, cancellationToken);
                LogRejected(logger, body.Value, doctorId, evidenceId, reason);
                return new UploadCheck(UploadCheckStatus.Rejected, reason);
            }

            var kind = EvidenceFileTypes.FromExtension(expected.FileName)!.Value;
            var file = new EvidenceFile(key!, expected.FileName, EvidenceFileTypes.ContentType(kind), write.SizeBytes, write.Sha256!);
            await RecordAsync(doctor, evidenceId, "evidence.upload-verified", d => d.Evidence.CompleteUpload(evidenceId, file, time.GetUtcNow()),
                $"Uploaded file verified: {EvidenceWords.Size(write.SizeBytes)}", new { evidenceId, file.ContentType, file.SizeBytes, file.Sha256 }, cancellationToken);
            key = null; // the record refers to it now
            return new UploadCheck(UploadCheckStatus.Verified, null, file);
        }
        finally
        {
            if (key is not null)
            {
                // The record was not saved (conflict, error, cancellation): keep no unreferenced copy. The trigger retries.
                await files.DeleteAsync(body, key, CancellationToken.None);
            }
        }
    }

    /// <summary>Why the stored copy does not match the declaration, or null when it does.</summary>
    private async Task<string?> MismatchAsync(DesignatedBodyCode body, EvidenceUpload expected, EvidenceWrite write, CancellationToken cancellationToken)
    {
        if (write.TooLarge)
        {
            return $"The file is larger than the limit of {EvidenceService.SizeText(evidenceOptions.Value.MaxFileBytes)}.";
        }

        if (write.SizeBytes != expected.SizeBytes)
        {
            return "The file is not the size declared when the upload began: it was changed or cut short on the way.";
        }

        if (!string.Equals(write.Sha256, expected.Sha256, StringComparison.Ordinal))
        {
            return "The file's SHA-256 differs from the one declared.";
        }

        EvidenceFileKind? actual;
        await using (var stored = await files.OpenReadAsync(body, write.StorageKey!, cancellationToken) ?? throw new InvalidOperationException("A file just written could not be read back."))
        {
            actual = await EvidenceFileTypes.DetectAsync(stored, cancellationToken);
        }

        var declared = EvidenceFileTypes.FromExtension(expected.FileName);
        return actual == declared ? null
            : actual is null ? $"The content is not a {EvidenceFileTypes.AllowedDescription} file."
            : $"The content is a {actual} file but the name says {declared}.";
    }

    private async Task RecordAsync(DoctorRecord doctor, Guid evidenceId, string action, Func<DoctorRecord, Result> apply, string summary, object change, CancellationToken cancellationToken)
    {
        // Re-applied on a concurrent change: the check's outcome does not depend on the rest of the record.
        var result = await doctors.ChangeAsync(doctor.DesignatedBody, doctor.Id, Checker, new DoctorChange(action, apply, _ => summary, change),
            loaded: doctor, retries: 2, cancellationToken: cancellationToken);
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"The check of evidence item {evidenceId} could not be recorded: {result.Status} {result.Detail}");
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence upload {Body}/{DoctorId}/{EvidenceId}: no evidence item waits for this file; it is removed")]
    private static partial void LogUnexpected(ILogger logger, string body, Guid doctorId, Guid evidenceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence upload {Body}/{DoctorId}/{EvidenceId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string body, Guid doctorId, Guid evidenceId, string reason);
}
