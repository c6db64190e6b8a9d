using Revalidation.Core.Common;

namespace Revalidation.Core.Appraisals;

/// <summary>Issue 16, item 5 (docs/domain.md, decision (j)): allocating the appraiser under the rules, and conflicts of interest.</summary>
public sealed partial class AppraisalHistory
{
    /// <summary>
    /// Issue 16, item 5 (docs/domain.md, decision (j)): allocates <paramref name="appraiser"/> under the allocation rules of
    /// <see cref="AllocationRules"/>: never self, never a declared conflict (refused); over the appraisee cap or the
    /// consecutive-years limit only with a <paramref name="reason"/> (1–1,000 characters), which is kept with the allocation.
    /// </summary>
    public Result Allocate(Common.StaffMember appraiser, AllocationContext context, string? reason)
    {
        ArgumentNullException.ThrowIfNull(appraiser);
        if (AppraiserId == appraiser.UserId)
        {
            return Result.Success; // already allocated (a declared conflict would have ended it): nothing is newly allocated
        }

        var check = AllocationRules.Check(Doctor, appraiser, context);
        if (check.Refusal is { } refusal)
        {
            return Result.Fail(RuleIds.ResponsibleOfficer, "appraiserId", refusal);
        }

        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (given is { Length: > MaxReasonLength })
        {
            return Result.Fail(RuleIds.Validation, "reason", $"The reason is at most {MaxReasonLength:N0} characters.");
        }

        if (check.NeedsReason.Count > 0 && given is null)
        {
            return Result.Fail(check.NeedsReason.Select(m => new RuleViolation(RuleIds.ResponsibleOfficer, "reason", m)));
        }

        AppraiserId = appraiser.UserId;
        AllocationReason = check.NeedsReason.Count > 0 ? given : null;
        return Result.Success;
    }

    /// <summary>
    /// Issue 16, item 5: declares a conflict of interest with an appraiser (or changes its reason). A conflict with the
    /// allocated appraiser ends the allocation (the appraiser declining it). Returns whether the allocation ended.
    /// </summary>
    public Result<bool> DeclareConflict(string appraiserId, string reason, string declaredBy, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(appraiserId))
        {
            return Result<bool>.Fail(RuleIds.Validation, "appraiserId", "Say which appraiser the conflict of interest is with.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > AppraiserConflict.MaxReasonLength)
        {
            return Result<bool>.Fail(RuleIds.Validation, "reason", $"Say why there is a conflict of interest (1–{AppraiserConflict.MaxReasonLength:N0} characters), for example close colleague, relative or line manager.");
        }

        if (ConflictWith(appraiserId) is { } existing)
        {
            existing.Reason = reason.Trim();
            existing.DeclaredBy = declaredBy;
            existing.DeclaredOn = today;
        }
        else
        {
            conflicts.Add(new AppraiserConflict(appraiserId, reason.Trim(), declaredBy, today));
        }

        if (AppraiserId != appraiserId)
        {
            return false;
        }

        AppraiserId = null;
        AllocationReason = null;
        return true;
    }

    /// <summary>Issue 16, item 5: withdraws a declared conflict of interest (the appraiser may then be allocated again).</summary>
    public Result WithdrawConflict(string appraiserId)
    {
        if (ConflictWith(appraiserId) is not { } conflict)
        {
            return Result.Fail(RuleIds.Validation, "appraiserId", "No conflict of interest with this appraiser is declared.");
        }

        conflicts.Remove(conflict);
        return Result.Success;
    }
}
