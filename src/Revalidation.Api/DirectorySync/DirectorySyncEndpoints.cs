using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Store;

namespace Revalidation.Api.DirectorySync;

/// <summary>
/// Directory sync for admins (docs/domain.md#roles, docs/architecture.md#directory-sync): the sources their designated body runs, the runs, "run now", and the
/// data-quality queue. Admin only; everything is scoped to the admin's designated body (another body's source, run or
/// issue is 404). Handlers call the same <see cref="DirectorySyncService"/> as the scheduled job.
/// </summary>
public static class DirectorySyncEndpoints
{
    public const int MaxLimit = 1_000;

    /// <summary>The data-quality queue: every issue of the body (the GMC discrepancies too).</summary>
    public static readonly IssueWorkEndpoints.Queue DataQualityQueue = new("directory", "Data-quality issue", _ => null, [Roles.Admin, Roles.RevalidationManager]);

    public static void Map(RouteGroupBuilder api)
    {
        var directory = api.MapGroup("/admin/directory").RequireAuthorization(Policies.Admin);
        directory.MapGet("/sources", ListSources).WithSummary("Directory sources of your designated body, with their last run. Admin.");
        directory.MapPost("/sources/{sourceId}/runs", StartRun)
            .WithSummary("Run a directory source now: {\"mode\":\"Incremental\"|\"Full\"} (Full ignores the stored cursor). 202 with the run; 409 while one runs. Admin.");
        directory.MapPost("/sources/{sourceId}/runs/{runId:guid}/confirm", ConfirmRun)
            .WithSummary("Confirm a run awaiting confirmation (the leaver threshold): a full run starts that makes its listed leavers. 202 with the new run; 409 if it is not the source's latest run awaiting confirmation, or one runs. Admin.");
        directory.MapPost("/sources/{sourceId}/preview", Preview)
            .WithSummary("Preview a full run of a source without changing anything (a dry run): how many doctors are new, changed, returning, rejected and leaving, who would leave, and whether the run would wait for confirmation. Admin.");
        directory.MapGet("/runs/{runId:guid}/leavers", HeldLeavers)
            .WithSummary("Who a run held by the leaver threshold would make leavers (name, GMC number, department), for the admin to check before confirming. Admin.");
        directory.MapGet("/runs", ListRuns).WithSummary("Sync runs of your designated body's sources, newest first: sourceId, limit (1–1000). Admin.");
        directory.MapGet("/runs/{runId:guid}", GetRun).WithSummary("One sync run: status, counts (created, updated, left, reactivated, rejected), error. Admin.");

        // Issue 16: the revalidation manager works the data-quality queue with the admin team.
        var queue = api.MapGroup("/admin/directory").RequireAuthorization(Policies.AppraisalAdministrators);
        queue.MapGet("/issues", ListIssues)
            .WithSummary("The data-quality queue (invalid or duplicate GMC numbers, unknown bodies, leavers, RSDs to confirm): status Open|Resolved|All, sourceId, limit, owner me|unassigned|{userId}, hidden=true (only the items hidden now; without it they are left out). Admin, revalidation manager.");
        queue.MapPost("/issues/{issueId:guid}/resolve", ResolveIssue).WithSummary("Resolve a data-quality issue with a note saying why (1 to 2,000 characters; required). 409 if already resolved. Admin, revalidation manager.");

        // Issue 16, item 8: owner, notes, hide until, history.
        IssueWorkEndpoints.Map(
            api.MapGroup("/admin/directory/issues").RequireAuthorization(Policies.AppraisalAdministrators),
            DataQualityQueue,
            "Admin, revalidation manager.");
    }

    private static async Task<Ok<IReadOnlyList<DirectorySourceResponse>>> ListSources(
        CurrentUser user, [FromServices] DirectorySyncService sync, [FromServices] IDirectorySyncStore store, CancellationToken ct)
    {
        var mine = sync.Sources.Where(s => s.DesignatedBody == user.DesignatedBody).ToList();
        var runs = await store.ListRunsAsync(user.DesignatedBody, null, 200, ct);
        return TypedResults.Ok<IReadOnlyList<DirectorySourceResponse>>(mine
            .Select(s => new DirectorySourceResponse(s.Id, s.Kind, s.Description, runs.FirstOrDefault(r => r.SourceId == s.Id)?.ToResponse()))
            .ToList());
    }

