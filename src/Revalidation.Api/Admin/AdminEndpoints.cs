using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
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
        admin.MapPut("/designated-body", PutSettings).WithSummary("Rename, and set the medical director and admin alert addresses. Admin.");
        admin.MapPut("/designated-body/responsible-officer", PutResponsibleOfficer).WithSummary("Assign the one responsible officer (R20); replaces the previous one. Admin.");
        admin.MapPost("/designated-body/appraisers", AddAppraiser).WithSummary("Add an appraiser. Admin.");
        admin.MapDelete("/designated-body/appraisers/{userId}", RemoveAppraiser).WithSummary("Remove an appraiser. Admin.");
        admin.MapGet("/doctors", ListDoctors).WithSummary("Doctors of your designated body, to pick one (appraiser allocation): q (name or GMC number), limit (1–200, default 50); active doctors first, then by name. Admin.");
        admin.MapGet("/audit", QueryAudit).WithSummary("Audit log query: doctorId, userId, from, to (ISO 8601), limit (1–1000). Admin.");
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

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> PutSettings(
        DesignatedBodySettingsRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var emailCheck = Result.All(Email(request.MedicalDirectorEmail, "medicalDirectorEmail"), Email(request.AdminEmail, "adminEmail"));
        return emailCheck.IsSuccess
            ? Change(user, api, http, response, "designated-body.settings-changed", "Designated body settings changed", request,
                b => Result.All(b.Rename(request.Name ?? string.Empty), b.SetContacts(request.MedicalDirectorEmail, request.AdminEmail)), ct)
            : Task.FromResult<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>>(ApiResults.Invalid(emailCheck.Violations));
    }

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> PutResponsibleOfficer(
        StaffRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.ro-assigned", "Responsible officer assigned", request,
            b => b.AssignResponsibleOfficer(new StaffMember(request.UserId ?? string.Empty, request.Name ?? string.Empty, request.Email, request.GmcNumber)), ct);

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> AddAppraiser(
        StaffRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.appraiser-added", "Appraiser added", request,
            b => b.AddAppraiser(new StaffMember(request.UserId ?? string.Empty, request.Name ?? string.Empty, request.Email, request.GmcNumber)), ct);

    private static Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> RemoveAppraiser(
        string userId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        Change(user, api, http, response, "designated-body.appraiser-removed", "Appraiser removed", new { userId }, b => b.RemoveAppraiser(userId), ct);

    private static async Task<Results<Ok<IReadOnlyList<AdminDoctorResponse>>, ProblemHttpResult>> ListDoctors(
        CurrentUser user, ApiServices api, CancellationToken ct, string? q = null, string? limit = null)
    {
        var max = 50;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out max) || max < 1 || max > 200))
        {
            return ApiResults.Invalid("limit", "limit is a whole number from 1 to 200.");
        }

        if (q is { Length: > 100 })
        {
            return ApiResults.Invalid("q", "Search for at most 100 characters.");
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
            .Select(d => new AdminDoctorResponse(d.Id, d.GivenName, d.FamilyName, d.GmcNumber.Value, d.Department, d.Status, d.AppraiserId))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AdminDoctorResponse>>(doctors);
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEventResponse>>, ProblemHttpResult>> QueryAudit(
        CurrentUser user, ApiServices api, CancellationToken ct, string? doctorId = null, string? userId = null, string? from = null, string? to = null, string? limit = null)
    {
        var errors = new List<RuleViolation>();
        Guid? doctor = null;
        if (!string.IsNullOrEmpty(doctorId))
        {
            if (Guid.TryParse(doctorId, out var g))
            {
                doctor = g;
            }
            else
            {
                errors.Add(new(RuleIds.Validation, "doctorId", "doctorId is a GUID."));
            }
        }

        var fromTime = Time(from, "from", errors);
        var toTime = Time(to, "to", errors);
        var max = 200;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out max) || max < 1 || max > 1000))
        {
            errors.Add(new(RuleIds.Validation, "limit", "limit is a whole number from 1 to 1000."));
        }

        if (fromTime is not null && toTime is not null && fromTime > toTime)
        {
            errors.Add(new(RuleIds.Validation, "from", "from must not be after to."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var events = await api.Audit.QueryAuditAsync(user.DesignatedBody, new AuditQuery(doctor, string.IsNullOrEmpty(userId) ? null : userId, fromTime, toTime, max), ct);
        return TypedResults.Ok<IReadOnlyList<AuditEventResponse>>(events.Select(e => e.ToResponse()).ToList());
    }

    private static DateTimeOffset? Time(string? text, string field, List<RuleViolation> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors.Add(new(RuleIds.Validation, field, $"{field} is an ISO 8601 date or date-time."));
        return null;
    }

    private static Result Email(string? email, string field) =>
        email is null || (email.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(email, out _))
            ? Result.Success
            : Result.Fail(RuleIds.Validation, field, "Not a valid email address.");

    private static async Task<Results<Ok<DesignatedBodyResponse>, ProblemHttpResult>> Change(
        CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, string action, string summary, object change, Func<DesignatedBody, Result> apply, CancellationToken ct)
    {
        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        if (body is null)
        {
            return ApiResults.NotFound("Your designated body is not set up yet.");
        }

        var ifMatch = ApiResults.IfMatch(http);
        if (ifMatch is not null && ifMatch != body.ETag)
        {
            return ApiResults.Conflict("The settings changed since you read them. Reload and try again.");
        }

        var result = apply(body);
        if (!result.IsSuccess)
        {
            return ApiResults.Invalid(result.Violations);
        }

        var audit = AuditEvent.Create(body.Code, null, user.AsActor(Roles.Admin), action, summary, api.Time.GetUtcNow(), change);
        var saved = await api.Bodies.SaveDesignatedBodyAsync(body, [audit], ct);
        if (saved.Status != SaveStatus.Saved)
        {
            return ApiResults.Conflict("Someone else changed the settings at the same time. Reload and try again.");
        }

        ApiResults.SetETag(response, body.ETag);
        return TypedResults.Ok(body.ToResponse());
    }
}
