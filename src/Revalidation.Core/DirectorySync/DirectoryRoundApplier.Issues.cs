using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.DirectorySync;

/// <summary>The engine's data-quality queue and end-of-batch writes: issues raised and resolved, links saved, the RO told once per run.</summary>
internal sealed partial class DirectoryRoundApplier
{
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
