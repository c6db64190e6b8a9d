using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.Audit;
using Revalidation.Core.Compliance;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>
/// The weekly digests (docs/domain.md#alerts) for each designated body's RO and medical director: the compliance figures
/// of the day, recorded as two alerts keyed by ISO week, so a rerun in the same week records nothing more. The RO's
/// also names the doctors whose revalidation date or GMC flags a GMC list changed in the past week (issue 14, item 2).
/// Three round trips per designated body (the summaries, that audit query, one insert).
/// </summary>
public sealed partial class DigestService(
    IDesignatedBodyStore bodies, IDoctorStore doctors, IAlertOutbox outbox, IAuditLog audit, TimeProvider time, IOptions<RevalidationOptions> rules, ILogger<DigestService> logger)
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
            var changed = await GmcListChangesAsync(body, summaries, now, cancellationToken);
            var forRo = figures with { GmcListChangeCount = changed.Count, GmcListChanges = [.. changed.Take(DigestFigures.MaxListed)] };
            AlertRecord Digest(AlertRecipient to, DigestFigures f) =>
                AlertContent.WeeklyDigest(to, f).ToRecord(AlertKeys.WeeklyDigest(body, today, to), body, null, today, now);
            recorded += (await outbox.AddAlertsAsync(body, [Digest(AlertRecipient.ResponsibleOfficer, forRo), Digest(AlertRecipient.MedicalDirector, figures)], cancellationToken)).Count;
        }

        LogDigests(logger, today, codes.Count, recorded);
        return recorded;
    }

    /// <summary>The doctors a GMC list moved the revalidation date or GMC flags of in the past week, by name, with the date they have now.</summary>
    private async Task<IReadOnlyList<string>> GmcListChangesAsync(DesignatedBodyCode body, IReadOnlyList<Readiness.DoctorSummary> summaries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = await audit.QueryAuditAsync(body, new AuditQuery(From: now.AddDays(-7), To: now, Limit: 5_000, Action: Gmc.GmcReconciliationService.ListChangedAction), cancellationToken);
        var ids = events.Select(e => e.DoctorId).OfType<Guid>().ToHashSet();
        var english = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
        return [.. summaries.Where(s => ids.Contains(s.Id))
            .OrderBy(s => s.FamilyName, StringComparer.CurrentCulture).ThenBy(s => s.GivenName, StringComparer.CurrentCulture)
            .Select(s => s.Cycle is { } c ? $"{s.DisplayName} (revalidation date {c.Rsd.ToString("d MMMM yyyy", english)})" : s.DisplayName)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digests for {Day:yyyy-MM-dd}: {Bodies} designated bodies, {Recorded} digests recorded")]
    private static partial void LogDigests(ILogger logger, DateOnly day, int bodies, int recorded);
}
