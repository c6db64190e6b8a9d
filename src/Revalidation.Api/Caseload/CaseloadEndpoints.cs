using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Caseload;
using Revalidation.Core.Common;

namespace Revalidation.Api.Caseload;

/// <summary>The RO's caseload: every doctor of the designated body, filtered, searched, sorted by RSD, paged.</summary>
public static class CaseloadEndpoints
{
    public const int MaxPageSize = 500;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/caseload", Get).RequireAuthorization(Policies.Oversight)
            .WithSummary("Caseload. Filters: underNotice, dueBefore (yyyy-MM-dd), readiness (ready|gaps), tag, department, status (active|leaver|all), q (name or GMC number); sort (rsd|name|gaps), page, pageSize. RO, medical director.");

    private static async Task<Results<Ok<CaseloadPage>, ProblemHttpResult>> Get(
        CurrentUser user,
        ApiServices api,
        CancellationToken ct,
        string? underNotice = null,
        string? dueBefore = null,
        string? readiness = null,
        string? tag = null,
        string? department = null,
        string? status = null,
        string? q = null,
        string? sort = null,
        string? page = null,
        string? pageSize = null)
    {
        var errors = new List<RuleViolation>();
        bool? notice = underNotice switch
        {
            null or "" => null,
            _ when bool.TryParse(underNotice, out var parsed) => parsed,
            _ => Bad(errors, "underNotice", "underNotice is true or false."),
        };
        DateOnly? before = null;
        if (!string.IsNullOrEmpty(dueBefore))
        {
            if (DateOnly.TryParseExact(dueBefore, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                before = d;
            }
            else
            {
                Bad(errors, "dueBefore", "dueBefore is a date as yyyy-MM-dd.");
            }
        }

        if (readiness is not (null or "" or "ready" or "gaps"))
        {
            Bad(errors, "readiness", "readiness is 'ready' or 'gaps'.");
        }

        string[] tags = [CaseloadTags.UnderNotice, CaseloadTags.Ready, CaseloadTags.Gaps, CaseloadTags.Overdue, CaseloadTags.Deferred, CaseloadTags.Submitted, CaseloadTags.Draft, CaseloadTags.Leaver, CaseloadTags.Investigation, CaseloadTags.LocalProcess];
        if (!string.IsNullOrEmpty(tag) && !tags.Contains(tag))
        {
            Bad(errors, "tag", $"tag is one of: {string.Join(", ", tags)}.");
        }

        if (status is not (null or "" or "active" or "leaver" or "all"))
        {
            Bad(errors, "status", "status is 'active', 'leaver' or 'all'.");
        }

        if (sort is not (null or "" or "rsd" or "name" or "gaps"))
        {
            Bad(errors, "sort", "sort is 'rsd', 'name' or 'gaps'.");
        }

        if (q is { Length: > 100 })
        {
            Bad(errors, "q", "Search text is at most 100 characters.");
        }

        var pageNumber = ParseInt(page, 1, "page", 1, int.MaxValue, errors);
        var size = ParseInt(pageSize, 50, "pageSize", 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var today = api.Today;
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        IEnumerable<CaseloadRow> rows = summaries.Select(s => CaseloadRow.From(s, today, api.Options));
        rows = (status ?? "active") switch
        {
            "active" or "" => rows.Where(r => r.Status == DoctorStatus.Active),
            "leaver" => rows.Where(r => r.Status == DoctorStatus.Leaver),
            _ => rows,
        };
        if (notice is { } n)
        {
            rows = rows.Where(r => r.UnderNotice == n);
        }

        if (before is { } b)
        {
            rows = rows.Where(r => r.Rsd is { } rsd && rsd <= b);
        }

        if (readiness is "ready" or "gaps")
        {
            rows = rows.Where(r => r.Ready == (readiness == "ready"));
        }

        if (!string.IsNullOrEmpty(tag))
        {
            rows = rows.Where(r => r.Tags.Contains(tag));
        }

        if (!string.IsNullOrWhiteSpace(department))
        {
            rows = rows.Where(r => string.Equals(r.Department, department.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            rows = rows.Where(r => r.GmcNumber.StartsWith(text, StringComparison.Ordinal)
                || $"{r.GivenName} {r.FamilyName}".Contains(text, StringComparison.OrdinalIgnoreCase)
                || $"{r.FamilyName}, {r.GivenName}".Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        rows = sort switch
        {
            "name" => rows.OrderBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.GivenName, StringComparer.OrdinalIgnoreCase),
            "gaps" => rows.OrderByDescending(r => r.GapCount).ThenBy(r => r.Rsd),
            _ => rows.OrderBy(r => r.Rsd ?? DateOnly.MaxValue).ThenBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase),
        };
        var all = rows.ToList();
        var items = all.Skip((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue)).Take(size).ToList();
        return TypedResults.Ok(new CaseloadPage(items, pageNumber, size, all.Count));
    }

    private static int ParseInt(string? text, int fallback, string field, int min, int max, List<RuleViolation> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Bad(errors, field, $"{field} is a whole number from {min} to {max}.");
        return fallback;
    }

    private static bool? Bad(List<RuleViolation> errors, string field, string message)
    {
        errors.Add(new RuleViolation(RuleIds.Validation, field, message));
        return null;
    }
}