    private static async Task<Results<Accepted<SyncRunResponse>, ProblemHttpResult>> StartRun(
        string sourceId, TriggerSyncRequest? request, CurrentUser user, ApiServices api, [FromServices] DirectorySyncService sync, CancellationToken ct)
    {
        if (sync.FindSource(sourceId, user.DesignatedBody) is null)
        {
            return ApiResults.NotFound("No such directory source in your designated body.");
        }

        var mode = request?.Mode?.ToCore() ?? SyncMode.Incremental;
        var started = await sync.StartAsync(sourceId, mode, $"admin:{user.UserId}", ct);
        if (!started.IsOk)
        {
            return ApiResults.From(started);
        }

        var run = started.Value!;
        await api.Audit.AppendAuditAsync(user.DesignatedBody, [AuditEvent.Create(user.DesignatedBody, null, user.AsActor(Roles.Admin),
            "directory.sync-started", $"Directory sync started by hand ({mode}) for source {sourceId}", api.Time.GetUtcNow(),
            new { sourceId, mode = mode.ToString(), runId = run.Id })], CancellationToken.None);
        return TypedResults.Accepted($"{RevalidationApi.BasePath}/admin/directory/runs/{run.Id}", run.ToResponse());
    }

    private static async Task<Results<Accepted<SyncRunResponse>, ProblemHttpResult>> ConfirmRun(
        string sourceId, Guid runId, CurrentUser user, ApiServices api, [FromServices] DirectorySyncService sync, CancellationToken ct)
    {
        var started = await sync.ConfirmAsync(sourceId, runId, user.DesignatedBody, $"admin:{user.UserId}", ct);
        if (!started.IsOk)
        {
            return ApiResults.From(started);
        }

        var run = started.Value!;
        await api.Audit.AppendAuditAsync(user.DesignatedBody, [AuditEvent.Create(user.DesignatedBody, null, user.AsActor(Roles.Admin),
            "directory.leavers-confirmed", $"Leavers of a held directory sync run confirmed for source {sourceId}", api.Time.GetUtcNow(),
            new { sourceId, confirmedRunId = runId, runId = run.Id })], CancellationToken.None);
        return TypedResults.Accepted($"{RevalidationApi.BasePath}/admin/directory/runs/{run.Id}", run.ToResponse());
    }

    private static async Task<Results<Ok<DirectoryPreviewResponse>, ProblemHttpResult>> Preview(
        string sourceId, CurrentUser user, [FromServices] DirectorySyncService sync, [FromServices] IDoctorStore doctors, CancellationToken ct)
    {
        var previewed = await sync.PreviewAsync(sourceId, user.DesignatedBody, ct);
        if (!previewed.IsOk)
        {
            return ApiResults.From(previewed);
        }

        var p = previewed.Value!;
        var leavers = await NamedAsync(doctors, user.DesignatedBody, p.Leavers, ct);
        return TypedResults.Ok(new DirectoryPreviewResponse(p.SourceId, p.Seen, p.New, p.Changed, p.Unchanged, p.Returning, p.Rejected, p.ActiveDoctors,
            p.LeaverThreshold, p.Leavers.Count, p.WouldWaitForConfirmation, leavers, p.Error));
    }

    private static async Task<Results<Ok<IReadOnlyList<DirectoryLeaverResponse>>, ProblemHttpResult>> HeldLeavers(
        Guid runId, CurrentUser user, [FromServices] IDirectorySyncStore store, [FromServices] IDoctorStore doctors, CancellationToken ct)
    {
        var run = await store.GetRunAsync(runId, ct);
        if (run is null || run.DesignatedBody != user.DesignatedBody)
        {
            return ApiResults.NotFound("No such sync run in your designated body.");
        }

        return TypedResults.Ok(await NamedAsync(doctors, user.DesignatedBody, run.PendingLeavers ?? [], ct));
    }

