using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Recommendations;
using Revalidation.Core.Store;

namespace Revalidation.Core.Gmc;

public sealed record GmcPollReport(int Checked, int Approved, int Rejected, int UnderReview, int Failed)
{
    public override string ToString() => $"checked {Checked}, approved {Approved}, rejected {Rejected}, under review {UnderReview}, failed {Failed}";
}

/// <summary>
/// Outcome polling (R11): <c>CheckRecommendationStatus</c> for every recommendation the GMC has, until it is Approved or
/// Rejected. The outcome is applied by the same domain method as the RO's manual recording (<c>RecordGmcOutcome</c>), with
/// an audit event, and the RO is alerted once (the alert key names the recommendation and the outcome).
/// </summary>
public sealed partial class GmcOutcomeService(
    IDoctorStore doctors,
    IAlertOutbox outbox,
    IGmcConnect gmc,
    GmcSubmissionService submissions,
    TimeProvider time,
    IOptions<RevalidationOptions> rules,
    IOptions<GmcOptions> options,
    ILogger<GmcOutcomeService> logger)
{
    public async Task<GmcPollReport> RunAsync(CancellationToken cancellationToken = default)
    {
        int checkedCount = 0, approved = 0, rejected = 0, underReview = 0, failed = 0;
        foreach (var body in gmc.WebServiceBodies)
        {
            var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
            foreach (var summary in summaries.Where(s => s.OpenRecommendation is { Gmc: GmcSubmissionState.Submitted }))
            {
                var (outcome, unavailable) = await CheckOneAsync(body, summary.Id, summary.OpenRecommendation!.Id, cancellationToken);
                checkedCount++;
                switch (outcome)
                {
                    case GmcOutcome.Approved: approved++; break;
                    case GmcOutcome.Rejected: rejected++; break;
                    case GmcOutcome.UnderReview: underReview++; break;
                    case null: failed++; break;
                }

                if (unavailable)
                {
                    // One outage does not cost a timeout per recommendation: the rest wait for the next run.
                    break;
                }
            }
        }

        var report = new GmcPollReport(checkedCount, approved, rejected, underReview, failed);
        if (checkedCount > 0)
        {
            LogRun(logger, checkedCount, approved, rejected, underReview, failed);
        }

        return report;
    }

    /// <summary>Checks one recommendation; the outcome it now has, or null when the GMC gave none.</summary>
    public async Task<GmcOutcome?> CheckAsync(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, CancellationToken cancellationToken = default) =>
        (await CheckOneAsync(body, doctorId, recommendationId, cancellationToken)).Outcome;

    private async Task<(GmcOutcome? Outcome, bool Unavailable)> CheckOneAsync(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, CancellationToken cancellationToken)
    {
        var doctor = await doctors.GetDoctorAsync(body, doctorId, cancellationToken);
        var recommendation = doctor?.Recommendations.ById(recommendationId);
        if (doctor is null || recommendation?.GmcSubmission is not { State: GmcSubmissionState.Submitted } submission || !recommendation.IsOpen)
        {
            return (null, false);
        }

        GmcStatusAnswer answer;
        try
        {
            answer = await gmc.CheckRecommendationStatusAsync(body,
                new GmcStatusRequest(submission.ClientRequestId, doctor.GmcNumber.Value, recommendation.GmcRecommendationId, options.Value.InternalUser), cancellationToken);
        }
        catch (GmcUnavailableException ex)
        {
            LogUnavailable(logger, body.Value, recommendationId, ex.Kind.ToString());
            return (null, true);
        }

        var now = time.GetUtcNow();
        var today = UkCalendar.Today(time);
        if (!answer.Code.IsSuccess)
        {
            LogCode(logger, body.Value, recommendationId, answer.Code.Code);
            if (answer.Code.Kind == GmcCodeKind.Configuration)
            {
                await outbox.AddAlertsAsync(body, [GmcAlerts.ToAdmin(body, answer.Code, today, now)], cancellationToken);
            }

            await submissions.ApplyAsync(body, doctorId, DoctorChange.Unaudited(d => d.Recommendations.RecordGmcStatusCheck(recommendationId, $"code {answer.Code.Code}", now)), cancellationToken);
            return (null, false);
        }

        var outcome = Parse(answer.Status);
        if (outcome is null)
        {
            // A status this product does not know: kept verbatim for the RO, checked again next time.
            await submissions.ApplyAsync(body, doctorId, DoctorChange.Unaudited(d => d.Recommendations.RecordGmcStatusCheck(recommendationId, answer.Status, now)), cancellationToken);
            return (null, false);
        }

        if (outcome == GmcOutcome.UnderReview && recommendation.Status == RecommendationStatus.UnderReview)
        {
            await submissions.ApplyAsync(body, doctorId, DoctorChange.Unaudited(d => d.Recommendations.RecordGmcStatusCheck(recommendationId, answer.Status, now)), cancellationToken);
            return (outcome, false);
        }

        if (outcome is GmcOutcome.Approved or GmcOutcome.Rejected)
        {
            // The alert first (once per key): a crash before the record is saved repeats the check, never the email.
            var alert = GmcAlerts.OutcomeToResponsibleOfficer(body, doctorId, recommendationId, outcome == GmcOutcome.Approved, recommendation.Type, today, now, doctor.CurrentCycle?.Rsd);
            await outbox.AddAlertsAsync(body, [alert], cancellationToken);
        }

        var value = outcome.Value;
        await submissions.ApplyAsync(body, doctorId, new DoctorChange(
            "recommendation.outcome-recorded",
            d => Result.All(d.Recommendations.RecordGmcOutcome(recommendationId, value, today, rules.Value, null, null), d.Recommendations.RecordGmcStatusCheck(recommendationId, answer.Status, now)),
            d => $"GMC outcome by the web service: {value}" + (value == GmcOutcome.Approved && recommendation.Type == RecommendationType.Revalidate ? $"; new cycle, RSD {d.CurrentCycle?.Rsd:yyyy-MM-dd} (estimated until the GMC's date arrives)" : string.Empty),
            new { outcome = value, gmcStatus = answer.Status, gmcRequestId = answer.GmcRequestId }),
            cancellationToken);
        return (outcome, false);
    }

    private static GmcOutcome? Parse(string? status) =>
        status?.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "APPROVED" => GmcOutcome.Approved,
            "REJECTED" => GmcOutcome.Rejected,
            "UNDERREVIEW" => GmcOutcome.UnderReview,
            _ => null,
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "GMC outcome polling: {Checked} checked, {Approved} approved, {Rejected} rejected, {UnderReview} under review, {Failed} without an answer")]
    private static partial void LogRun(ILogger logger, int @checked, int approved, int rejected, int underReview, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC status check for body {Body}, recommendation {RecommendationId}: no answer ({Kind})")]
    private static partial void LogUnavailable(ILogger logger, string body, Guid recommendationId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC status check for body {Body}, recommendation {RecommendationId}: return code {Code}")]
    private static partial void LogCode(ILogger logger, string body, Guid recommendationId, string code);
}
