using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Store;

namespace Revalidation.Core.Gmc;

/// <summary>What one dispatch run did.</summary>
public sealed record GmcDispatchReport(int Submitted, int Rejected, int Held, int Retrying)
{
    public override string ToString() => $"submitted {Submitted}, rejected {Rejected}, held {Held}, retrying {Retrying}";
}

/// <summary>
/// The GMC outbox dispatcher (docs/decisions/0013): for every web-service body, sends each queued recommendation with
/// <c>TryRecommendationV2</c> and applies the return code. Claim before send (a conditional save), the same
/// ClientRequestID on every attempt, retries with backoff only on transport failure or code 98, and code 91 on a retry
/// of a request that may have reached the GMC read as "the GMC already has it". A transport failure stops the body's
/// run (one outage does not spend every submission's attempt).
/// </summary>
public sealed partial class GmcSubmissionService(
    IDoctorStore doctors,
    DoctorRecordService records,
    IDesignatedBodyStore bodies,
    IAlertOutbox outbox,
    IGmcConnect gmc,
    TimeProvider time,
    IOptions<GmcOptions> options,
    ILogger<GmcSubmissionService> logger)
{
    public static readonly Actor GmcActor = new("gmc-connect", "GmcConnect");

    private readonly GmcOptions settings = options.Value;

    private enum Step
    {
        Skipped,
        Submitted,
        Rejected,
        Held,
        Retrying,
        Unavailable,
    }

    public async Task<GmcDispatchReport> RunAsync(CancellationToken cancellationToken = default)
    {
        int submitted = 0, rejected = 0, held = 0, retrying = 0;
        foreach (var body in gmc.WebServiceBodies)
        {
            var now = time.GetUtcNow();
            var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
            var due = summaries
                .Where(s => s.OpenRecommendation is { Status: RecommendationStatus.Submitted, Gmc: not null, GmcDueAt: { } at } && at <= now)
                .OrderBy(s => s.OpenRecommendation!.GmcDueAt)
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var designatedBody = await bodies.GetDesignatedBodyAsync(body, cancellationToken);
            foreach (var summary in due)
            {
                var step = await SendAsync(body, designatedBody, summary.Id, summary.OpenRecommendation!.Id, cancellationToken);
                switch (step)
                {
                    case Step.Submitted: submitted++; break;
                    case Step.Rejected: rejected++; break;
                    case Step.Held: held++; break;
                    case Step.Retrying: retrying++; break;
                    case Step.Unavailable: retrying++; break;
                }

                if (step == Step.Unavailable)
                {
                    LogBodyStopped(logger, body.Value);
                    break;
                }
            }
        }

        var report = new GmcDispatchReport(submitted, rejected, held, retrying);
        if (submitted + rejected + held + retrying > 0)
        {
            LogRun(logger, submitted, rejected, held, retrying);
        }

        return report;
    }

    private async Task<Step> SendAsync(DesignatedBodyCode body, DesignatedBody? designatedBody, Guid doctorId, Guid recommendationId, CancellationToken cancellationToken)
    {
        var doctor = await doctors.GetDoctorAsync(body, doctorId, cancellationToken);
        if (doctor is null)
        {
            return Step.Skipped;
        }

        var now = time.GetUtcNow();
        // Claim before send (operational state, audited by the attempt's outcome): of two dispatchers, one claim saves.
        GmcSubmission? submission = null;
        var claimed = await records.ChangeAsync(body, doctorId, GmcActor, DoctorChange.Unaudited(d =>
        {
            var claim = d.Recommendations.ClaimGmcSubmission(recommendationId, now, settings.ClaimDuration);
            submission = claim.Value;
            return claim.Outcome;
        }), loaded: doctor, cancellationToken: cancellationToken);
        if (!claimed.IsOk || submission is null)
        {
            return Step.Skipped;
        }

        var recommendation = doctor.Recommendations.ById(recommendationId)!;
        var request = BuildRequest(body, designatedBody, doctor, recommendation, submission.ClientRequestId);
        GmcRecommendationAnswer answer;
        try
        {
            answer = await gmc.TryRecommendationV2Async(body, request, cancellationToken);
        }
        catch (GmcUnavailableException ex)
        {
            var retryAt = time.GetUtcNow() + settings.RetryDelay(submission.Attempts);
            LogUnavailable(logger, body.Value, recommendationId, submission.Attempts, ex.Kind.ToString(), retryAt);
            await ApplyAsync(body, doctorId, DoctorChange.Unaudited(d => d.Recommendations.GmcSubmissionRetryLater(recommendationId, ex.Message, ex.MayHaveReachedGmc, retryAt)), cancellationToken);
            return Step.Unavailable;
        }

        var code = answer.Code;
        var today = UkCalendar.Today(time);
        if (code.IsSuccess || (code.Code == GmcReturnCodes.OpenRecommendationExists && submission.MayHaveReachedGmc))
        {
            var summary = code.IsSuccess
                ? $"{recommendation.Type} recommendation received by the GMC (GMC recommendation id {answer.RecommendationId})"
                : $"{recommendation.Type} recommendation already held by the GMC (code 91 on the retry of a request whose answer was lost)";
            await ApplyAsync(body, doctorId, new DoctorChange("recommendation.gmc-submitted", d => d.Recommendations.GmcSubmissionAccepted(recommendationId, answer, answer.RecommendationId, time.GetUtcNow()), _ => summary, Change(answer, submission)), cancellationToken);
            return Step.Submitted;
        }

        switch (code.Kind)
        {
            case GmcCodeKind.RetryLater:
                var retryAt = time.GetUtcNow() + settings.RetryDelay(submission.Attempts);
                await ApplyAsync(body, doctorId, DoctorChange.Unaudited(d => d.Recommendations.GmcSubmissionRetryLater(recommendationId, code.Meaning, mayHaveReachedGmc: false, retryAt, code.Code)), cancellationToken);
                return Step.Retrying;
            case GmcCodeKind.Configuration:
                LogConfiguration(logger, body.Value, code.Code);
                await outbox.AddAlertsAsync(body, [
                    GmcAlerts.ToAdmin(body, code, today, time.GetUtcNow()),
                    GmcAlerts.HeldToResponsibleOfficer(body, doctorId, recommendationId, recommendation.CycleNumber, doctor.CurrentCycle?.Rsd ?? today, today, time.GetUtcNow()),
                ], cancellationToken);
                await ApplyAsync(body, doctorId, new DoctorChange("recommendation.gmc-held", d => d.Recommendations.GmcSubmissionHeld(recommendationId, answer, time.GetUtcNow() + settings.HeldRecheckDelay), _ => $"Submission held: GMC code {code.Code} ({code.Meaning}) — a configuration problem; admins alerted", Change(answer, submission)), cancellationToken);
                return Step.Held;
            default:
                // A rule code, or an unknown one (kept verbatim): refused, shown to the RO, never retried.
                await outbox.AddAlertsAsync(body, [GmcAlerts.RefusedToResponsibleOfficer(body, doctorId, recommendationId, code, today, time.GetUtcNow(), recommendation.Refusals.Count + 1)], cancellationToken);
                await ApplyAsync(body, doctorId, new DoctorChange("recommendation.gmc-rejected", d => d.Recommendations.GmcSubmissionRejected(recommendationId, answer, today), _ => $"The GMC refused the {recommendation.Type} recommendation: code {code.Code} ({code.Meaning})", Change(answer, submission)), cancellationToken);
                return Step.Rejected;
        }
    }

    /// <summary>The request, from the doctor's record, the recommendation and the body's RO (R20: the additional RO where there is a conflict).</summary>
    public GmcRecommendationRequest BuildRequest(DesignatedBodyCode body, DesignatedBody? designatedBody, DoctorRecord doctor, Recommendation recommendation, string clientRequestId)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(recommendation);
        var ro = designatedBody?.ResponsibleOfficerFor(doctor) is { IsSuccess: true } acting ? acting.Value : designatedBody?.ResponsibleOfficer;
        var details = recommendation.Details;
        return new GmcRecommendationRequest(
            clientRequestId,
            doctor.GmcNumber.Value,
            doctor.FamilyName,
            ro?.GmcNumber ?? string.Empty,
            Surname(ro?.Name),
            body.Value,
            ((int)recommendation.Type).ToString(System.Globalization.CultureInfo.InvariantCulture),
            details.DeferralReason is { } reason ? ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            details.DeferralSubReason is { } sub ? ((int)sub).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            recommendation.Type == RecommendationType.Defer ? details.ProposedRsd : null,
            recommendation.SubmittedBy ?? settings.InternalUser,
            ro?.Email ?? settings.InternalUserEmail);
    }

    /// <summary>Records what the GMC said: never abandoned half-way, re-applied to a fresh copy after a concurrent change.</summary>
    internal async Task<bool> ApplyAsync(DesignatedBodyCode body, Guid doctorId, DoctorChange change, CancellationToken cancellationToken) =>
        (await records.ChangeAsync(body, doctorId, GmcActor, change, retries: DoctorRecordService.JobRetries, cancellationToken: CancellationToken.None)).IsOk;

    private static object Change(GmcAnswer answer, GmcSubmission submission) => new
    {
        clientRequestId = submission.ClientRequestId,
        returnCode = answer.ReturnCode,
        gmcRequestId = answer.GmcRequestId,
        attempt = submission.Attempts,
    };

    private static string Surname(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var parts = name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts[^1];
    }

    // Logs carry ids and codes only: no names, GMC numbers or credentials.
    [LoggerMessage(Level = LogLevel.Information, Message = "GMC dispatch: {Submitted} submitted, {Rejected} rejected, {Held} held, {Retrying} to retry")]
    private static partial void LogRun(ILogger logger, int submitted, int rejected, int held, int retrying);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC dispatch for body {Body}: recommendation {RecommendationId} attempt {Attempt} got no answer ({Kind}); next attempt at {RetryAt}")]
    private static partial void LogUnavailable(ILogger logger, string body, Guid recommendationId, int attempt, string kind, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC dispatch for body {Body} stopped: the GMC's service is unavailable; the rest wait for the next run")]
    private static partial void LogBodyStopped(ILogger logger, string body);

    [LoggerMessage(Level = LogLevel.Error, Message = "GMC web service for body {Body} answered configuration code {Code}: submissions are held and admins alerted")]
    private static partial void LogConfiguration(ILogger logger, string body, string code);
}
