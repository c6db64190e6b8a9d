using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Revalidation.Functions.Hosting;

/// <summary>
/// The Functions host's one exception handler (STYLE rule 5). The API's pipeline maps what its endpoints throw;
/// this catches what escapes a function itself: an HTTP function answers a ProblemDetails 500 without internals.
/// Logs name the function, the exception type and where it was thrown — never its message, which may carry
/// personal data. A function without an HTTP request still fails (so the host can retry it), with the same
/// sanitised exception.
/// </summary>
public sealed partial class ProblemDetailsExceptionMiddleware(ILogger<ProblemDetailsExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public const string Title = "Something went wrong.";

    public const string Detail = "The error was logged. Nothing was changed by this request unless it said so.";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            var http = context.GetHttpContext();
            if (http is not null && exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
            {
                return; // the caller went away; nobody to answer
            }

            var site = exception.TargetSite is { } method ? $"{method.DeclaringType?.FullName}.{method.Name}" : "unknown";
            LogUnhandled(logger, context.FunctionDefinition.Name, exception.GetType().FullName ?? exception.GetType().Name, site, context.InvocationId);
            if (http is null)
            {
                throw new InvalidOperationException($"The function '{context.FunctionDefinition.Name}' failed with {exception.GetType().Name}; see the log of invocation {context.InvocationId}.");
            }

            await WriteProblemAsync(http);
        }
    }

    private static async Task WriteProblemAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            http.Abort(); // part of a response is out: the status can no longer change
            return;
        }

        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        var problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = Title, Detail = Detail };
        var problems = http.RequestServices?.GetService<IProblemDetailsService>();
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} escaped function {Function} at {Site} (invocation {InvocationId})")]
    private static partial void LogUnhandled(ILogger logger, string function, string exceptionType, string site, string invocationId);
}
