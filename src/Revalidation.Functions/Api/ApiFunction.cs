using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Revalidation.Functions.Api;

/// <summary>
/// The one HTTP function: every method, every path under the route prefix ("api", host.json), anonymous at the
/// Functions level — the API's own JWT validation and authorisation decide, as on the local Server.
/// </summary>
public sealed class ApiFunction(ApiPipeline pipeline)
{
    public const string Name = "api";

    public const string Route = "{*path}";

    [Function(Name)]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, Route = Route)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await pipeline.InvokeAsync(request.HttpContext);

        // The pipeline has written the response; nothing more to execute.
        return Results.Empty;
    }
}
