using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Revalidation.Core.Common;

namespace Revalidation.Api.Http;

/// <summary>The one place where rule violations and service outcomes become HTTP problem responses.</summary>
public static class ApiResults
{
    public const string RulesExtension = "rules";

    /// <summary>
    /// 400 when the input itself is malformed (plain validation); 422 when well-formed input breaks a GMC
    /// rule (R1–R20). Either way the body is a validation problem naming each field at fault, and the rule.
    /// </summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<RuleViolation> violations)
    {
        var onlyValidation = violations.All(v => v.Rule == RuleIds.Validation);
        var problem = new HttpValidationProblemDetails(
            violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray()))
        {
            Status = onlyValidation ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
            Title = onlyValidation ? "The request is not valid." : "The request breaks a revalidation rule.",
            Detail = string.Join(" ", violations.Select(v => v.Message)),
            Type = onlyValidation ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : "https://tools.ietf.org/html/rfc4918#section-11.2",
        };
        problem.Extensions[RulesExtension] = violations.Select(v => new { rule = v.Rule, field = v.Field, message = v.Message }).ToArray();
        return TypedResults.Problem(problem);
    }

    /// <summary>415 for a file of a type the product does not accept, naming the field like a validation problem.</summary>
    public static ProblemHttpResult UnsupportedType(RuleViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [violation.Field] = [violation.Message] })
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "The file type is not accepted.",
            Detail = violation.Message,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        });
    }

    public static ProblemHttpResult Invalid(string field, string message, string rule = RuleIds.Validation) =>
        Invalid([new RuleViolation(rule, field, message)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = detail });

    public static ProblemHttpResult Conflict(string detail, IReadOnlyList<RuleViolation>? violations = null)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = detail };
        if (violations is { Count: > 0 })
        {
            problem.Extensions[RulesExtension] = violations.Select(v => new { rule = v.Rule, field = v.Field, message = v.Message }).ToArray();
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>403 with the rule that forbids the change (e.g. R20: nobody acts on their own record).</summary>
    public static ProblemHttpResult Forbidden(string detail, IReadOnlyList<RuleViolation> violations)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "You may not make this change.", Detail = detail };
        problem.Extensions[RulesExtension] = violations.Select(v => new { rule = v.Rule, field = v.Field, message = v.Message }).ToArray();
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>Maps a failed service outcome.</summary>
    public static ProblemHttpResult From<T>(ServiceResult<T> result) => result.Status switch
    {
        ServiceStatus.NotFound => NotFound(result.Detail ?? "Not found."),
        ServiceStatus.Invalid => Invalid(result.Violations),
        ServiceStatus.Conflict => Conflict(result.Detail ?? "Conflict.", result.Violations),
        ServiceStatus.Forbidden => Forbidden(result.Detail ?? "Forbidden.", result.Violations),
        _ => throw new InvalidOperationException("A successful result is not a problem."),
    };

    /// <summary>Reads If-Match (one entity tag, quotes optional). Null when absent or "*".</summary>
    public static string? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "*")
        {
            return null;
        }

        return value.Trim().TrimStart('W', '/').Trim('"');
    }

    public static void SetETag(HttpResponse response, string? etag)
    {
        if (etag is not null)
        {
            response.Headers.ETag = $"\"{etag}\"";
        }
    }
}
