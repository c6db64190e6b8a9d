using Revalidation.Core.Common;

namespace Revalidation.Core.Appraisals;

/// <summary>Issue 16, item 5 (docs/domain.md#decision-h): the doctor's postponement and approved-missed requests.</summary>
public sealed partial class AppraisalHistory
{
    /// <summary>
    /// Issue 16 (docs/domain.md#decision-h): the doctor asks the RO team to postpone a year's appraisal to
    /// <paramref name="proposedDate"/> (only before the year ends; the date as <see cref="ApprovePostponement"/> allows), or to
    /// approve the year as missed for an absence from <paramref name="absentFrom"/> (to <paramref name="absentTo"/>, if it has
    /// ended). One pending request of each kind per year; never for a signed-off year.
    /// </summary>
    public Result<AppraisalYearRequest> Ask(AppraisalRequestKind kind, AppraisalYear year, string? reason, DateOnly? proposedDate,
        DateOnly? absentFrom, DateOnly? absentTo, string requestedBy, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return Result<AppraisalYearRequest>.Fail(RuleIds.Validation, "reason", $"Enter a reason (at most {MaxReasonLength:N0} characters).");
        }

        if (year.Start > today)
        {
            return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalYear, "year", $"Appraisal year {year.Label} has not started.");
        }

        if (IsSignedOff(year.StartYear))
        {
            return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalClassification, "year",
                $"The {year.Label} appraisal is signed off; there is nothing to postpone or approve as missed.");
        }

        if (kind == AppraisalRequestKind.Postponement && today > year.End)
        {
            return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalYear, "year",
                $"Appraisal year {year.Label} has ended; a postponement is agreed before the year ends. Ask for the year to be approved as missed instead.");
        }

        if (Requests.Any(r => r.IsPending && r.Kind == kind && r.Year == year.StartYear))
        {
            return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalYear, "kind",
                $"You have already made this request for {year.Label}, and it is waiting for a decision. Withdraw it to ask again.");
        }

        var request = new AppraisalYearRequest(Guid.NewGuid(), kind, year.StartYear, reason.Trim())
        {
            RequestedBy = requestedBy,
            RequestedOn = today,
            Status = AppraisalRequestStatus.Pending,
        };
        if (kind == AppraisalRequestKind.Postponement)
        {
            if (proposedDate is not { } until)
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.Validation, "proposedDate", "Enter the date you propose to be appraised by.");
            }

            if (until <= year.DueMonth(DueMonth).Last || until > year.Next.End)
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalYear, "proposedDate",
                    $"The proposed date must fall after the due month (after {year.DueMonth(DueMonth).Last:d MMMM yyyy}) and no later than {year.Next.End:d MMMM yyyy}.");
            }

            request.ProposedDate = until;
        }
        else
        {
            if (For(year.StartYear) is { IsApprovedMissed: true })
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalClassification, "year", $"The {year.Label} appraisal is already approved as missed.");
            }

            if (absentFrom is not { } from)
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.Validation, "absentFrom", "Enter the first day of your absence.");
            }

            if (absentTo is { } to && to < from)
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.Validation, "absentTo", "The last day of absence must be on or after the first.");
            }

            if (from > year.End || (absentTo is { } last && last < year.Start))
            {
                return Result<AppraisalYearRequest>.Fail(RuleIds.AppraisalYear, "absentFrom",
                    $"The absence must overlap appraisal year {year.Label} ({year.Start:d MMMM yyyy} to {year.End:d MMMM yyyy}).");
            }

            request.AbsentFrom = from;
            request.AbsentTo = absentTo;
        }

        requests ??= [];
        requests.Add(request);
        return request;
    }

    /// <summary>Issue 16: the doctor withdraws a request still waiting for a decision.</summary>
    public Result Withdraw(Guid requestId, DateOnly today)
    {
        if (Pending(requestId) is not { } request)
        {
            return NotPending(requestId);
        }

        request.Status = AppraisalRequestStatus.Withdrawn;
        request.DecidedOn = today;
        return Result.Success;
    }

    /// <summary>
    /// Issue 16: the RO team approves a pending request, applying <see cref="ApprovePostponement"/> (refused once the year
    /// has ended: R21) or <see cref="ApproveMissed"/> (after the year ended: retrospective, R15). A refusal changes nothing.
    /// </summary>
    public Result Approve(Guid requestId, int yearStartMonth, string approverId, string approverName, string approverRole, DateOnly today)
    {
        if (Pending(requestId) is not { } request)
        {
            return NotPending(requestId);
        }

        var year = new AppraisalYear(request.Year, yearStartMonth);
        var applied = request.Kind == AppraisalRequestKind.Postponement
            ? ApprovePostponement(year, request.ProposedDate!.Value, request.Reason, today)
            : ApproveMissed(year, request.Reason, approverId, today, request.AbsentFrom, request.AbsentTo, approverRole);
        if (!applied.IsSuccess)
        {
            return applied;
        }

        request.Status = AppraisalRequestStatus.Approved;
        request.DecidedByName = approverName;
        request.DecidedByRole = approverRole;
        request.DecidedOn = today;
        request.Retrospective = request.Kind == AppraisalRequestKind.ApprovedMissed && today > year.End;
        return Result.Success;
    }

    /// <summary>Issue 16: the RO team declines a pending request, saying why (the doctor reads it).</summary>
    public Result Decline(Guid requestId, string? reason, string deciderName, string deciderRole, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return Result.Fail(RuleIds.Validation, "reason", $"Enter the reason for declining (at most {MaxReasonLength:N0} characters).");
        }

        if (Pending(requestId) is not { } request)
        {
            return NotPending(requestId);
        }

        request.Status = AppraisalRequestStatus.Declined;
        request.DeclineReason = reason.Trim();
        request.DecidedByName = deciderName;
        request.DecidedByRole = deciderRole;
        request.DecidedOn = today;
        return Result.Success;
    }

    private AppraisalYearRequest? Pending(Guid requestId) => Requests.FirstOrDefault(r => r.Id == requestId && r.IsPending);

    private Result NotPending(Guid requestId) => Request(requestId) is null
        ? Result.Fail(RuleIds.Validation, "requestId", "No such request.")
        : Result.Fail(RuleIds.AppraisalYear, "requestId", "This request has already been decided or withdrawn.");
}
