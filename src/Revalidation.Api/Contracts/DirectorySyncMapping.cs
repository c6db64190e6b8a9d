using Revalidation.Core.DirectorySync;

namespace Revalidation.Api.Contracts;

public static class DirectorySyncMapping
{
    public static SyncRunResponse ToResponse(this SyncRun r)
    {
        var c = r.Totals;
        return new(r.Id, r.SourceId, r.Mode.ToContract(), r.Status.ToContract(), r.FullResync, r.TriggeredBy, r.StartedAt, r.EndedAt,
            c.Seen, c.Created, c.Updated, c.Left, c.Reactivated, c.Rejected, c.Unchanged, c.Skipped, r.Error, r.PendingLeavers?.Count ?? 0);
    }

    /// <param name="now">When given, <c>Hidden</c> says whether the item is hidden at that moment (it comes back by itself on its date).</param>
    public static DataQualityIssueResponse ToResponse(this DataQualityIssue i, DateTimeOffset? now = null) =>
        new(i.Id, i.SourceId, i.Kind.ToContract(), i.Status.ToContract(), Audit.AuditWording.Plain(i.Detail), i.Origin, i.ExternalId, i.DoctorId, i.FirstSeenAt, i.LastSeenAt, i.Occurrences,
            i.ResolvedAt, i.ResolvedBy, i.ResolutionNote,
            i.Owner is { } owner ? new IssueOwnerResponse(owner.UserId, owner.Name) : null,
            now is { } at && i.IsHiddenAt(at) ? UkDate(i.HiddenUntil!.Value) : null,
            now is { } moment && i.IsHiddenAt(moment),
            HistoryOf(i));

    private static DateOnly UkDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Core.Common.UkCalendar.London).DateTime);

    /// <summary>The item's history: when it was first seen, the team's work, and its resolution.</summary>
    public static IReadOnlyList<IssueHistoryEntryResponse> HistoryOf(DataQualityIssue i)
    {
        var names = i.WorkHistory.Where(e => e.ByUserId != IssueWork.SystemUserId).GroupBy(e => e.ByUserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().ByName, StringComparer.Ordinal);
        var history = new List<IssueHistoryEntryResponse> { new(IssueHistoryKind.Created, i.FirstSeenAt, string.Empty) };
        history.AddRange(i.WorkHistory.Select(e => new IssueHistoryEntryResponse(
            e.Kind switch
            {
                IssueEventKind.OwnerChanged => IssueHistoryKind.OwnerChanged,
                IssueEventKind.NoteAdded => IssueHistoryKind.NoteAdded,
                IssueEventKind.Hidden => IssueHistoryKind.Hidden,
                _ => IssueHistoryKind.Unhidden,
            },
            e.At,
            e.ByUserId == IssueWork.SystemUserId ? string.Empty : e.ByName,
            e.Text,
            e.Until is { } until ? UkDate(until) : null,
            e.Owner is { } o ? new IssueOwnerResponse(o.UserId, o.Name) : null)));
        if (i.ResolvedAt is { } resolvedAt)
        {
            var by = i.ResolvedBy is null || i.ResolvedBy == IssueWork.SystemUserId ? string.Empty : names.GetValueOrDefault(i.ResolvedBy, i.ResolvedBy);
            history.Add(new(IssueHistoryKind.Resolved, resolvedAt, by, i.ResolutionNote));
        }

        return history;
    }
}
