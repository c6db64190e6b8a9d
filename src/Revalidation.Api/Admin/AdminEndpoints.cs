using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Api.Admin;

/// <summary>Designated body settings, RO and appraiser assignment, and the audit log. Admin only.</summary>
public static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/designated-body", GetBody).WithSummary("The designated body's settings. Admin.");
        admin.MapPut("/designated-body", PutSettings).WithSummary("Rename, set the medical director and admin alert addresses, and whether the revalidation manager may send recommendations the RO approved (managerMaySend, default false). Admin.");
        admin.MapPut("/designated-body/responsible-officer", PutResponsibleOfficer).WithSummary("Assign the one responsible officer (R20); replaces the previous one. Admin.");
        admin.MapPost("/designated-body/appraisers", AddAppraiser).WithSummary("Add an appraiser. Admin.");
        admin.MapDelete("/designated-body/appraisers/{userId}", RemoveAppraiser).WithSummary("Remove an appraiser. Admin.");
        admin.MapGet("/doctors", ListDoctors).WithSummary("Doctors of your designated body, to pick one (appraiser allocation): q (name or GMC number), limit (1–200, default 50); active doctors first, then by name. Admin.");
        admin.MapGet("/audit", Revalidation.Api.Audit.AdminAuditEndpoints.Query)
            .WithSummary($"Audit log, newest first, one page: {Revalidation.Api.Audit.AdminAuditEndpoints.Filters}; page (from 1), pageSize (1–{Revalidation.Api.Audit.AdminAuditEndpoints.MaxPageSize}, default 50); with the total. Admin.");
        admin.MapGet("/audit.csv", Revalidation.Api.Audit.AdminAuditEndpoints.Export)
            .WithSummary($"The filtered audit log as CSV (When in Europe/London, Who, Role, Doctor, GMC number, What), newest first, at most {Revalidation.Api.Audit.AdminAuditEndpoints.MaxExportRows} rows (the file says so when there are more); the same filters. Audited. Admin.");
    }

    private static async Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> GetBody(CurrentUser user, ApiServices api, HttpResponse response, CancellationToken ct)
    {
        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        if (body is null)
        {
            return ApiResults.NotFound("Your designated body is not set up yet.");
        }

        ApiResults.SetETag(response, body.ETag);
        return TypedResults.Ok(body.ToResponse());
    }

    // The addresses are checked by the domain (one mailbox each, docs/domain.md#alerts): a failure names the field and nothing is saved.
    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> PutSettings(
        DesignatedBodySettingsRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.settings-changed", "Designated body settings changed", request,
            b => Result.All(b.Rename(request.Name ?? string.Empty), b.SetContacts(request.MedicalDirectorEmail, request.AdminEmail),
                request.ManagerMaySend is { } maySend ? b.SetManagerMaySend(maySend) : Result.Success), ct);

    private static async Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> PutResponsibleOfficer(
        StaffRequest request, CurrentUser user, ApiServices api, Core.Gmc.IGmcConnect gmc, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (gmc.ModeOf(user.DesignatedBody) == Core.Gmc.GmcMode.WebService && string.IsNullOrWhiteSpace(request.GmcNumber))
        {
            // R20 (docs/domain.md#r20): the GMC's web service sends the RO's GMC number with every recommendation.
            return ApiResults.Invalid("gmcNumber", "This body submits through the GMC web service, which needs the responsible officer's GMC reference number.");
        }

        return await Change(user, api, http, response, "designated-body.ro-assigned", "Responsible officer assigned", request,
            b => b.AssignResponsibleOfficer(new StaffMember(request.UserId ?? string.Empty, request.Name ?? string.Empty, request.Email, request.GmcNumber)), ct);
    }

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> AddAppraiser(
        StaffRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.appraiser-added", "Appraiser added", request,
            b => b.AddAppraiser(new StaffMember(request.UserId ?? string.Empty, request.Name ?? string.Empty, request.Email, request.GmcNumber)), ct);

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> RemoveAppraiser(
        string userId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.appraiser-removed", "Appraiser removed", new { userId }, b => b.RemoveAppraiser(userId), ct);

    private static async Task<Results<Ok<IReadOnlyList<AdminDoctorResponse>>, ProblemHttpResult>> ListDoctors(
        CurrentUser user, ApiServices api, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        var max = query.Number("limit", 50, 1, 200);
        var q = query.Text("q");
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var text = q?.Trim() ?? string.Empty;
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var doctors = summaries
            .Where(d => text.Length == 0
                || d.GmcNumber.Value.StartsWith(text, StringComparison.Ordinal)
                || $"{d.GivenName} {d.FamilyName}".Contains(text, StringComparison.OrdinalIgnoreCase)
                || $"{d.FamilyName}, {d.GivenName}".Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.Status == DoctorStatus.Active ? 0 : 1)
            .ThenBy(d => d.FamilyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.GivenName, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(d => new AdminDoctorResponse(d.Id, d.GivenName, d.FamilyName, d.GmcNumber.Value, d.Department, d.Status.ToContract(), d.AppraiserId))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AdminDoctorResponse>>(doctors);
    }

    private static async Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> Change(
        CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, string action, string summary, object change, Func<DesignatedBody, Result> apply, CancellationToken ct)
    {
        var result = await api.DesignatedBodies.ChangeAsync(user.DesignatedBody, user.AsActor(Roles.Admin), new AuditNote(action, summary, change), apply, ApiResults.IfMatch(http), ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        var body = result.Value!;
        ApiResults.SetETag(response, body.ETag);
        return TypedResults.Ok(body.ToResponse());
    }
}
