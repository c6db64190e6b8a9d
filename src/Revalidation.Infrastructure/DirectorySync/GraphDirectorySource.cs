using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Infrastructure.DirectorySync;

/// <summary>
/// Microsoft Entra ID through Microsoft Graph (docs/architecture.md#directory-sync). A round reads, for each doctors group,
/// <c>groups/delta?$filter=id eq '…'&amp;$select=members</c>, then <c>users/delta</c> with <c>$select</c> of the mapped
/// attributes (always <c>accountEnabled</c>), following <c>@odata.nextLink</c> by hand to the <c>@odata.deltaLink</c>
/// (stored links are replayed verbatim with <c>WithUrl</c>). Each users page is one batch, so memory does not grow with
/// the tenant. The cursor (the deltaLinks and the doctors groups' members) is handed to the engine at the end of the
/// round, which saves it only after applying everything. The client keeps the SDK's default middleware: 429/503/504
/// are retried honouring Retry-After. Messages of exceptions carry no personal data.
/// Requests are built by the SDK's request builders and sent through its request adapter (auth, middleware, OData
/// errors as <see cref="ODataError"/>); the pages are read as JSON here rather than into the SDK's <c>User</c> model,
/// which costs about three times the download for a large tenant (ADR 0009). Attributes are read by their
/// Graph names, so directory extensions and on-premises extension attributes need no model.
/// </summary>
public sealed class GraphDirectorySource : IDirectorySource
{
    /// <summary>How many newly added group members, not in the users delta, are read one by one per batch.</summary>
    private const int MemberFetchBatch = 100;

    private static readonly JsonSerializerOptions CursorJson = new(JsonSerializerDefaults.Web);

    /// <summary>Every 4xx/5xx answer is read as Graph's error body.</summary>
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new(StringComparer.Ordinal)
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    private readonly GraphDirectorySourceOptions options;
    private readonly GraphServiceClient client;
    private readonly string[] select;
    private readonly Dictionary<string, string> bodyMap;
    private readonly HashSet<string>? ruleValues;

