namespace Revalidation.Api.Contracts;

// GMC Connect (docs/decisions/0013): in the contracts project, shared with the web client.

public sealed record GmcConnectionChangeRequest(string? ChangeReason = null);

public sealed record GmcConnectionChangeResponse(bool Succeeded, string ReturnCode, string Meaning, DataQualityIssueResponse Issue);

public sealed record GmcReconciliationResponse(int Listed, int Matched, int Updated, int NotInDirectory, int NotConnected, int LeaversStillConnected, int Resolved);

/// <summary>What one GMC Connect list would change for one doctor, in words; <c>DoctorId</c> is null for a doctor the records do not hold.</summary>
public sealed record GmcListDoctorChangeResponse(Guid? DoctorId, string Name, string GmcNumber, IReadOnlyList<string> Changes);

/// <summary>
/// What applying a GMC Connect list would do, nothing written. <c>NeedsConfirmation</c>: the list lacks more than a tenth of
/// the body's active doctors (<c>Missing</c> of <c>ActiveDoctors</c>), so applying it needs <c>?confirm=true</c>.
/// <c>Changes</c> lists at most <c>MaxListed</c> of <c>ChangeCount</c>.
/// </summary>
public sealed record GmcListPreviewResponse(
    int Listed,
    int Matched,
    int NotInDirectory,
    int NotConnected,
    int LeaversStillConnected,
    int ActiveDoctors,
    int Missing,
    bool NeedsConfirmation,
    int ChangeCount,
    IReadOnlyList<GmcListDoctorChangeResponse> Changes)
{
    public const int MaxListed = 1_000;
}
