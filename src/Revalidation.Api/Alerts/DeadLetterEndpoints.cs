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
    public const int MaxPage = 1_000;

    public static void Map(RouteGroupBuilder api)
    {
        var deadLetters = api.MapGroup("/admin/dead-letters").RequireAuthorization(Policies.Admin);
        deadLetters.MapGet("/", List).WithSummary("Alert emails that could not be delivered, newest first, with the reason: limit (1–1000, default 200). Admin.");
        deadLetters.MapPost("/retry", Retry).WithSummary("Send dead letters again: {\"keys\":[...]} or {\"all\":true}. They go out with the next mail dispatch. Admin.");
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetterResponse>>, ProblemHttpResult>> List(CurrentUser user, ApiServices api, CancellationToken ct, string? limit = null)
    {
        var max = 200;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out max) || max < 1 || max > MaxPage))
        {
            return ApiResults.Invalid("limit", $"limit is a whole number from 1 to {MaxPage}.");
        }

        var dead = await api.Outbox.ListAlertsInStateAsync(user.DesignatedBody, AlertState.DeadLettered, max, ct);
        return TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>(dead.Select(a => a.ToDeadLetterResponse()).ToList());
    }

    private static async Task<Results<Ok<RetryDeadLettersResponse>, ProblemHttpResult>> Retry(RetryDeadLettersRequest request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var keys = request.Keys ?? [];
        if (request.All == (keys.Count > 0))
        {
            return ApiResults.Invalid("keys", "Give either the keys of the dead letters to retry, or all: true.");
        }

        if (keys.Count > MaxPage || keys.Any(string.IsNullOrWhiteSpace))
        {
            return ApiResults.Invalid("keys", $"Up to {MaxPage} non-empty keys.");
        }

        var candidates = request.All
            ? [.. await api.Outbox.ListAlertsInStateAsync(user.DesignatedBody, AlertState.DeadLettered, MaxPage, ct)]
            : (await Task.WhenAll(keys.Distinct(StringComparer.Ordinal).Select(k => api.Outbox.GetAlertAsync(user.DesignatedBody, k, ct)))).OfType<AlertRecord>().ToList();
        var retried = new List<string>();
        foreach (var alert in candidates.Where(a => a.State == AlertState.DeadLettered))
        {
            // Conditional on the ETag read: a dead letter retried by someone else meanwhile is not queued twice.
            if ((await api.Outbox.UpdateAlertDeliveryAsync(alert.Requeue(api.Time.GetUtcNow()), ct)).Saved)
            {
                retried.Add(alert.Key);
            }
        }

        var notRetried = keys.Distinct(StringComparer.Ordinal).Except(retried, StringComparer.Ordinal).ToList();
        await api.Audit.AppendAuditAsync(user.DesignatedBody, [AuditEvent.Create(user.DesignatedBody, null, user.AsActor(Roles.Admin),
            "alerts.dead-letters-retried", $"{retried.Count} undelivered alert email(s) queued to send again", api.Time.GetUtcNow(),
            new { retried, notRetried })], CancellationToken.None);
        return TypedResults.Ok(new RetryDeadLettersResponse(retried, notRetried));
    }
}
