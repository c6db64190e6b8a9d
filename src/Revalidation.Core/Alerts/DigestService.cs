using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.Compliance;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>
/// The weekly digests (docs/domain.md#alerts) for each designated body's RO and medical director: the compliance figures
/// of the day, recorded as two alerts keyed by ISO week, so a rerun in the same week records nothing more.
/// Two round trips per designated body (the summaries, one insert).
/// </summary>
public sealed partial class DigestService(IDesignatedBodyStore bodies, IDoctorStore doctors, IAlertOutbox outbox, TimeProvider time, IOptions<RevalidationOptions> rules, ILogger<DigestService> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = UkCalendar.Today(time);
        var recorded = 0;
        var codes = await bodies.ListDesignatedBodiesAsync(cancellationToken);
        foreach (var body in codes)
        {
            var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
            var summary = ComplianceSummary.Build(summaries, today, rules.Value);
            var figures = new DigestFigures(
                today,
                summary.ActiveDoctors,
                summary.UnderNotice,
                summary.UnderNoticeReady,
                summary.OverdueRecommendations,
                summary.AwaitingGmc,
                summary.CurrentYear.Year,
                summary.CurrentYear.Completed,
                summary.CurrentYear.Overdue);
            var now = time.GetUtcNow();
            AlertRecord Digest(AlertRecipient to) =>
                AlertContent.WeeklyDigest(to, figures).ToRecord(AlertKeys.WeeklyDigest(body, today, to), body, null, today, now);
            recorded += (await outbox.AddAlertsAsync(body, [Digest(AlertRecipient.ResponsibleOfficer), Digest(AlertRecipient.MedicalDirector)], cancellationToken)).Count;
        }

        LogDigests(logger, today, codes.Count, recorded);
        return recorded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digests for {Day:yyyy-MM-dd}: {Bodies} designated bodies, {Recorded} digests recorded")]
    private static partial void LogDigests(ILogger logger, DateOnly day, int bodies, int recorded);
}
