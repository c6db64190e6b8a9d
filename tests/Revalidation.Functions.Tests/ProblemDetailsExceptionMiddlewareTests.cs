using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Revalidation.Functions.Hosting;
using Revalidation.Functions.Tests.Support;

namespace Revalidation.Functions.Tests;

/// <summary>The worker middleware: what escapes a function becomes a ProblemDetails 500, and nothing personal is logged.</summary>
public sealed class ProblemDetailsExceptionMiddlewareTests : IAsyncLifetime, IDisposable
{
    private const string PersonalMessage = "Dr Fiona Singh (GMC 7408841, fiona.singh@demo-trust.example) could not be saved";

    private readonly CapturingLoggerProvider logs = new();
    private FunctionsHost host = null!;

    public async Task InitializeAsync() =>
        host = await FunctionsHost.StartAsync(seed: false, configure: b => b.Logging.AddProvider(logs));

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose() => logs.Dispose();

    [Fact]
    public async Task Invoke_WhenHttpFunctionThrows_Answers500ProblemWithoutInternals()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (http, body) = HttpInvocation(scope.ServiceProvider);
        var context = new FakeFunctionContext("api", scope.ServiceProvider, http);

        await Middleware().Invoke(context, _ => throw new InvalidOperationException(PersonalMessage));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(body.ToArray());
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(500, (int)problem["status"]!);
        Assert.Equal(ProblemDetailsExceptionMiddleware.Title, (string?)problem["title"]);
        Assert.DoesNotContain("Fiona", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7408841", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenHttpFunctionThrows_LogsTheFailureWithoutPersonalData()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (http, _) = HttpInvocation(scope.ServiceProvider);
        var context = new FakeFunctionContext("api", scope.ServiceProvider, http);

        await Middleware().Invoke(context, _ => throw new InvalidOperationException(PersonalMessage));

        var entry = Assert.Single(logs.Entries, e => e.Category == typeof(ProblemDetailsExceptionMiddleware).FullName);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains(typeof(InvalidOperationException).FullName!, entry.Message, StringComparison.Ordinal);
        Assert.Contains(context.InvocationId, entry.Message, StringComparison.Ordinal);
        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain("Fiona", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("7408841", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("demo-trust.example", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Invoke_WhenFunctionSucceeds_LeavesTheResponseAlone()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (http, body) = HttpInvocation(scope.ServiceProvider);
        var context = new FakeFunctionContext("api", scope.ServiceProvider, http);

        await Middleware().Invoke(context, _ =>
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        Assert.Equal(204, http.Response.StatusCode);
        Assert.Equal(0, body.Length);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Invoke_WhenFunctionWithoutHttpRequestThrows_FailsWithoutThePersonalMessage()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var context = new FakeFunctionContext("directory-sync", scope.ServiceProvider);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Middleware().Invoke(context, _ => throw new InvalidOperationException(PersonalMessage)));

        Assert.Contains("directory-sync", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fiona", thrown.Message, StringComparison.Ordinal);
        Assert.Null(thrown.InnerException);
    }

    private ProblemDetailsExceptionMiddleware Middleware() =>
        ActivatorUtilities.CreateInstance<ProblemDetailsExceptionMiddleware>(host.Services);

    private static (DefaultHttpContext Http, MemoryStream Body) HttpInvocation(IServiceProvider services)
    {
        var body = new MemoryStream();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = "/api/me";
        http.Response.Body = body;
        return (http, body);
    }
}
