using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Alerts;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;

namespace Revalidation.Api.Alerts;

/// <summary>
/// Dead letters (docs/domain.md#alerts): alert emails that could not be delivered, visible to the designated body's admins,
/// who fix the cause (an address, the relay) and send them again. Admin only.
/// </summary>
public static class DeadLetterEndpoints
{
    public const int MaxPage = DeadLetterService.MaxBatch;

    public static void Map(RouteGroupBuilder api)
    {
        var deadLetters = api.MapGroup("/admin/dead-letters").RequireAuthorization(Policies.Admin);
        deadLetters.MapGet("/", List).WithSummary("Alert emails that could not be delivered, newest first, with the reason: limit (1–1000, default 200). Admin.");
        deadLetters.MapPost("/retry", Retry).WithSummary("Send dead letters again: {\"keys\":[...]} or {\"all\":true}. They go out with the next mail dispatch. Admin.");
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetterResponse>>, ProblemHttpResult>> List(
        CurrentUser user, DeadLetterService deadLetters, HttpRequest http, CancellationToken ct)
    {
        var query = QueryParameters.Of(http);
        var limit = query.Number("limit", 200, 1, MaxPage);
        if (!query.IsValid)
        {
            return ApiResults.Invalid(query.Errors);
        }

        var dead = await deadLetters.ListAsync(user.DesignatedBody, limit, ct);
        return TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>(dead.Select(a => a.ToDeadLetterResponse()).ToList());
    }

    private static async Task<Results<Ok<RetryDeadLettersResponse>, ProblemHttpResult>> Retry(RetryDeadLettersRequest request, CurrentUser user, DeadLetterService deadLetters, CancellationToken ct)
    {
        var result = await deadLetters.RetryAsync(user.DesignatedBody, request.Keys, request.All, user.AsActor(Roles.Admin), ct);
        return result.IsOk
            ? TypedResults.Ok(new RetryDeadLettersResponse(result.Value!.Retried, result.Value.NotRetried))
            : ApiResults.From(result);
    }
}
