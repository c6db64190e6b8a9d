using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.DirectorySync;

// The round's data-quality issues, links and alerts, collected while it applies and written in batches.
internal sealed partial class DirectoryRoundApplier
{
    /// <summary>
    /// Raised beside the saved record, so (unlike <see cref="Raise"/>) it leaves the entry's other issues to be resolved;
    /// the detail does not quote the address (it may hold a line break or a second person's address).
    /// </summary>
    private void RaiseInvalidEmail(DesignatedBodyCode body, DirectoryEntry entry, Guid doctorId)
    {
        var issue = DataQualityIssue.Raise(source.Id, body, DataQualityIssueKind.InvalidEmail, entry.ExternalId, doctorId,
            "The email address is not one plain address (it has a comma, semicolon, space, line break or display name): the doctor record was saved without it. Correct it in the directory.",
            entry.Origin, time.GetUtcNow(), runId);
        pendingIssues[issue.Key] = issue;
        withOpenIssues?.Add(entry.ExternalId);
    }

    private DirectoryLink? Reject(DesignatedBodyCode body, DataQualityIssueKind kind, DirectoryEntry entry, Guid? doctorId, string detail)
    {
        Raise(body, kind, entry.ExternalId, doctorId, detail, entry.Origin);
        rejected++;
        return null;
    }

    private void Raise(DesignatedBodyCode body, DataQualityIssueKind kind, string? externalId, Guid? doctorId, string detail, string? origin)
    {
        var issue = DataQualityIssue.Raise(source.Id, body, kind, externalId, doctorId, detail, origin, time.GetUtcNow(), runId);
        pendingIssues[issue.Key] = issue;
        if (externalId is not null)
        {
            pendingResolutions.Remove(externalId);
            withOpenIssues?.Add(externalId);
        }
    }

    private void Fixed(string externalId)
    {
        if (withOpenIssues?.Contains(externalId) == true)
        {
            pendingResolutions.Add(externalId);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pendingLinks.Count > 0)
        {
            await syncStore.SaveLinksAsync([.. pendingLinks.Values], cancellationToken);
            pendingLinks.Clear();
        }

        if (pendingIssues.Count > 0)
        {
            await syncStore.RaiseIssuesAsync([.. pendingIssues.Values], cancellationToken);
            pendingIssues.Clear();

            // docs/domain.md#alerts: the RO hears of directory data-quality issues, once per run that raised any.
            var today = UkCalendar.Today(time);
            await outbox.AddAlertsAsync(source.DesignatedBody,
                [AlertContent.DirectoryDataQuality(today).ToRecord($"{source.DesignatedBody}/directory/{source.Id}/run-{runId:N}/ro/data-quality", source.DesignatedBody, null, today, time.GetUtcNow())],
                cancellationToken);
        }

        foreach (var externalId in pendingResolutions)
        {
            await syncStore.ResolveIssuesOfAsync(source.Id, externalId, FixedByValidEntry, actor.UserId, "The directory now sends a valid entry.", time.GetUtcNow(), cancellationToken);
            withOpenIssues?.Remove(externalId);
        }

        pendingResolutions.Clear();
        foreach (var externalId in pendingEmailResolutions)
        {
            await syncStore.ResolveIssuesOfAsync(source.Id, externalId, [DataQualityIssueKind.InvalidEmail], actor.UserId, "The directory now sends a valid email address, or none.", time.GetUtcNow(), cancellationToken);
        }

        pendingEmailResolutions.Clear();
    }
}
