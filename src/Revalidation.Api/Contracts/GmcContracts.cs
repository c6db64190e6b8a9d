namespace Revalidation.Api.Contracts;

// GMC Connect (docs/decisions/0013): compiled into the web client too, like the other contracts.

public sealed record GmcConnectionChangeRequest(string? ChangeReason = null);

public sealed record GmcConnectionChangeResponse(bool Succeeded, string ReturnCode, string Meaning, DataQualityIssueResponse Issue);

public sealed record GmcReconciliationResponse(int Listed, int Matched, int Updated, int NotInDirectory, int NotConnected, int LeaversStillConnected, int Resolved);
