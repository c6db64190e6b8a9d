namespace Revalidation.Api.Contracts;

// GMC Connect (docs/decisions/0013): in the contracts project, shared with the web client.

public sealed record GmcConnectionChangeRequest(string? ChangeReason = null);

public sealed record GmcConnectionChangeResponse(bool Succeeded, string ReturnCode, string Meaning, DataQualityIssueResponse Issue);

public sealed record GmcReconciliationResponse(int Listed, int Matched, int Updated, int NotInDirectory, int NotConnected, int LeaversStillConnected, int Resolved);
