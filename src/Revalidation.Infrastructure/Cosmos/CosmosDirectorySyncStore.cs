using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Azure adapter of <see cref="IDirectorySyncStore"/>, in the store's container (docs/decisions/0011): cursors,
/// links, runs and the data-quality queue in one synthetic partition, <c>_directory</c>, since several of the port's
/// questions name no body (a source's links, a run by id). The sync's data is bounded by the number of doctors and
/// written by one sync at a time (the scheduler lease), so one logical partition holds it well. Every query names it.
/// </summary>
internal sealed class CosmosDirectorySyncStore(CosmosClient client, IOptions<CosmosStoreOptions> options) : IDirectorySyncStore
{
    public const string Partition = "_directory";

    private const int MaxListLimit = 1_000;
    private const int WriteParallelism = 8;
    private const int ChangeRetries = 5;

    private static readonly PartitionKey Key = new(Partition);
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly Container container = client.GetContainer(options.Value.DatabaseName, options.Value.ContainerName);

    // ---- cursors ----

    public async Task<string?> GetCursorAsync(string sourceId, CancellationToken cancellationToken = default) =>
        (await ReadAsync<CursorDocument>(CursorId(sourceId), cancellationToken))?.Cursor;

    public Task SaveCursorAsync(string sourceId, string? cursor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        container.UpsertItemAsync(
            new CursorDocument { Id = CursorId(sourceId), DesignatedBodyId = Partition, Type = "dirCursor", SourceId = sourceId, Cursor = cursor, UpdatedAt = at.ToUnixTimeMilliseconds() },
            Key,
            NoContent,
            cancellationToken);

    // ---- links ----

    public async Task<IReadOnlyDictionary<string, DirectoryLink>> GetLinksAsync(string sourceId, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        if (externalIds.Count == 0)
        {
            return new Dictionary<string, DirectoryLink>(StringComparer.Ordinal);
        }

        var items = await QueryAsync<LinkDocument>(
            Where("dirLink", "c.sourceId = @source AND ARRAY_CONTAINS(@ids, c.externalId)")
                .WithParameter("@source", sourceId)
                .WithParameter("@ids", externalIds.Distinct(StringComparer.Ordinal).ToArray()),
            cancellationToken);
        return items.ToDictionary(i => i.ExternalId, i => i.Link, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<DirectoryLink>> ListLinksAsync(string sourceId, CancellationToken cancellationToken = default) =>
        [.. (await QueryAsync<LinkDocument>(Where("dirLink", "c.sourceId = @source").WithParameter("@source", sourceId), cancellationToken)).Select(i => i.Link)];

    public async Task<IReadOnlyList<DirectoryLink>> ListActiveLinksAsync(string sourceId, CancellationToken cancellationToken = default) =>
        [.. (await QueryAsync<LinkDocument>(Where("dirLink", "c.sourceId = @source AND c.active = true").WithParameter("@source", sourceId), cancellationToken)).Select(i => i.Link)];

    public async Task SaveLinksAsync(IReadOnlyList<DirectoryLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        await Parallel.ForEachAsync(
            links.GroupBy(l => (l.SourceId, l.ExternalId)).Select(g => g.Last()),
            new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (link, ct) => await container.UpsertItemAsync(
                new LinkDocument
                {
                    Id = "link:" + ItemTypes.Safe(link.SourceId + "\u001f" + link.ExternalId),
                    DesignatedBodyId = Partition,
                    Type = "dirLink",
                    SourceId = link.SourceId,
                    ExternalId = link.ExternalId,
                    Active = link.Active,
                    Link = link,
                },
                Key,
                NoContent,
                ct));
    }

    // ---- runs ----

    public Task SaveRunAsync(SyncRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stored = run with { Counts = run.Totals };
        return container.UpsertItemAsync(
            new RunDocument
            {
                Id = RunId(run.Id),
                DesignatedBodyId = Partition,
                Type = "dirRun",
                Body = run.DesignatedBody.Value,
                SourceId = run.SourceId,
                StartedAt = run.StartedAt.ToUnixTimeMilliseconds(),
                Run = stored,
            },
            Key,
            NoContent,
            cancellationToken);
    }

    public async Task<SyncRun?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        (await ReadAsync<RunDocument>(RunId(runId), cancellationToken))?.Run;

    public async Task<IReadOnlyList<SyncRun>> ListRunsAsync(DesignatedBodyCode body, string? sourceId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var definition = sourceId is null
            ? Where("dirRun", "c.body = @body").WithParameter("@body", body.Value)
            : Where("dirRun", "c.body = @body AND c.sourceId = @source").WithParameter("@body", body.Value).WithParameter("@source", sourceId);
        var items = await QueryAsync<RunDocument>(definition, cancellationToken);
        return [.. items.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Run.Id.ToString("D"), StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, MaxListLimit)).Select(i => i.Run)];
    }

    // ---- the data-quality queue ----

    public async Task RaiseIssuesAsync(IReadOnlyList<DataQualityIssue> issues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 0)
        {
            return;
        }

        // One entry per key (the last wins); the open issues of those keys in one query.
        var latest = issues.GroupBy(i => i.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var open = (await QueryAsync<IssueDocument>(
                Where("dirIssue", "c.status = @open AND ARRAY_CONTAINS(@keys, c.key)")
                    .WithParameter("@open", nameof(DataQualityIssueStatus.Open))
                    .WithParameter("@keys", latest.Select(i => i.Key).ToArray()),
                cancellationToken))
            .GroupBy(i => i.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        await Parallel.ForEachAsync(
            latest,
            new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (issue, ct) =>
            {
                var next = open.TryGetValue(issue.Key, out var current)
                    ? current.Issue with
                    {
                        LastSeenAt = issue.LastSeenAt,
                        Occurrences = current.Issue.Occurrences + 1,
                        Detail = issue.Detail,
                        Origin = issue.Origin,
                        LastRunId = issue.LastRunId,
                        DoctorId = issue.DoctorId ?? current.Issue.DoctorId,
                    }
                    : issue with { Status = DataQualityIssueStatus.Open };
                await container.UpsertItemAsync(IssueDocument.From(next), Key, NoContent, ct);
            });
    }

    public async Task<DataQualityIssue?> GetIssueAsync(DesignatedBodyCode body, Guid issueId, CancellationToken cancellationToken = default)
    {
        var item = await ReadAsync<IssueDocument>(IssueId(issueId), cancellationToken);
        return item is not null && item.Body == body.Value ? item.Issue : null;
    }

    public async Task<IReadOnlyList<DataQualityIssue>> ListIssuesAsync(DesignatedBodyCode body, DataQualityIssueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var condition = "c.body = @body";
        var parameters = new List<(string, object)> { ("@body", body.Value) };
        if (query.Status is { } status)
        {
            condition += " AND c.status = @status";
            parameters.Add(("@status", status.ToString()));
        }

        if (query.SourceId is { } sourceId)
        {
            condition += " AND c.sourceId = @source";
            parameters.Add(("@source", sourceId));
        }

        var definition = Where("dirIssue", condition);
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        // Owner and hidden are filtered here, not in the query: documents written before issue 16 have no such fields,
        // and a body's queue is small (bounded by its doctors).
        var items = (await QueryAsync<IssueDocument>(definition, cancellationToken)).Where(i => Matches(i.Issue, query));
        return [.. items.OrderByDescending(i => i.LastSeenAt).ThenBy(i => i.Key, StringComparer.Ordinal).Take(Math.Clamp(query.Limit, 1, MaxListLimit)).Select(i => i.Issue)];
    }

    public async Task<IReadOnlySet<string>> ListExternalIdsWithOpenIssuesAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var ids = await QueryAsync<string>(
            new QueryDefinition("SELECT VALUE c.externalId FROM c WHERE c.designatedBodyId = @pk AND c.type = 'dirIssue' AND c.sourceId = @source AND c.status = @open AND IS_DEFINED(c.externalId)")
                .WithParameter("@pk", Partition)
                .WithParameter("@source", sourceId)
                .WithParameter("@open", nameof(DataQualityIssueStatus.Open)),
            cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<ResolveOutcome> ResolveIssueAsync(DesignatedBodyCode body, Guid issueId, string resolvedBy, string? note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var item = await ReadAsync<IssueDocument>(IssueId(issueId), cancellationToken);
        if (item is null || item.Body != body.Value)
        {
            return new ResolveOutcome(ResolveStatus.NotFound);
        }

        if (item.Issue.Status != DataQualityIssueStatus.Open)
        {
            return new ResolveOutcome(ResolveStatus.AlreadyResolved, item.Issue);
        }

        var resolved = Resolve(item.Issue, resolvedBy, note, at);
        try
        {
            await container.ReplaceItemAsync(IssueDocument.From(resolved), item.Id, Key, new ItemRequestOptions { IfMatchEtag = item.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
            return new ResolveOutcome(ResolveStatus.Resolved, resolved);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // Resolved (or raised again) meanwhile: report what is stored now.
            var now = await ReadAsync<IssueDocument>(item.Id, cancellationToken);
            return new ResolveOutcome(ResolveStatus.AlreadyResolved, now?.Issue ?? item.Issue);
        }
    }

    public async Task<IssueChangeOutcome> ChangeIssueAsync(
        DesignatedBodyCode body, Guid issueId, Func<DataQualityIssue, Result<DataQualityIssue>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var item = await ReadAsync<IssueDocument>(IssueId(issueId), cancellationToken);
            if (item is null || item.Body != body.Value)
            {
                return new IssueChangeOutcome(IssueChangeStatus.NotFound);
            }

            if (item.Issue.Status != DataQualityIssueStatus.Open)
            {
                return new IssueChangeOutcome(IssueChangeStatus.AlreadyResolved, item.Issue);
            }

            var next = change(item.Issue);
            if (!next.IsSuccess)
            {
                return new IssueChangeOutcome(IssueChangeStatus.Refused, item.Issue, next.Outcome);
            }

            // Only the team's work fields change: the sync's own fields stay as stored.
            var saved = item.Issue with { Owner = next.Value!.Owner, HiddenUntil = next.Value.HiddenUntil, Work = next.Value.Work };
            try
            {
                await container.ReplaceItemAsync(IssueDocument.From(saved), item.Id, Key, new ItemRequestOptions { IfMatchEtag = item.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
                return new IssueChangeOutcome(IssueChangeStatus.Changed, saved);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed && attempt < ChangeRetries)
            {
                // Raised again or worked by someone else meanwhile: apply the change to the fresh copy.
            }
        }
    }

    public async Task<int> UnhideIssuesOfDoctorAsync(DesignatedBodyCode body, Guid doctorId, string why, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var items = await QueryAsync<IssueDocument>(
            Where("dirIssue", "c.body = @body AND c.status = @open")
                .WithParameter("@body", body.Value)
                .WithParameter("@open", nameof(DataQualityIssueStatus.Open)),
            cancellationToken);
        var count = 0;
        foreach (var item in items.Where(i => i.Issue.DoctorId == doctorId && i.Issue.IsHiddenAt(at)))
        {
            var outcome = await ChangeIssueAsync(
                body,
                item.Issue.Id,
                issue => issue.IsHiddenAt(at) ? IssueWork.Unhidden(issue, IssueWork.SystemUserId, string.Empty, why, at) : issue,
                cancellationToken);
            count += outcome.Status == IssueChangeStatus.Changed ? 1 : 0;
        }

        return count;
    }

    private static bool Matches(DataQualityIssue issue, DataQualityIssueQuery query) =>
        (query.Owner is not { } owner || (owner == IssueOwnerFilter.Unassigned ? issue.Owner is null : issue.Owner?.UserId == owner))
        && (query is not { Hidden: { } hidden, Now: { } now } || issue.IsHiddenAt(now) == hidden);

    public async Task<int> ResolveIssuesOfAsync(
        string sourceId, string externalId, IReadOnlyCollection<DataQualityIssueKind> kinds, string resolvedBy, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var items = await QueryAsync<IssueDocument>(
            Where("dirIssue", "c.sourceId = @source AND c.externalId = @external AND c.status = @open AND ARRAY_CONTAINS(@kinds, c.kind)")
                .WithParameter("@source", sourceId)
                .WithParameter("@external", externalId)
                .WithParameter("@open", nameof(DataQualityIssueStatus.Open))
                .WithParameter("@kinds", kinds.Select(k => k.ToString()).ToArray()),
            cancellationToken);
        var count = 0;
        foreach (var item in items)
        {
            try
            {
                await container.ReplaceItemAsync(
                    IssueDocument.From(Resolve(item.Issue, resolvedBy, note, at)), item.Id, Key, new ItemRequestOptions { IfMatchEtag = item.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
                count++;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // Changed meanwhile (resolved by an admin): not counted.
            }
        }

        return count;
    }

    private static DataQualityIssue Resolve(DataQualityIssue issue, string resolvedBy, string? note, DateTimeOffset at) =>
        issue with { Status = DataQualityIssueStatus.Resolved, ResolvedAt = at, ResolvedBy = resolvedBy, ResolutionNote = note };

    // ---- plumbing ----

    private static string CursorId(string sourceId) => "cursor:" + ItemTypes.Safe(sourceId);

    private static string RunId(Guid id) => "run:" + id.ToString("D");

    private static string IssueId(Guid id) => "issue:" + id.ToString("D");

    private static QueryDefinition Where(string type, string condition) =>
        new QueryDefinition($"SELECT * FROM c WHERE c.designatedBodyId = @pk AND c.type = @type AND {condition}")
            .WithParameter("@pk", Partition)
            .WithParameter("@type", type);

    private async Task<T?> ReadAsync<T>(string id, CancellationToken cancellationToken)
        where T : ItemDocument
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, Key, cancellationToken: cancellationToken);
            response.Resource.ETag = response.ETag;
            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<List<T>> QueryAsync<T>(QueryDefinition definition, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(
            definition,
            requestOptions: new QueryRequestOptions { PartitionKey = Key, EnableOptimisticDirectExecution = true, MaxItemCount = -1 });
        while (iterator.HasMoreResults)
        {
            results.AddRange(await iterator.ReadNextAsync(cancellationToken));
        }

        return results;
    }

    private sealed class CursorDocument : ItemDocument
    {
        public required string SourceId { get; set; }

        public string? Cursor { get; set; }

        public long UpdatedAt { get; set; }
    }

    private sealed class LinkDocument : ItemDocument
    {
        public required string SourceId { get; set; }

        public required string ExternalId { get; set; }

        public bool Active { get; set; }

        public required DirectoryLink Link { get; set; }
    }

    private sealed class RunDocument : ItemDocument
    {
        public required string Body { get; set; }

        public required string SourceId { get; set; }

        public long StartedAt { get; set; }

        public required SyncRun Run { get; set; }
    }

    private sealed class IssueDocument : ItemDocument
    {
        public required string Key { get; set; }

        public required string Body { get; set; }

        public required string SourceId { get; set; }

        public string? ExternalId { get; set; }

        public required string Kind { get; set; }

        public required string Status { get; set; }

        public long LastSeenAt { get; set; }

        public required DataQualityIssue Issue { get; set; }

        public static IssueDocument From(DataQualityIssue issue) => new()
        {
            Id = IssueId(issue.Id),
            DesignatedBodyId = Partition,
            Type = "dirIssue",
            Key = issue.Key,
            Body = issue.DesignatedBody.Value,
            SourceId = issue.SourceId,
            ExternalId = issue.ExternalId,
            Kind = issue.Kind.ToString(),
            Status = issue.Status.ToString(),
            LastSeenAt = issue.LastSeenAt.ToUnixTimeMilliseconds(),
            Issue = issue,
        };
    }
}
