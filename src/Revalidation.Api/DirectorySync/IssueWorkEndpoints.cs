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

namespace Revalidation.Api.DirectorySync;

/// <summary>
/// Queues a team can work (issue 16, item 8): the same endpoints on the data-quality queue (admin, revalidation manager)
/// and on the GMC discrepancies (RO, revalidation manager), one implementation since both are data-quality issues. An
/// item gets an owner, notes, a "hide until" date (it comes back by itself on the date, or when the doctor's connection
/// changes) and a history. Scoped to the caller's designated body (and, for the GMC queue, to the body's GMC source):
/// anything else is 404. Bad input is a ProblemDetails naming the field, and changes nothing. Audited without note text.
/// </summary>
public static class IssueWorkEndpoints
{
    /// <summary>Which items a queue holds, and who acts in it (most senior role first, for the audit).</summary>
    public sealed record Queue(string Name, string Label, Func<DesignatedBodyCode, string?> SourceOf, string[] ActingRoles)
    {
        public bool Holds(DataQualityIssue issue, DesignatedBodyCode body) => SourceOf(body) is not { } source || issue.SourceId == source;
    }

    public static void Map(RouteGroupBuilder group, Queue queue, string who)
    {
        group.MapGet("/{issueId:guid}", (Guid issueId, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct) =>
                GetAsync(queue, issueId, user, api, store, ct))
            .WithSummary($"One item of the queue, with its owner, hide-until date and history (created, owner changed, notes, hidden, unhidden, resolved). {who}");
        group.MapPost("/{issueId:guid}/owner", (Guid issueId, IssueOwnerRequest? request, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct) =>
                OwnerAsync(queue, issueId, request, user, api, store, ct))
            .WithSummary($"Give an open item an owner: {{\"userId\":\"me\"}}, {{\"userId\":\"…\",\"name\":\"…\"}} for someone of the team, or {{\"userId\":null}} to clear. {who}");
        group.MapPost("/{issueId:guid}/notes", (Guid issueId, IssueNoteRequest? request, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct) =>
                NoteAsync(queue, issueId, request, user, api, store, ct))
            .WithSummary($"Add a note to an open item (1 to 2,000 characters; notes are kept, never changed). {who}");
        group.MapPost("/{issueId:guid}/hide", (Guid issueId, IssueHideRequest? request, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct) =>
                HideAsync(queue, issueId, request, user, api, store, ct))
            .WithSummary($"Leave an open item out of the list until a date (after today, at most a year on): {{\"until\":\"yyyy-MM-dd\"}}. It comes back by itself on the date, or as soon as the doctor's connection changes. {who}");
        group.MapPost("/{issueId:guid}/unhide", (Guid issueId, CurrentUser user, ApiServices api, [FromServices] IDirectorySyncStore store, CancellationToken ct) =>
                UnhideAsync(queue, issueId, user, api, store, ct))
            .WithSummary($"Bring a hidden item back into the list now. {who}");
    }

    /// <summary>The list filters both queues share: owner=me|unassigned|{userId}, hidden=true (only the hidden items; without it they are left out).</summary>
    public static (string? Owner, bool Hidden) Filters(QueryParameters query, CurrentUser user)
    {
        var owner = query.Text("owner", 200) switch
        {
            null or "" => null,
            var o when o.Equals("me", StringComparison.OrdinalIgnoreCase) => user.UserId,
            var o when o.Equals("unassigned", StringComparison.OrdinalIgnoreCase) => IssueOwnerFilter.Unassigned,
            var o => o,
        };
        return (owner, query.Flag("hidden") ?? false);
    }

    private static async Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> GetAsync(
        Queue queue, Guid issueId, CurrentUser user, ApiServices api, IDirectorySyncStore store, CancellationToken ct)
    {
        var issue = await store.GetIssueAsync(user.DesignatedBody, issueId, ct);
        return issue is null || !queue.Holds(issue, user.DesignatedBody)
            ? NotFound(queue)
            : TypedResults.Ok(issue.ToResponse(api.Time.GetUtcNow()));
    }

