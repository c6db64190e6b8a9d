using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Contracts;
using Revalidation.Api.DirectorySync;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Gmc;

namespace Revalidation.Api.Gmc;

/// <summary>
/// GMC Connect (docs/decisions/0013): the connection discrepancies the reconciliation found, the RO's one-click
/// <c>TryAddDoctor</c>/<c>TryRemoveDoctor</c> for one of them (never automatic), and the admin's upload of the GMC Connect
/// list of doctors (the route without a web-service account). Scoped to the caller's designated body.
/// </summary>
public static class GmcEndpoints
{
    /// <summary>Largest uploaded list (about 100,000 rows).</summary>
    public const int MaxUploadBytes = 16 * 1024 * 1024;

    /// <summary>The GMC discrepancies: the body's issues from the GMC's lists.</summary>
    public static readonly IssueWorkEndpoints.Queue DiscrepancyQueue =
        new("gmc", "GMC discrepancy", GmcReconciliationService.SourceIdOf, [Roles.ResponsibleOfficer, Roles.RevalidationManager]);

    public static void Map(RouteGroupBuilder api)
    {
        var ro = api.MapGroup("/gmc/discrepancies").RequireAuthorization(Policies.RoTeam);
        ro.MapGet("/", List).WithSummary("Open GMC connection discrepancies of your designated body (not in the directory, not connected at the GMC, leavers still connected): owner me|unassigned|{userId}, hidden=true (only the items hidden now; without it they are left out). RO, revalidation manager.");

        // Issue 16, item 8: owner, notes, hide until, history (the same implementation as the data-quality queue).
        IssueWorkEndpoints.Map(ro, DiscrepancyQueue, "RO, revalidation manager.");
        ro.MapPost("/{issueId:guid}/add", (Guid issueId, GmcConnectionChangeRequest? request, CurrentUser user, GmcConnectionService service, CancellationToken ct) =>
                ChangeAsync(issueId, GmcConnectionAction.Add, request, user, service, ct))
            .WithSummary("TryAddDoctor for a doctor not connected at the GMC: {\"changeReason\":\"1\"|\"2\"} (1 the doctor has a connection with this body, 2 conflict of interest). RO, revalidation manager.");
        ro.MapPost("/{issueId:guid}/remove", (Guid issueId, GmcConnectionChangeRequest? request, CurrentUser user, GmcConnectionService service, CancellationToken ct) =>
                ChangeAsync(issueId, GmcConnectionAction.Remove, request, user, service, ct))
            .WithSummary("TryRemoveDoctor for a connection the directory does not know, or a leaver's: {\"changeReason\":\"1\"|\"2\"|\"3\"} (1 conflict of interest, 2 retired, 3 no connection with this body). RO, revalidation manager.");

        api.MapPost("/admin/gmc/connected-doctors/preview", Preview).RequireAuthorization(Policies.Admin)
            .WithSummary("Check a GMC Connect list (text/csv, header row) without applying it: per doctor, what it would change (revalidation date, investigation, hold, notice, connection), and whether applying it needs confirmation. Admin.");
        api.MapPost("/admin/gmc/connected-doctors", Upload).RequireAuthorization(Policies.Admin)
            .WithSummary("Apply the GMC Connect list of your body's connected doctors (text/csv, header row): reconcile it with the records now. Bad rows are named by line; nothing applies then. A list lacking more than a tenth of the body's doctors needs ?confirm=true (409 otherwise). Admin.");
    }

    private static async Task<Results<Ok<IReadOnlyList<DataQualityIssueResponse>>, ProblemHttpResult>> List(
        CurrentUser user, IDirectorySyncStore store, TimeProvider time, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        var (owner, hidden) = IssueWorkEndpoints.Filters(query, user);
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var now = time.GetUtcNow();
        var issues = await store.ListIssuesAsync(
            user.DesignatedBody, new DataQualityIssueQuery(DataQualityIssueStatus.Open, GmcReconciliationService.SourceIdOf(user.DesignatedBody), 1_000, owner, hidden, now), ct);
        return TypedResults.Ok<IReadOnlyList<DataQualityIssueResponse>>(issues.Select(i => i.ToResponse(now)).ToList());
    }

    private static async Task<Results<Ok<GmcConnectionChangeResponse>, ProblemHttpResult>> ChangeAsync(
        Guid issueId, GmcConnectionAction action, GmcConnectionChangeRequest? request, CurrentUser user, GmcConnectionService service, CancellationToken ct)
    {
        var result = await service.ChangeAsync(user.DesignatedBody, issueId, action, request?.ChangeReason, user.AsActor(user.ActingRole(Roles.ResponsibleOfficer, Roles.RevalidationManager)), ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        var outcome = result.Value!;
        if (outcome.Unavailable)
        {
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "The GMC's service is unavailable", outcome.Meaning);
        }

        if (!outcome.Succeeded)
        {
            return ApiResults.Invalid("issueId", $"The GMC refused the change: code {outcome.ReturnCode} ({outcome.Meaning})", RuleIds.Connection);
        }

        return TypedResults.Ok(new GmcConnectionChangeResponse(true, outcome.ReturnCode, outcome.Meaning, outcome.Issue.ToResponse()));
    }

