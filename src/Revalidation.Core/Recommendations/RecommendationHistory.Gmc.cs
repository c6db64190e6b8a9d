using Revalidation.Core.Common;
using Revalidation.Core.Gmc;

namespace Revalidation.Core.Recommendations;

// The submission of a recommendation through the GMC web service: the outbox message's state machine
// (docs/decisions/0013): queued → sending (claimed) → submitted, refused, held, or queued again.
public sealed partial class RecommendationHistory
{
    /// <summary>The web-service route: a just-submitted recommendation is queued for the GMC (sent by the dispatch job).</summary>
    public Result QueueForGmc(Guid recommendationId, DateTimeOffset now)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Submitted || recommendation.GmcSubmission is { State: not GmcSubmissionState.RejectedByGmc })
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "Only a just-submitted recommendation can be queued for the GMC.");
        }

        recommendation.GmcSubmission = new GmcSubmission(GmcSubmission.ClientRequestIdFor(recommendation.Id, recommendation.Refusals.Count), now);
        return Result.Success;
    }

    /// <summary>
    /// Claims the submission for one attempt. A claim that lapsed (its dispatcher died mid-call) marks the
    /// submission as possibly received by the GMC, which decides how code 91 is read on the retry.
    /// </summary>
    public Result<GmcSubmission> ClaimGmcSubmission(Guid recommendationId, DateTimeOffset now, TimeSpan claimFor)
    {
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission;
        }

        var s = submission.Value!;
        if (!s.IsDue(now))
        {
            return Result<GmcSubmission>.Fail(RuleIds.Validation, "gmcSubmission", $"The submission is {s.State} and not due.");
        }

        if (s.State == GmcSubmissionState.Sending)
        {
            s.MayHaveReachedGmc = true;
        }

        s.State = GmcSubmissionState.Sending;
        s.Attempts++;
        s.ClaimedUntil = now + claimFor;
        s.NextAttemptAt = null;
        return s;
    }

    /// <summary>Code 0: the GMC has the recommendation; its id is kept and its outcome will be polled.</summary>
    public Result GmcSubmissionAccepted(Guid recommendationId, GmcAnswer answer, string? gmcRecommendationId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission.Outcome;
        }

        var s = submission.Value!;
        Finish(s, answer, GmcSubmissionState.Submitted);
        s.SubmittedAt = now;
        ById(recommendationId)!.GmcRecommendationId = string.IsNullOrWhiteSpace(gmcRecommendationId) ? null : gmcRecommendationId.Trim();
        return Result.Success;
    }

    /// <summary>
    /// A rule code (or an unknown code): the GMC refused the recommendation, so it never received it (R7,
    /// docs/domain.md#r7). That is not a GMC decision: the refusal is kept (code and meaning) and the recommendation goes
    /// back to draft for the RO to correct and submit again (the refused submission stays on it, so the RO sees the GMC's
    /// answer until then); nothing is retried by itself.
    /// </summary>
    public Result GmcSubmissionRejected(Guid recommendationId, GmcAnswer answer, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission.Outcome;
        }

        Finish(submission.Value!, answer, GmcSubmissionState.RejectedByGmc);
        var recommendation = ById(recommendationId)!;
        recommendation.Refusals = [.. recommendation.Refusals,
            new GmcRefusal(today, recommendation.SubmittedOn ?? today, submission.Value!.ReturnCode, submission.Value!.ReturnCodeMeaning)];
        recommendation.Status = RecommendationStatus.Draft;
        recommendation.SubmittedOn = null;
        recommendation.SubmittedBy = null;
        recommendation.RsdAtSubmission = null;
        recommendation.Snapshot = null;
        return Result.Success;
    }

    /// <summary>A configuration problem (99, 81…): held, and looked at again only at <paramref name="recheckAt"/> (the admins fix the account meanwhile).</summary>
    public Result GmcSubmissionHeld(Guid recommendationId, GmcAnswer answer, DateTimeOffset recheckAt)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission.Outcome;
        }

        Finish(submission.Value!, answer, GmcSubmissionState.Held);
        submission.Value!.NextAttemptAt = recheckAt;
        return Result.Success;
    }

    /// <summary>A transport failure or code 98: queued again for <paramref name="retryAt"/>.</summary>
    public Result GmcSubmissionRetryLater(Guid recommendationId, string error, bool mayHaveReachedGmc, DateTimeOffset retryAt, string? returnCode = null)
    {
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission.Outcome;
        }

        var s = submission.Value!;
        s.State = GmcSubmissionState.Queued;
        s.ClaimedUntil = null;
        s.NextAttemptAt = retryAt;
        s.LastError = GmcSubmission.Clip(error);
        s.MayHaveReachedGmc |= mayHaveReachedGmc;
        if (returnCode is not null)
        {
            var code = GmcReturnCodes.Describe(returnCode);
            s.ReturnCode = code.Code;
            s.ReturnCodeMeaning = code.Meaning;
        }

        return Result.Success;
    }

    /// <summary>What the last status check said (kept verbatim), whatever it was.</summary>
    public Result RecordGmcStatusCheck(Guid recommendationId, string? status, DateTimeOffset now)
    {
        var submission = Submission(recommendationId);
        if (!submission.IsSuccess)
        {
            return submission.Outcome;
        }

        submission.Value!.GmcStatus = status is null ? null : GmcSubmission.Clip(status.Trim());
        submission.Value.LastCheckedAt = now;
        return Result.Success;
    }

    private static void Finish(GmcSubmission s, GmcAnswer answer, GmcSubmissionState state)
    {
        var code = answer.Code;
        s.State = state;
        s.ClaimedUntil = null;
        s.NextAttemptAt = null;
        s.ReturnCode = code.Code;
        s.ReturnCodeMeaning = code.Meaning;
        s.GmcRequestId = answer.GmcRequestId is { } id ? GmcSubmission.Clip(id) : s.GmcRequestId;
        s.LastError = null;
    }

    private Result<GmcSubmission> Submission(Guid recommendationId)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        return found.Value!.GmcSubmission is { } s
            ? s
            : Result<GmcSubmission>.Fail(RuleIds.Validation, "gmcSubmission", "This recommendation was not submitted through the GMC web service.");
    }
}