    /// <summary>The doctor records behind ids, by name (at most <see cref="DirectoryPreviewResponse.MaxListed"/>), from one read of the body's summaries; a record since deleted is left out.</summary>
    private static async Task<IReadOnlyList<DirectoryLeaverResponse>> NamedAsync(IDoctorStore doctors, DesignatedBodyCode body, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var wanted = ids.Take(DirectoryPreviewResponse.MaxListed).ToHashSet();
        var named = (await doctors.ListDoctorSummariesAsync(body, ct))
            .Where(d => wanted.Contains(d.Id))
            .Select(d => new DirectoryLeaverResponse(d.Id, $"{d.GivenName} {d.FamilyName}".Trim(), d.GmcNumber.Value, d.Department));
        return [.. named.OrderBy(n => n.Name, StringComparer.CurrentCulture)];
    }

    private static async Task<Results<Ok<IReadOnlyList<SyncRunResponse>>, ProblemHttpResult>> ListRuns(
        CurrentUser user, [FromServices] IDirectorySyncStore store, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        var sourceId = query.Text("sourceId", 200);
        var max = query.Number("limit", 50, 1, MaxLimit);
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var runs = await store.ListRunsAsync(user.DesignatedBody, sourceId, max, ct);
        return TypedResults.Ok<IReadOnlyList<SyncRunResponse>>(runs.Select(r => r.ToResponse()).ToList());
    }

    private static async Task<Results<Ok<SyncRunResponse>, ProblemHttpResult>> GetRun(Guid runId, CurrentUser user, [FromServices] IDirectorySyncStore store, CancellationToken ct)
    {
        var run = await store.GetRunAsync(runId, ct);
        return run is null || run.DesignatedBody != user.DesignatedBody
            ? ApiResults.NotFound("No such sync run in your designated body.")
            : TypedResults.Ok(run.ToResponse());
    }

    private static async Task<Results<Ok<IReadOnlyList<DataQualityIssueResponse>>, ProblemHttpResult>> ListIssues(
        CurrentUser user, [FromServices] IDirectorySyncStore store, [FromServices] TimeProvider time, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        DataQualityIssueStatus? wanted = query.OneOf("status", "Open", "Resolved", "All") switch
        {
            "All" => null,
            "Resolved" => DataQualityIssueStatus.Resolved,
            _ => DataQualityIssueStatus.Open,
        };
        var sourceId = query.Text("sourceId", 200);
        var max = query.Number("limit", 200, 1, MaxLimit);
        var (owner, hidden) = IssueWorkEndpoints.Filters(query, user);
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var now = time.GetUtcNow();
        var issues = await store.ListIssuesAsync(user.DesignatedBody, new DataQualityIssueQuery(wanted, sourceId, max, owner, hidden, now), ct);
        return TypedResults.Ok<IReadOnlyList<DataQualityIssueResponse>>(issues.Select(i => i.ToResponse(now)).ToList());
    }

    private static async Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> ResolveIssue(
        Guid issueId, ResolveIssueRequest? request, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct)
    {
        // H62: an item is never resolved without a record of why.
        var note = IssueWork.Note(request?.Note);
        if (!note.IsSuccess)
        {
            return ApiResults.Invalid(note.Outcome.Violations);
        }

        var outcome = await store.ResolveIssueAsync(user.DesignatedBody, issueId, user.UserId, note.Value!, api.Time.GetUtcNow(), ct);
        if (outcome.Status == ResolveStatus.Resolved)
        {
            // The note's length, not its text: notes may name people.
            var issue = outcome.Issue!;
            await api.Audit.AppendAuditAsync(user.DesignatedBody, [AuditEvent.Create(user.DesignatedBody, null, user.AsActor(user.ActingRole(Roles.Admin, Roles.RevalidationManager)),
                "directory.issue-resolved", $"Data-quality issue resolved ({issue.Kind})", api.Time.GetUtcNow(),
                new { issueId, kind = issue.Kind.ToString(), sourceId = issue.SourceId, noteLength = note.Value!.Length })], CancellationToken.None);
        }

        return outcome.Status switch
        {
            ResolveStatus.Resolved => TypedResults.Ok(outcome.Issue!.ToResponse(api.Time.GetUtcNow())),
            ResolveStatus.AlreadyResolved => ApiResults.Conflict("This issue is already resolved."),
            _ => ApiResults.NotFound("No such data-quality issue in your designated body."),
        };
    }
}
