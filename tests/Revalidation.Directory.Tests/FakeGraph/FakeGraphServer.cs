using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Revalidation.Directory.Tests.FakeGraph;

/// <summary>A scripted failure: the matching requests after the first <see cref="Skip"/> answer <see cref="Status"/>, <see cref="Times"/> times.</summary>
public sealed class Fault(Func<string, bool> matches, int status, int times, int skip, TimeSpan? retryAfter, string? code)
{
    private int skip = skip;
    private int times = times;

    public Func<string, bool> Matches { get; } = matches;

    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public string Code { get; } = code ?? (status == 429 ? "TooManyRequests" : "generalException");

    public int Skip => skip;

    public int Times => times;

    /// <summary>Whether this request is to fail (and counts it).</summary>
    public bool Take(string request)
    {
        lock (this)
        {
            if (times <= 0 || !Matches(request))
            {
                return false;
            }

            if (skip > 0)
            {
                skip--;
                return false;
            }

            times--;
            return true;
        }
    }
}

/// <summary>
/// A small Kestrel app on 127.0.0.1 (ephemeral port) speaking Microsoft Graph's JSON for what directory sync uses:
/// <c>users/delta</c> (pages of <see cref="PageSize"/>, absolute <c>@odata.nextLink</c>/<c>@odata.deltaLink</c>,
/// <c>@removed</c>), <c>groups/delta?$filter=id eq '…'&amp;$select=members</c> (<c>members@delta</c>) and
/// <c>users/{id}</c>; Graph error bodies, Retry-After, scripted faults and expired tokens (410, or 400
/// <c>syncStateNotFound</c>). The real <see cref="GraphServiceClient"/> talks to it.
/// </summary>
public sealed class FakeGraphServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (List<(FakeUser User, string? Removed)> Items, long Token)> userRounds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Group, List<(string UserId, bool Removed)> Items, long Token)> groupRounds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> oddities = new();
    private int generation;
    private int expiredStatus = 410;

    private FakeGraphServer(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    public FakeTenant Tenant { get; } = new();

    public int PageSize { get; set; } = 999;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request's path and query, in order, as received.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    public static async Task<FakeGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeGraphServer(builder.Build());
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = $"{address.TrimEnd('/')}/v1.0";
        return server;
    }

    /// <summary>The real Graph client with the SDK's default middleware (retry, redirect, compression), anonymous, pointed here.</summary>
    public GraphServiceClient CreateClient() =>
        new(GraphClientFactory.Create(), new AnonymousAuthenticationProvider(), BaseUrl);

    /// <summary>The next <paramref name="times"/> requests whose path and query contain <paramref name="contains"/> (after skipping <paramref name="skip"/>) fail.</summary>
    public void Fail(string contains, int status, int times = 1, int skip = 0, TimeSpan? retryAfter = null, string? code = null) =>
        faults.Enqueue(new Fault(r => r.Contains(contains, StringComparison.Ordinal), status, times, skip, retryAfter, code));

    /// <summary>Every delta token issued so far is refused: 410 Gone, or 400 with <c>syncStateNotFound</c>.</summary>
    public void ExpireTokens(int status = 410)
    {
        Interlocked.Increment(ref generation);
        expiredStatus = status;
    }

    /// <summary>A raw JSON object sent in the next users delta page (e.g. a user without an id).</summary>
    public void SendOddUser(string json) => oddities.Enqueue(json);

    public void ClearRequests() => requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request.Path + context.Request.QueryString;
        requests.Enqueue(request);
        foreach (var fault in faults)
        {
            if (fault.Take(request))
            {
                if (fault.RetryAfter is { } after)
                {
                    context.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await ErrorAsync(context, fault.Status, fault.Code, "Scripted failure.");
                return;
            }
        }

        // The SDK calls the function form (delta()); Graph answers both.
        var path = (context.Request.Path.Value ?? string.Empty).Replace("/delta()", "/delta", StringComparison.Ordinal);
        var query = context.Request.Query;
        switch (path)
        {
            case "/v1.0/users/delta":
                await UsersDeltaAsync(context, query["$skiptoken"], query["$deltatoken"]);
                return;
            case "/v1.0/groups/delta":
                await GroupsDeltaAsync(context, query["$skiptoken"], query["$deltatoken"], query["$filter"]);
                return;
        }

        if (path.StartsWith("/v1.0/subscriptions", StringComparison.Ordinal))
        {
            await SubscriptionsAsync(context, path["/v1.0/subscriptions".Length..]);
            return;
        }

        if (path.StartsWith("/v1.0/users/", StringComparison.Ordinal))
        {
            var user = Tenant[Uri.UnescapeDataString(path["/v1.0/users/".Length..])];
            if (user is null)
            {
                await ErrorAsync(context, 404, "Request_ResourceNotFound", "Resource does not exist.");
                return;
            }

            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            WriteUser(writer, user, null);
            await writer.FlushAsync();
            return;
        }

        await ErrorAsync(context, 404, "BadRequest", $"Unknown path {path}.");
    }

    private async Task UsersDeltaAsync(HttpContext context, string? skipToken, string? deltaToken)
    {
        string roundId;
        int offset;
        if (!string.IsNullOrEmpty(skipToken))
        {
            var parts = skipToken.Split(':');
            roundId = parts[0];
            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (!userRounds.ContainsKey(roundId))
            {
                await ErrorAsync(context, 400, "badRequest", "Unknown skip token.");
                return;
            }
        }
        else
        {
            long? since = null;
            if (!string.IsNullOrEmpty(deltaToken))
            {
                if (!TryReadToken(deltaToken, out var token))
                {
                    await ExpiredAsync(context);
                    return;
                }

                since = token;
            }

            roundId = Guid.NewGuid().ToString("N");
            offset = 0;
            userRounds[roundId] = Tenant.UsersRound(since);
        }

        var (items, deltaTokenAtEnd) = userRounds[roundId];
        var end = Math.Min(offset + PageSize, items.Count);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("@odata.context", $"{BaseUrl}/$metadata#users(id,accountEnabled)");
        if (end < items.Count)
        {
            writer.WriteString("@odata.nextLink", $"{BaseUrl}/users/delta?$skiptoken={roundId}:{end}");
        }
        else
        {
            writer.WriteString("@odata.deltaLink", $"{BaseUrl}/users/delta?$deltatoken={Token(deltaTokenAtEnd)}");
            userRounds.TryRemove(roundId, out _);
        }

        writer.WriteStartArray("value");
        while (oddities.TryDequeue(out var odd))
        {
            writer.WriteRawValue(odd);
        }

        for (var i = offset; i < end; i++)
        {
            WriteUser(writer, items[i].User, items[i].Removed);
            if (i % 200 == 199)
            {
                await writer.FlushAsync();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    private async Task GroupsDeltaAsync(HttpContext context, string? skipToken, string? deltaToken, string? filter)
    {
        string roundId;
        int offset;
        if (!string.IsNullOrEmpty(skipToken))
        {
            var parts = skipToken.Split(':');
            roundId = parts[0];
            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        else
        {
            string group;
            long? since = null;
            if (!string.IsNullOrEmpty(deltaToken))
            {
                var parts = deltaToken.Split('.');
                group = parts[0];
                if (!TryReadToken(parts[1], out var token))
                {
                    await ExpiredAsync(context);
                    return;
                }

                since = token;
            }
            else
            {
                // $filter=id eq '{group}'
                group = filter?.Split('\'') is { Length: >= 2 } f ? f[1] : string.Empty;
            }

            roundId = Guid.NewGuid().ToString("N");
            offset = 0;
            var (items, token2) = Tenant.GroupRound(group, since);
            groupRounds[roundId] = (group, items, token2);
        }

        var (groupId, members, tokenAtEnd) = groupRounds[roundId];
        var end = Math.Min(offset + PageSize, members.Count);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("@odata.context", $"{BaseUrl}/$metadata#groups(members)");
        if (end < members.Count)
        {
            writer.WriteString("@odata.nextLink", $"{BaseUrl}/groups/delta?$skiptoken={roundId}:{end}");
        }
        else
        {
            writer.WriteString("@odata.deltaLink", $"{BaseUrl}/groups/delta?$deltatoken={groupId}.{Token(tokenAtEnd)}");
            groupRounds.TryRemove(roundId, out _);
        }

        writer.WriteStartArray("value");
        writer.WriteStartObject();
        writer.WriteString("id", groupId);
        writer.WriteStartArray("members@delta");
        for (var i = offset; i < end; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.type", "#microsoft.graph.user");
            writer.WriteString("id", members[i].UserId);
            if (members[i].Removed)
            {
                writer.WriteStartObject("@removed");
                writer.WriteString("reason", "deleted");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    /// <summary>A delta token: the generation of tokens (bumped by <see cref="ExpireTokens"/>) and the tenant's sequence number.</summary>
    private string Token(long seq) => string.Create(CultureInfo.InvariantCulture, $"{Volatile.Read(ref generation)}~{seq}");

    private bool TryReadToken(string token, out long seq)
    {
        var parts = token.Split('~');
        seq = long.Parse(parts[1], CultureInfo.InvariantCulture);
        return int.Parse(parts[0], CultureInfo.InvariantCulture) == Volatile.Read(ref generation);
    }

    private Task ExpiredAsync(HttpContext context) => expiredStatus == 410
        ? ErrorAsync(context, 410, "resyncRequired", "The delta token has expired; a full resync is required.")
        : ErrorAsync(context, 400, "syncStateNotFound", "The sync state cannot be found.");

    private static void WriteUser(Utf8JsonWriter writer, FakeUser user, string? removed)
    {
        writer.WriteStartObject();
        writer.WriteString("id", user.Id);
        if (removed is not null)
        {
            writer.WriteStartObject("@removed");
            writer.WriteString("reason", removed);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        writer.WriteBoolean("accountEnabled", user.AccountEnabled);
        writer.WriteString("givenName", user.GivenName);
        writer.WriteString("surname", user.Surname);
        writer.WriteString("displayName", user.DisplayName ?? $"{user.GivenName} {user.Surname}");
        writer.WriteString("mail", user.Mail);
        writer.WriteString("employeeId", user.EmployeeId);
        writer.WriteString("department", user.Department);
        writer.WriteString("jobTitle", user.JobTitle);
        writer.WriteString("companyName", user.CompanyName);
        writer.WriteString("employeeType", user.EmployeeType);
        if (user.ExtensionAttributes is { Count: > 0 } extensions)
        {
            writer.WriteStartObject("onPremisesExtensionAttributes");
            foreach (var (n, value) in extensions)
            {
                writer.WriteString($"extensionAttribute{n}", value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Change-notification subscriptions held by the fake (id → subscription), as Graph keeps them for the app.</summary>
    public ConcurrentDictionary<string, FakeSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids of subscriptions reauthorised through <c>POST /subscriptions/{id}/reauthorize</c>, in order.</summary>
    public ConcurrentQueue<string> Reauthorized { get; } = new();

    /// <summary>GET/POST <c>/subscriptions</c>, PATCH <c>/subscriptions/{id}</c> (expiration), POST <c>/subscriptions/{id}/reauthorize</c>.</summary>
    private async Task SubscriptionsAsync(HttpContext context, string rest)
    {
        var method = context.Request.Method;
        if (rest.Length == 0 && Microsoft.AspNetCore.Http.HttpMethods.IsGet(method))
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteStartArray("value");
            foreach (var subscription in Subscriptions.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                WriteSubscription(writer, subscription);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync();
            return;
        }

        if (rest.Length == 0 && Microsoft.AspNetCore.Http.HttpMethods.IsPost(method))
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            var created = new FakeSubscription(
                Guid.NewGuid().ToString(),
                root.GetProperty("resource").GetString()!,
                root.GetProperty("changeType").GetString()!,
                root.GetProperty("notificationUrl").GetString()!,
                root.TryGetProperty("lifecycleNotificationUrl", out var lifecycle) ? lifecycle.GetString() : null,
                root.TryGetProperty("clientState", out var state) ? state.GetString() : null,
                root.GetProperty("expirationDateTime").GetDateTimeOffset());
            Subscriptions[created.Id] = created;
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            WriteSubscription(writer, created);
            await writer.FlushAsync();
            return;
        }

        var parts = rest.TrimStart('/').Split('/');
        if (!Subscriptions.TryGetValue(parts[0], out var existing))
        {
            await ErrorAsync(context, 404, "ResourceNotFound", "The object was not found.");
            return;
        }

        if (parts.Length == 2 && parts[1] == "reauthorize" && Microsoft.AspNetCore.Http.HttpMethods.IsPost(method))
        {
            Reauthorized.Enqueue(existing.Id);
            context.Response.StatusCode = 204;
            return;
        }

        if (parts.Length == 1 && Microsoft.AspNetCore.Http.HttpMethods.IsPatch(method))
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var updated = existing with { ExpirationDateTime = body.RootElement.GetProperty("expirationDateTime").GetDateTimeOffset() };
            Subscriptions[existing.Id] = updated;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            WriteSubscription(writer, updated);
            await writer.FlushAsync();
            return;
        }

        await ErrorAsync(context, 405, "BadRequest", $"Unsupported {method} on subscriptions.");
    }

    private static void WriteSubscription(Utf8JsonWriter writer, FakeSubscription subscription)
    {
        writer.WriteStartObject();
        writer.WriteString("id", subscription.Id);
        writer.WriteString("resource", subscription.Resource);
        writer.WriteString("changeType", subscription.ChangeType);
        writer.WriteString("notificationUrl", subscription.NotificationUrl);
        writer.WriteString("lifecycleNotificationUrl", subscription.LifecycleNotificationUrl);
        writer.WriteNull("clientState"); // Graph never returns the secret
        writer.WriteString("expirationDateTime", subscription.ExpirationDateTime);
        writer.WriteEndObject();
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}
