using System.Globalization;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Gmc;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Doctors;

/// <summary>What the GMC's list of connected doctors last said about this doctor (GetDoctorsForDB, or the uploaded list).</summary>
public sealed record GmcConnectionFacts(
    DateOnly CheckedOn,
    bool Connected,
    DateOnly? SubmissionDate,
    bool UnderNotice,
    bool Investigation,
    bool PreliminaryInvestigation,
    string? Sanction,
    string? DoctorStatus,
    DateOnly? DateAdded);

// The doctor aggregate's GMC Connect side: the web-service submission of a recommendation (the outbox message,
// docs/decisions/0013) and what the GMC's list of connected doctors says.
public sealed partial class DoctorRecord
{
    /// <summary>What the GMC said of this doctor at the last reconciliation; null before any.</summary>
    [JsonInclude]
    public GmcConnectionFacts? GmcConnection { get; private set; }

    /// <summary>The web-service route: a just-submitted recommendation is queued for the GMC (sent by the dispatch job).</summary>
    public Result QueueForGmc(Guid recommendationId, DateTimeOffset now)
    {
        var found = FindRecommendation(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Submitted || recommendation.GmcSubmission is not null)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "Only a just-submitted recommendation can be queued for the GMC.");
        }

        recommendation.GmcSubmission = new GmcSubmission(GmcSubmission.ClientRequestIdFor(recommendation.Id), now);
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
        RecommendationById(recommendationId)!.GmcRecommendationId = string.IsNullOrWhiteSpace(gmcRecommendationId) ? null : gmcRecommendationId.Trim();
        return Result.Success;
    }

    /// <summary>
    /// A rule code (or an unknown code): the GMC refused the recommendation. The submission keeps the code and its meaning for
    /// the RO; the recommendation is closed (R11: a new one may be drafted); nothing is retried.
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
        var recommendation = RecommendationById(recommendationId)!;
        recommendation.Status = RecommendationStatus.Rejected;
        recommendation.OutcomeOn = today;
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

    /// <summary>
    /// R1, R10 and the connection from the GMC's list: keeps the facts, confirms the RSD the GMC holds (unless a
    /// recommendation awaits the GMC, whose outcome will move it), and sets the R10 flag from the GMC's investigation
    /// flags. Returns whether anything changed.
    /// </summary>
    public Result<bool> ApplyGmcConnection(GmcConnectedDoctor gmc, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(gmc);
        var submissionDate = ParseGmcDate(gmc.SubmissionDate);
        var facts = new GmcConnectionFacts(
            today,
            Connected: true,
            submissionDate,
            IsYes(gmc.UnderNotice),
            IsYes(gmc.Investigation),
            IsYes(gmc.PreliminaryInvestigation),
            Blank(gmc.Sanction),
            Blank(gmc.DoctorStatus),
            ParseGmcDate(gmc.DateAdded));
        var changed = GmcConnection is null || GmcConnection with { CheckedOn = today } != facts;
        GmcConnection = facts;

        var investigation = facts.Investigation || facts.PreliminaryInvestigation;
        if (UnderGmcInvestigation != investigation)
        {
            UnderGmcInvestigation = investigation;
            changed = true;
        }

        if (submissionDate is { } rsd && CurrentCycle is { } cycle && (cycle.Rsd != rsd || !cycle.RsdConfirmed)
            && rsd > cycle.StartDate
            && !recommendations.Any(r => r.CycleNumber == cycle.Number && r.Status is RecommendationStatus.Submitted or RecommendationStatus.UnderReview))
        {
            cycle.Rsd = rsd;
            cycle.RsdConfirmed = true;
            changed = true;
        }

        return Result<bool>.Ok(changed);
    }

    /// <summary>The GMC no longer lists the doctor as connected to this body.</summary>
    public Result<bool> MarkNotConnectedAtGmc(DateOnly today)
    {
        var changed = GmcConnection is not { Connected: false };
        GmcConnection = (GmcConnection ?? new GmcConnectionFacts(today, false, null, false, false, false, null, null, null)) with { CheckedOn = today, Connected = false, UnderNotice = false };
        return Result<bool>.Ok(changed);
    }

    /// <summary>The GMC's dates: dd/MM/yyyy (also accepted: yyyy-MM-dd, and a time after the date).</summary>
    public static DateOnly? ParseGmcDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            value = value[..space];
        }

        return DateOnly.TryParseExact(value, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private static bool IsYes(string? text) =>
        text?.Trim().ToUpperInvariant() is "YES" or "Y" or "TRUE" or "1";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

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
        var found = FindRecommendation(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        return found.Value!.GmcSubmission is { } s
            ? s
            : Result<GmcSubmission>.Fail(RuleIds.Validation, "gmcSubmission", "This recommendation was not submitted through the GMC web service.");
    }
}
