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

    public static DataQualityIssueResponse ToResponse(this DataQualityIssue i) =>
        new(i.Id, i.SourceId, i.Kind.ToContract(), i.Status.ToContract(), Audit.AuditWording.Plain(i.Detail), i.Origin, i.ExternalId, i.DoctorId, i.FirstSeenAt, i.LastSeenAt, i.Occurrences,
            i.ResolvedAt, i.ResolvedBy, i.ResolutionNote);
}