    private static async Task<Results<Ok<GmcListPreviewResponse>, ProblemHttpResult>> Preview(
        CurrentUser user, HttpContext http, GmcReconciliationService reconciliation, CancellationToken ct)
    {
        var (listed, problem) = await ReadListAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }

        var p = await reconciliation.PreviewAsync(user.DesignatedBody, listed!, ct);
        return TypedResults.Ok(new GmcListPreviewResponse(p.Listed, p.Matched, p.NotInDirectory, p.NotConnected, p.LeaversStillConnected, p.ActiveDoctors, p.Missing,
            p.NeedsConfirmation, p.Changes.Count,
            [.. p.Changes.Take(GmcListPreviewResponse.MaxListed).Select(c => new GmcListDoctorChangeResponse(c.DoctorId, c.Name, c.GmcNumber, c.Changes))]));
    }

    /// <summary>The uploaded list, parsed whole; or the problem (415 not CSV, 400 too large or a bad line named).</summary>
    private static async Task<(IReadOnlyList<GmcConnectedDoctor>? Listed, ProblemHttpResult? Problem)> ReadListAsync(HttpContext http, CancellationToken ct)
    {
        var media = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (media is not ("text/csv" or "text/plain" or "application/vnd.ms-excel" or "application/csv"))
        {
            return (null, ApiResults.UnsupportedType(new RuleViolation(RuleIds.Validation, "file", "Send the GMC Connect list as a CSV file (text/csv).")));
        }

        if (http.Request.ContentLength > MaxUploadBytes)
        {
            return (null, ApiResults.Invalid("file", $"The file is larger than {MaxUploadBytes / (1024 * 1024)} MB."));
        }

        string text;
        using (var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8))
        {
            var buffer = new char[MaxUploadBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            if (read > MaxUploadBytes)
            {
                return (null, ApiResults.Invalid("file", $"The file is larger than {MaxUploadBytes / (1024 * 1024)} MB."));
            }

            text = new string(buffer, 0, read);
        }

        var parsed = GmcDoctorListCsv.Parse(text);
        return parsed.IsSuccess ? (parsed.Value!, null) : (null, ApiResults.Invalid(parsed.Violations));
    }

    private static async Task<Results<Ok<GmcReconciliationResponse>, ProblemHttpResult>> Upload(
        CurrentUser user, HttpContext http, ApiServices api, GmcReconciliationService reconciliation, GmcConnectionService connections, CancellationToken ct)
    {
        var (listed, problem) = await ReadListAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }

        // Issue 14: a list that lacks more than a tenth of the body's active doctors (a header-only or cut-off list) would
        // mark them all "not connected at the GMC": refused unless the admin confirms (?confirm=true) it is the whole list.
        var listedNumbers = listed!.Select(d => d.GmcNumber).ToHashSet(StringComparer.Ordinal);
        var active = (await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct)).Where(d => d.Status == Core.Common.DoctorStatus.Active).ToList();
        var missing = active.Count(d => !listedNumbers.Contains(d.GmcNumber.Value));
        if (GmcListPreview.LacksTooMany(missing, active.Count) && !string.Equals(http.Request.Query["confirm"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Conflict(
                $"The list does not include {missing} of the {active.Count} doctors this body has in its records, so all of them would be marked not connected at the GMC. Upload the whole list from GMC Connect, or confirm that this is the whole list.",
                [new RuleViolation(RuleIds.Connection, "file", $"{missing} of {active.Count} doctors are not in the list.")]);
        }

        var actor = user.AsActor(Roles.Admin);
        var report = await reconciliation.ReconcileAsync(user.DesignatedBody, listed!, "uploaded GMC Connect list", actor, ct);
        await connections.SaveBodyAuditAsync(user.DesignatedBody, AuditEvent.Create(user.DesignatedBody, null, actor, "gmc.connected-doctors-uploaded",
            $"GMC Connect list uploaded: {report.Listed} doctors; {report.NotInDirectory} not in the directory, {report.NotConnected} not connected, {report.LeaversStillConnected} leavers still connected",
            api.Time.GetUtcNow(), new { report.Listed, report.Matched, report.Updated, report.NotInDirectory, report.NotConnected, report.LeaversStillConnected, report.Resolved }), ct);
        return TypedResults.Ok(new GmcReconciliationResponse(report.Listed, report.Matched, report.Updated, report.NotInDirectory, report.NotConnected, report.LeaversStillConnected, report.Resolved));
    }
}