    public GraphDirectorySource(DirectorySourceInfo info, GraphDirectorySourceOptions options, GraphServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);
        Info = info;
        this.options = options;
        this.client = client;
        select = ["id", "accountEnabled", "givenName", "surname", "displayName", "mail",
            .. options.Attributes().Select(a => a.Value).OfType<string>().Select(TopLevel)];
        select = [.. select.Distinct(StringComparer.OrdinalIgnoreCase)];
        bodyMap = options.DesignatedBodyMap.ToDictionary(m => m.Value.Trim(), m => m.Code, StringComparer.OrdinalIgnoreCase);
        ruleValues = options.DoctorRule is { } rule ? rule.Values.Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase) : null;
    }

    public DirectorySourceInfo Info { get; }

    /// <summary>The <c>$select</c> of the users delta.</summary>
    public IReadOnlyList<string> Select => select;

    public async IAsyncEnumerable<DirectoryBatch> ReadRoundAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var before = ReadCursor(cursor);
        var full = cursor is null;
        var after = new GraphCursor();

        // 1. Group membership first: who the doctors are.
        var groups = options.DoctorGroupIds.Select(g => g.ToLowerInvariant()).ToList();
        foreach (var group in groups)
        {
            var members = full || !before.Members.TryGetValue(group, out var known) ? [] : new HashSet<string>(known, StringComparer.Ordinal);
            var link = full ? null : before.Groups.GetValueOrDefault(group);
            after.Groups[group] = await ReadGroupAsync(group, link, members, cancellationToken);
            after.Members[group] = members;
        }

        var wasMember = groups.Count == 0 ? null : before.Members.Values.SelectMany(m => m).ToHashSet(StringComparer.Ordinal);
        var isMember = groups.Count == 0 ? null : after.Members.Values.SelectMany(m => m).ToHashSet(StringComparer.Ordinal);
        var joined = new HashSet<string>(StringComparer.Ordinal);
        if (!full && wasMember is not null && isMember is not null)
        {
            var leftGroups = wasMember.Where(id => !isMember.Contains(id)).Select(id => (DirectoryChange)new DirectoryRemoval(id, RemovalReason.OutOfScope, $"user {id}")).ToList();
            if (leftGroups.Count > 0)
            {
                yield return new DirectoryBatch(leftGroups);
            }

            joined.UnionWith(isMember.Where(id => !wasMember.Contains(id)));
        }

        // 2. Users: attributes, account state, deletions; one batch per page.
        var next = full ? null : before.Users;
        var first = true;
        while (true)
        {
            var request = next is null
                ? client.Users.Delta.ToGetRequestInformation(r => r.QueryParameters.Select = select)
                : client.Users.Delta.WithUrl(next).ToGetRequestInformation();
            using var page = await SendAsync(request, replaying: !full || !first, cancellationToken)
                ?? throw new InvalidOperationException("Microsoft Graph returned an empty users delta page.");
            first = false;
            var root = page.RootElement;
            var changes = new List<DirectoryChange>();
            if (root.TryGetProperty("value", out var users) && users.ValueKind == JsonValueKind.Array)
            {
                foreach (var user in users.EnumerateArray())
                {
                    if (ToChange(user, isMember) is { } change)
                    {
                        changes.Add(change);
                    }

                    if (String(user, "id") is { } id)
                    {
                        joined.Remove(id);
                    }
                }
            }

            if (String(root, "@odata.nextLink") is { Length: > 0 } nextLink)
            {
                yield return new DirectoryBatch(changes);
                next = nextLink;
                continue;
            }

            after.Users = String(root, "@odata.deltaLink") ?? throw new InvalidOperationException("Microsoft Graph ended a users delta round without a deltaLink.");
            yield return new DirectoryBatch(changes);
            break;
        }

        // 3. Members who joined a doctors group but whose user object did not change: read them one by one.
        foreach (var chunk in joined.Order(StringComparer.Ordinal).Chunk(MemberFetchBatch))
        {
            var changes = new List<DirectoryChange>(chunk.Length);
            foreach (var id in chunk)
            {
                using var user = await GetUserAsync(id, cancellationToken);
                if (user is not null && ToChange(user.RootElement, isMember) is { } change)
                {
                    changes.Add(change);
                }
            }

            yield return new DirectoryBatch(changes);
        }

        yield return new DirectoryBatch([], new DirectoryRoundEnd(JsonSerializer.Serialize(after, CursorJson), FullSet: full));
    }

    /// <summary>The change a user object means: an upsert of a doctor, a removal, or nothing (not a doctor, never was).</summary>
    internal DirectoryChange? ToChange(JsonElement user, IReadOnlySet<string>? members)
    {
        if (String(user, "id") is not { Length: > 0 } id || string.IsNullOrWhiteSpace(id))
        {
            return new DirectoryRejection(null, DataQualityIssueKind.Unreadable, "Microsoft Graph returned a user without an id; it was skipped.", "users delta");
        }

        var origin = $"user {id}";
        if (user.TryGetProperty("@removed", out var removed))
        {
            var reason = removed.ValueKind == JsonValueKind.Object ? String(removed, "reason") : null;
            return new DirectoryRemoval(id, reason == "deleted" ? RemovalReason.Deleted : RemovalReason.SoftDeleted, origin);
        }

        var member = members is null || members.Contains(id);
        var matches = ruleValues is null || (Read(user, options.DoctorRule!.Attribute) is { } value && ruleValues.Contains(value));
        if (member && matches)
        {
            return new DirectoryUpsert(ToEntry(user, id, origin));
        }

        // A member who no longer matches the rule, or (no groups) anyone who does not: the engine ignores people it never linked.
        return member ? new DirectoryRemoval(id, RemovalReason.OutOfScope, origin) : null;
    }

    private DirectoryEntry ToEntry(JsonElement user, string id, string origin)
    {
        var given = Read(user, "givenName");
        var family = Read(user, "surname");
        if ((given is null || family is null) && Read(user, "displayName") is { } display)
        {
            var parts = display.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            given ??= parts[0];
            family ??= parts.Length > 1 ? parts[1] : null;
        }

        DateOnly? rsd = null;
        if (options.RsdAttribute is { } rsdAttribute && Read(user, rsdAttribute) is { } rsdText)
        {
            rsd = DateOnly.TryParseExact(rsdText[..Math.Min(rsdText.Length, 10)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        }

        return new DirectoryEntry(
            id,
            id,
            Read(user, options.GmcNumberAttribute),
            given,
            family,
            Read(user, "mail"),
            options.DepartmentAttribute is { } dept ? Read(user, dept) : null,
            options.SpecialtyAttribute is { } spec ? Read(user, spec) : null,
            BodyOf(user),
            !(user.TryGetProperty("accountEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.False),
            rsd,
            origin);
    }

    private string? BodyOf(JsonElement user)
    {
        if (string.IsNullOrWhiteSpace(options.DesignatedBodyAttribute))
        {
            return options.DefaultDesignatedBody ?? Info.DesignatedBody.Value;
        }

        return Read(user, options.DesignatedBodyAttribute) is { } value && bodyMap.TryGetValue(value, out var code)
            ? code
            : options.DefaultDesignatedBody;
    }

    /// <summary>Reads one group's membership changes into <paramref name="members"/>; returns the group's new deltaLink.</summary>
    private async Task<string> ReadGroupAsync(string group, string? link, HashSet<string> members, CancellationToken cancellationToken)
    {
        var next = link;
        var replaying = link is not null;
        while (true)
        {
            var request = next is null
                ? client.Groups.Delta.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Filter = $"id eq '{group}'";
                    r.QueryParameters.Select = ["members"];
                })
                : client.Groups.Delta.WithUrl(next).ToGetRequestInformation();
            using var page = await SendAsync(request, replaying, cancellationToken)
                ?? throw new InvalidOperationException("Microsoft Graph returned an empty groups delta page.");
            replaying = true;
            var root = page.RootElement;
            foreach (var g in root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default)
            {
                if (!string.Equals(String(g, "id"), group, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (g.TryGetProperty("@removed", out _))
                {
                    members.Clear(); // the group itself was deleted: nobody is a doctor through it
                    continue;
                }

                if (!g.TryGetProperty("members@delta", out var delta) || delta.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var member in delta.EnumerateArray())
                {
                    // Nested groups and devices are not doctors; transitive membership is not followed.
                    if (String(member, "id") is not { } memberId || String(member, "@odata.type") is { } type && !type.EndsWith(".user", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (member.TryGetProperty("@removed", out _))
                    {
                        members.Remove(memberId);
                    }
                    else
                    {
                        members.Add(memberId);
                    }
                }
            }

            if (String(root, "@odata.nextLink") is { Length: > 0 } nextLink)
            {
                next = nextLink;
                continue;
            }

            return String(root, "@odata.deltaLink") ?? throw new InvalidOperationException("Microsoft Graph ended a groups delta round without a deltaLink.");
        }
    }

    private async Task<JsonDocument?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(client.Users[id].ToGetRequestInformation(r => r.QueryParameters.Select = select), replaying: false, cancellationToken);
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return null; // deleted since it joined the group: the users delta says so
        }
    }

    /// <summary>
    /// Sends a request built by the SDK through its request adapter (authentication, retry honouring Retry-After,
    /// redirects, compression) and reads the page as JSON. Error responses become <see cref="ODataError"/>; an expired
    /// or unknown delta token becomes <see cref="DirectoryCursorExpiredException"/>; anything else fails the round.
    /// </summary>
    private async Task<JsonDocument?> SendAsync(RequestInformation request, bool replaying, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, cancellationToken);
            return stream is null ? null : await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
        catch (ApiException e) when (replaying && IsExpired(e))
        {
            throw new DirectoryCursorExpiredException(
                string.Create(CultureInfo.InvariantCulture, $"Microsoft Graph no longer accepts the stored delta link ({e.ResponseStatusCode}{(e is ODataError o && o.Error?.Code is { } c ? " " + c : string.Empty)})."), e);
        }
    }

    private static bool IsExpired(ApiException e) =>
        e.ResponseStatusCode == 410
        || (e.ResponseStatusCode == 400 && e is ODataError { Error.Code: "syncStateNotFound" or "syncStateInvalid" or "resyncRequired" or "badRequest_ExpiredSyncState" });

    private static string TopLevel(string attribute) => attribute.Split('.', 2)[0];

    /// <summary>
    /// A user attribute by its Graph name (case-insensitive): a property such as <c>employeeId</c> or a directory
    /// extension <c>extension_{appId}_{name}</c>, or a nested one such as <c>onPremisesExtensionAttributes.extensionAttribute7</c>.
    /// </summary>
    internal static string? Read(JsonElement user, string attribute)
    {
        var current = user;
        foreach (var name in attribute.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || Property(current, name) is not { } next)
            {
                return null;
            }

            current = next;
        }

        var text = current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static GraphCursor ReadCursor(string? cursor)
    {
        if (cursor is null)
        {
            return new GraphCursor();
        }

        try
        {
            return JsonSerializer.Deserialize<GraphCursor>(cursor, CursorJson) ?? throw new DirectoryCursorExpiredException("The stored Graph cursor is empty.");
        }
        catch (JsonException e)
        {
            throw new DirectoryCursorExpiredException("The stored Graph cursor cannot be read.", e);
        }
    }

    /// <summary>The resume state of a Graph source: its deltaLinks, and the doctors groups' members (needed to tell doctors apart in the users delta).</summary>
    private sealed class GraphCursor
    {
        public string? Users { get; set; }

        public Dictionary<string, string> Groups { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, HashSet<string>> Members { get; set; } = new(StringComparer.Ordinal);
    }
}
