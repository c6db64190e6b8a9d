using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Evidence;

namespace Revalidation.Functions.Evidence;

/// <summary>
/// Evidence files that arrive by direct upload into the <see cref="Container"/> container (ADR 0012). A thin adapter:
/// <see cref="EvidenceUploadService.CheckAsync"/> checks the file against the item's declaration and records the
/// outcome; the uploaded original is then removed in every case (a verified file now lives in the evidence store
/// under its own key; a rejected or unexpected one is not kept). On Flex Consumption the trigger is fed by Event Grid
/// (infra/scripts/subscribe-evidence-uploads.sh subscribes it).
/// </summary>
public sealed partial class EvidenceUploadFunction(EvidenceUploadService uploads, ILogger<EvidenceUploadFunction> logger)
{
    /// <summary>The function's name: the Event Grid subscription's webhook names it.</summary>
    public const string Name = "EvidenceUploadVerification";

    public const string Container = "evidence-uploads";

    public const string BlobPath = Container + "/{body}/{doctorId}/{evidenceId}";

    [Function(Name)]
    public async Task RunAsync(
        [BlobTrigger(BlobPath, Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string body,
        string doctorId,
        string evidenceId,
        CancellationToken cancellationToken) =>
        await CheckAsync(blob, body, doctorId, evidenceId, cancellationToken);

    public async Task<UploadCheck> CheckAsync(BlobClient blob, string? body, string? doctorId, string? evidenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        UploadCheck check;
        if (EvidenceUploadService.ParseUploadName(body, doctorId, evidenceId) is not { } name)
        {
            LogNotAnUploadName(logger);
            check = new UploadCheck(UploadCheckStatus.Unexpected, "The blob's name is not designated body/doctor id/evidence id.");
        }
        else
        {
            await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
            check = await uploads.CheckAsync(name.Body, name.DoctorId, name.EvidenceId, content, cancellationToken);
        }

        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        return check;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence upload: a blob whose name is not designated body/doctor id/evidence id arrived; it is removed")]
    private static partial void LogNotAnUploadName(ILogger logger);
}