    private static Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> OwnerAsync(
        Queue queue, Guid issueId, IssueOwnerRequest? request, CurrentUser user, ApiServices api, IDirectorySyncStore store, CancellationToken ct)
    {
        IssueOwner? owner;
        var userId = request?.UserId?.Trim();
        if (string.IsNullOrEmpty(userId))
        {
            owner = null;
        }
        else if (userId.Equals("me", StringComparison.OrdinalIgnoreCase) || userId == user.UserId)
        {
            owner = new IssueOwner(user.UserId, Trimmed(user.Name));
        }
        else
        {
            var name = request!.Name?.Trim();
            if (userId.Length > IssueWork.MaxNameLength)
            {
                return Task.FromResult<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>>(ApiResults.Invalid("userId", "A user id has at most 200 characters."));
            }

            if (string.IsNullOrEmpty(name) || name.Length > IssueWork.MaxNameLength)
            {
                return Task.FromResult<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>>(ApiResults.Invalid("name", "Enter the name of the person to give the item to (at most 200 characters)."));
            }

            owner = new IssueOwner(userId, name);
        }

        return ChangeAsync(queue, issueId, user, api, store, IssueWork.SetOwner(owner, Staff(user), api.Time.GetUtcNow()),
            "issue-owner-changed", owner is null ? "owner cleared" : "owner set", new { issueId, owner = owner?.UserId }, ct);
    }

    private static Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> NoteAsync(
        Queue queue, Guid issueId, IssueNoteRequest? request, CurrentUser user, ApiServices api, IDirectorySyncStore store, CancellationToken ct)
    {
        var note = IssueWork.Note(request?.Note);
        return !note.IsSuccess
            ? Task.FromResult<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>>(ApiResults.Invalid(note.Outcome.Violations))
            : ChangeAsync(queue, issueId, user, api, store, IssueWork.AddNote(note.Value!, Staff(user), api.Time.GetUtcNow()),
                "issue-note-added", "note added", new { issueId, length = note.Value!.Length }, ct);
    }

    private static Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> HideAsync(
        Queue queue, Guid issueId, IssueHideRequest? request, CurrentUser user, ApiServices api, IDirectorySyncStore store, CancellationToken ct)
    {
        var until = IssueWork.HideUntil(request?.Until, api.Today);
        return !until.IsSuccess
            ? Task.FromResult<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>>(ApiResults.Invalid(until.Outcome.Violations))
            : ChangeAsync(queue, issueId, user, api, store, IssueWork.Hide(until.Value, Staff(user), api.Time.GetUtcNow()),
                "issue-hidden", "hidden until a date", new { issueId, until = request!.Until }, ct);
    }

    private static Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> UnhideAsync(
        Queue queue, Guid issueId, CurrentUser user, ApiServices api, IDirectorySyncStore store, CancellationToken ct) =>
        ChangeAsync(queue, issueId, user, api, store, IssueWork.Unhide(Staff(user), api.Time.GetUtcNow()), "issue-unhidden", "brought back into the list", new { issueId }, ct);

    private static async Task<Results<Ok<DataQualityIssueResponse>, ProblemHttpResult>> ChangeAsync(
        Queue queue, Guid issueId, CurrentUser user, ApiServices api, IDirectorySyncStore store, Func<DataQualityIssue, Result<DataQualityIssue>> change,
        string action, string summary, object audit, CancellationToken ct)
    {
        var body = user.DesignatedBody;
        var outcome = await store.ChangeIssueAsync(body, issueId, issue => queue.Holds(issue, body)
            ? change(issue)
            : Result<DataQualityIssue>.Fail(RuleIds.Validation, "issueId", "NotInQueue"), ct);
        if (outcome.Status == IssueChangeStatus.NotFound || (outcome.Issue is { } found && !queue.Holds(found, body)))
        {
            return NotFound(queue);
        }

        switch (outcome.Status)
        {
            case IssueChangeStatus.AlreadyResolved:
                return ApiResults.Conflict("This item is already resolved.");
            case IssueChangeStatus.Refused:
                return ApiResults.Invalid(outcome.Refusal!.Value.Violations);
        }

        var issue = outcome.Issue!;
        await api.Audit.AppendAuditAsync(body, [AuditEvent.Create(body, null, user.AsActor(user.ActingRole(queue.ActingRoles)),
            $"{queue.Name}.{action}", $"{queue.Label}: {summary} ({issue.Kind})", api.Time.GetUtcNow(), audit)], CancellationToken.None);
        return TypedResults.Ok(issue.ToResponse(api.Time.GetUtcNow()));
    }

    private static ProblemHttpResult NotFound(Queue queue) =>
        ApiResults.NotFound(queue.Name == "gmc" ? "No such GMC discrepancy in your designated body." : "No such data-quality issue in your designated body.");

    private static StaffMember Staff(CurrentUser user) => new(user.UserId, Trimmed(user.Name));

    private static string Trimmed(string name) => name.Length > IssueWork.MaxNameLength ? name[..IssueWork.MaxNameLength] : name;
}
