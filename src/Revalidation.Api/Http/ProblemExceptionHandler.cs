using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Revalidation.Api.Http;

/// <summary>
/// Turns what escapes a handler into ProblemDetails: unreadable JSON (naming the JSON path at fault),
/// oversize bodies, and — for anything unexpected — a 500 without internals. Logs carry no personal data.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = JsonProblem(json);
                break;
            case JsonException json:
                problem = JsonProblem(json);
                break;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                problem = new ProblemDetails { Status = 413, Title = "The request is too large.", Detail = bad.Message };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request is not valid.", Detail = bad.Message };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnhandled(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName ?? "unknown");
                problem = new ProblemDetails { Status = 500, Title = "Something went wrong.", Detail = "The error was logged. Nothing was changed by this request unless it said so." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails JsonProblem(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        var message = json.Message.Split(" Path:", StringSplitOptions.None)[0];

        // A required property that is absent is reported on the object holding it: name each property
        // instead (and not the .NET type), so the client can show the error next to the field.
        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var prefix = field == "body" ? string.Empty : field + ".";
            var names = QuotedName().Matches(missing.Groups["names"].Value).Select(m => prefix + m.Groups[1].Value).ToList();
            if (names.Count > 0)
            {
                return new HttpValidationProblemDetails(names.ToDictionary(n => n, n => new[] { $"'{n}' is required." }))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this endpoint.",
                    Detail = $"Required: {string.Join(", ", names)}.",
                };
            }
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = $"The value of '{field}' is not valid (check its type, format or allowed values).";
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
            Detail = message,
        };
    }

    [GeneratedRegex("missing required properties including: (?<names>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("'([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedName();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in {Method} {Endpoint}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string method, string endpoint);
}
