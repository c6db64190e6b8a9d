using Microsoft.Extensions.Logging;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Gmc;
using Revalidation.Core.Store;

namespace Revalidation.Core.Recommendations;

/// <summary>
/// Releases every held recommendation whose hold has ended (docs/decisions/0018-recommendation-hold.md): web-service body →
/// the GMC outbox; manual body → the GMC Connect worksheet. Exactly once: the release applies only to a held
/// recommendation and is saved against the doctor's ETag, so of two workers only one release is saved; the other, re-applied
/// to the fresh copy, finds it no longer held.
/// </summary>
public sealed partial class HoldReleaseService(
    IDoctorStore doctors,
    IDesignatedBodyStore bodies,
    DoctorRecordService records,
    IGmcConnect gmc,
    TimeProvider time,
    ILogger<HoldReleaseService> logger)
{
    public static readonly Actor ReleaseActor = new("recommendation-hold", "System");

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var released = 0;
        foreach (var body in await bodies.ListDesignatedBodiesAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var due = (await doctors.ListDoctorSummariesAsync(body, cancellationToken))
                .Where(s => s.OpenRecommendation is { Status: RecommendationStatus.Held, HoldEndsAt: { } ends } && ends <= now)
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var webService = gmc.ModeOf(body) == GmcMode.WebService;
            foreach (var summary in due)
            {
                var recommendationId = summary.OpenRecommendation!.Id;
                var result = await records.ChangeAsync(body, summary.Id, ReleaseActor, new DoctorChange(
                    "recommendation.released",
                    d => d.Recommendations.ById(recommendationId) is { Status: RecommendationStatus.Held, HoldEndsAt: { } ends } && ends <= time.GetUtcNow()
                        ? d.Recommendations.Release(recommendationId, time.GetUtcNow(), UkCalendar.Today(time), webService)
                        : Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "Not held, or its hold has not ended."),
                    d => RecommendationService.ReleasedSummary(d, recommendationId, webService),
                    new { recommendationId, gmcWebService = webService }), retries: DoctorRecordService.JobRetries, cancellationToken: cancellationToken);
                if (result.IsOk)
                {
                    released++;
                }
            }
        }

        if (released > 0)
        {
            LogReleased(logger, released);
        }

        return released;
    }

    // Ids and counts only: no names or GMC numbers.
    [LoggerMessage(Level = LogLevel.Information, Message = "Recommendation hold: {Released} released")]
    private static partial void LogReleased(ILogger logger, int released);
}
