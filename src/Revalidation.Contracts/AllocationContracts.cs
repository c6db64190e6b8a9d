namespace Revalidation.Api.Contracts;

// Issue 16, item 5: appraiser allocation (docs/domain.md, decision (j)).

/// <summary>A declared conflict of interest between an appraiser and the doctor.</summary>
public sealed record AppraiserConflictResponse(string AppraiserId, string AppraiserName, string Reason, DateOnly DeclaredOn);

/// <summary>
/// One of the body's appraisers as a choice for this doctor: their appraisees this year, and what the allocation rules say.
/// </summary>
/// <param name="Refusal">A hard rule (own appraiser, declared conflict): not allocatable. Null when none.</param>
/// <param name="NeedsReason">Soft rules broken (appraisee cap, consecutive years): allocatable with a reason.</param>
public sealed record AppraiserChoiceResponse(string AppraiserId, string Name, int Appraisees, string? Refusal, IReadOnlyList<string> NeedsReason);

/// <summary>The doctor's allocation: the appraiser now, why (when a soft rule was broken), conflicts, and the choices.</summary>
public sealed record DoctorAllocationResponse(
    string? AppraiserId, string? AppraiserName, string? AllocationReason,
    IReadOnlyList<AppraiserConflictResponse> Conflicts, IReadOnlyList<AppraiserChoiceResponse> Appraisers);

/// <summary>Declares (or re-words) a conflict of interest with an appraiser: why, 1–1,000 characters.</summary>
public sealed record DeclareConflictRequest(string? Reason);

/// <summary>An active doctor without an appraiser.</summary>
public sealed record UnallocatedDoctorResponse(Guid DoctorId, string Name, string GmcNumber, string? Department);

/// <summary>One appraiser's appraisees this appraisal year, against the configured most.</summary>
public sealed record AppraiserLoadResponse(string AppraiserId, string Name, int Appraisees, int Most);

/// <summary>The body's active doctors without an appraiser (up to the limit; <paramref name="Total"/> counts them all), and the appraisers' loads.</summary>
public sealed record AllocationOverviewResponse(IReadOnlyList<UnallocatedDoctorResponse> Doctors, int Total, IReadOnlyList<AppraiserLoadResponse> Appraisers);

/// <summary>Suggest allocations for up to <paramref name="Limit"/> doctors without an appraiser (default 100, at most 500).</summary>
public sealed record SuggestAllocationsRequest(int? Limit = null);

/// <summary>A suggested appraiser for a doctor (null when none fits), with why in plain words.</summary>
public sealed record AllocationSuggestionResponse(Guid DoctorId, string DoctorName, string? AppraiserId, string? AppraiserName, string Why);

/// <summary>The suggestions, the doctors for whom no appraiser fits, and how many doctors are without an appraiser in all.</summary>
public sealed record SuggestAllocationsResponse(IReadOnlyList<AllocationSuggestionResponse> Suggestions, IReadOnlyList<AllocationSuggestionResponse> NoneFits, int Unallocated);

/// <summary>One chosen allocation; <paramref name="Reason"/> when it breaks a soft rule.</summary>
public sealed record AllocationItemRequest(Guid DoctorId, string? AppraiserId, string? Reason = null);

/// <summary>The chosen allocations, applied one by one (at most 500).</summary>
public sealed record ApplyAllocationsRequest(IReadOnlyList<AllocationItemRequest>? Items);

/// <summary>What applying one allocation did: applied, or refused with why.</summary>
public sealed record AllocationOutcomeResponse(Guid DoctorId, string? DoctorName, string? AppraiserName, bool Applied, string Message);

public sealed record ApplyAllocationsResponse(IReadOnlyList<AllocationOutcomeResponse> Outcomes, int Applied, int Refused);
