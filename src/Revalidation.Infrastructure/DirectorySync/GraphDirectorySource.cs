using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;

namespace Revalidation.Infrastructure.DirectorySync;

/// <summary>
/// Microsoft Entra ID through Microsoft Graph (DESIGN.md §7). A round reads, for each doctors group,
/// <c>groups/delta?$filter=id eq '…'&amp;$select=members</c>, then <c>users/delta</c> with <c>$select</c> of the mapped
/// attributes (always <c>accountEnabled</c>), following <c>@odata.nextLink</c> by hand to the <c>@odata.deltaLink</c>
/// (stored links are replayed verbatim with <c>WithUrl</c>). Each users page is one batch, so memory does not grow with
/// the tenant. The cursor (the deltaLinks and the doctors groups' members) is handed to the engine at the end of the
/// round, which saves it only after applying everything. The client keeps the SDK's default middleware: 429/503/504
/// are retried honouring Retry-After. Messages of exceptions carry no personal data.
/// </summary>
public sealed class GraphDirectorySource : IDirectorySource
{
    /// <summary>How many newly added group members, not in the users delta, are read one by one per batch.</summary>
    private const int MemberFetchBatch = 100;

    private static readonly JsonSerializerOptions CursorJson = new(JsonSerializerDefaults.Web);

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
            var page = await Call(
                () => next is null
                    ? client.Users.Delta.GetAsDeltaGetResponseAsync(r => r.QueryParameters.Select = select, cancellationToken)
                    : client.Users.Delta.WithUrl(next).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken),
                replaying: !full || !first) ?? throw new InvalidOperationException("Microsoft Graph returned an empty users delta page.");
            first = false;
            var changes = new List<DirectoryChange>(page.Value?.Count ?? 0);
            foreach (var user in page.Value ?? [])
            {
                if (ToChange(user, isMember) is { } change)
                {
                    changes.Add(change);
                }

                if (user.Id is { } id)
                {
                    joined.Remove(id);
                }
            }

            if (page.OdataNextLink is { Length: > 0 } nextLink)
            {
                yield return new DirectoryBatch(changes);
                next = nextLink;
                continue;
            }

            after.Users = page.OdataDeltaLink ?? throw new InvalidOperationException("Microsoft Graph ended a users delta round without a deltaLink.");
            yield return new DirectoryBatch(changes);
            break;
        }

        // 3. Members who joined a doctors group but whose user object did not change: read them one by one.
        foreach (var chunk in joined.Order(StringComparer.Ordinal).Chunk(MemberFetchBatch))
        {
            var changes = new List<DirectoryChange>(chunk.Length);
            foreach (var id in chunk)
            {
                var user = await GetUserAsync(id, cancellationToken);
                if (user is not null && ToChange(user, isMember) is { } change)
                {
                    changes.Add(change);
                }
            }

            yield return new DirectoryBatch(changes);
        }

        yield return new DirectoryBatch([], new DirectoryRoundEnd(JsonSerializer.Serialize(after, CursorJson), FullSet: full));
    }

    /// <summary>The change a user object means: an upsert of a doctor, a removal, or nothing (not a doctor, never was).</summary>
    internal DirectoryChange? ToChange(User user, IReadOnlySet<string>? members)
    {
        if (string.IsNullOrWhiteSpace(user.Id))
        {
            return new DirectoryRejection(null, DataQualityIssueKind.Unreadable, "Microsoft Graph returned a user without an id; it was skipped.", "users delta");
        }

        var origin = $"user {user.Id}";
        if (RemovedReason(user.AdditionalData) is { } reason)
        {
            return new DirectoryRemoval(user.Id, reason == "deleted" ? RemovalReason.Deleted : RemovalReason.SoftDeleted, origin);
        }

        var member = members is null || members.Contains(user.Id);
        var matches = ruleValues is null || (Read(user, options.DoctorRule!.Attribute) is { } value && ruleValues.Contains(value.Trim()));
        if (member && matches)
        {
            return new DirectoryUpsert(ToEntry(user, origin));
        }

        // A member who no longer matches the rule, or (no groups) anyone who does not: the engine ignores people it never linked.
        return member ? new DirectoryRemoval(user.Id, RemovalReason.OutOfScope, origin) : null;
    }

    internal DirectoryEntry ToEntry(User user, string origin)
    {
        var given = Clean(user.GivenName);
        var family = Clean(user.Surname);
        if ((given is null || family is null) && Clean(user.DisplayName) is { } display)
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
            user.Id!,
            user.Id,
            Read(user, options.GmcNumberAttribute),
            given,
            family,
            Clean(user.Mail),
            options.DepartmentAttribute is { } dept ? Read(user, dept) : null,
            options.SpecialtyAttribute is { } spec ? Read(user, spec) : null,
            BodyOf(user),
            user.AccountEnabled ?? true,
            rsd,
            origin);
    }

    private string? BodyOf(User user)
    {
        if (string.IsNullOrWhiteSpace(options.DesignatedBodyAttribute))
        {
            return options.DefaultDesignatedBody ?? Info.DesignatedBody.Value;
        }

        return Read(user, options.DesignatedBodyAttribute) is { } value && bodyMap.TryGetValue(value.Trim(), out var code)
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
            var page = await Call(
                () => next is null
                    ? client.Groups.Delta.GetAsDeltaGetResponseAsync(r =>
                    {
                        r.QueryParameters.Filter = $"id eq '{group}'";
                        r.QueryParameters.Select = ["members"];
                    }, cancellationToken)
                    : client.Groups.Delta.WithUrl(next).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken),
                replaying) ?? throw new InvalidOperationException("Microsoft Graph returned an empty groups delta page.");
            replaying = true;
            foreach (var g in page.Value ?? [])
            {
                if (!string.Equals(g.Id, group, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (RemovedReason(g.AdditionalData) is not null)
                {
                    members.Clear(); // the group itself was deleted: nobody is a doctor through it
                    continue;
                }

                foreach (var (memberId, removed, isUser) in MembersDelta(g.AdditionalData))
                {
                    if (!isUser)
                    {
                        continue; // nested groups and devices are not doctors; transitive membership is not followed
                    }

                    if (removed)
                    {
                        members.Remove(memberId);
                    }
                    else
                    {
                        members.Add(memberId);
                    }
                }
            }

            if (page.OdataNextLink is { Length: > 0 } nextLink)
            {
                next = nextLink;
                continue;
            }

            return page.OdataDeltaLink ?? throw new InvalidOperationException("Microsoft Graph ended a groups delta round without a deltaLink.");
        }
    }

    private async Task<User?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Users[id].GetAsync(r => r.QueryParameters.Select = select, cancellationToken);
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return null; // deleted since it joined the group: the users delta says so
        }
    }

    /// <summary>Makes an expired or unknown delta token a <see cref="DirectoryCursorExpiredException"/>; everything else fails the round.</summary>
    private static async Task<T?> Call<T>(Func<Task<T?>> request, bool replaying)
    {
        try
        {
            return await request();
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

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A user attribute by name: a known property, an on-premises extension attribute, or a directory extension from AdditionalData.</summary>
    internal static string? Read(User user, string attribute)
    {
        var value = attribute.ToLowerInvariant() switch
        {
            "employeeid" => user.EmployeeId,
            "employeetype" => user.EmployeeType,
            "jobtitle" => user.JobTitle,
            "department" => user.Department,
            "companyname" => user.CompanyName,
            "officelocation" => user.OfficeLocation,
            "givenname" => user.GivenName,
            "surname" => user.Surname,
            "displayname" => user.DisplayName,
            "mail" => user.Mail,
            "userprincipalname" => user.UserPrincipalName,
            "city" => user.City,
            "state" => user.State,
            "country" => user.Country,
            var a when a.StartsWith("onpremisesextensionattributes.extensionattribute", StringComparison.Ordinal) => Extension(user.OnPremisesExtensionAttributes, a),
            _ => user.AdditionalData is { } data && data.TryGetValue(attribute, out var extra) ? Text(extra) : null,
        };
        return Clean(value);
    }

    private static string? Extension(OnPremisesExtensionAttributes? e, string attribute) => e is null ? null : attribute[^2..].TrimStart('e') switch
    {
        "1" => e.ExtensionAttribute1,
        "2" => e.ExtensionAttribute2,
        "3" => e.ExtensionAttribute3,
        "4" => e.ExtensionAttribute4,
        "5" => e.ExtensionAttribute5,
        "6" => e.ExtensionAttribute6,
        "7" => e.ExtensionAttribute7,
        "8" => e.ExtensionAttribute8,
        "9" => e.ExtensionAttribute9,
        "10" => e.ExtensionAttribute10,
        "11" => e.ExtensionAttribute11,
        "12" => e.ExtensionAttribute12,
        "13" => e.ExtensionAttribute13,
        "14" => e.ExtensionAttribute14,
        "15" => e.ExtensionAttribute15,
        _ => null,
    };

    /// <summary>The reason of an <c>@removed</c> annotation ("changed" or "deleted"), or null when there is none.</summary>
    internal static string? RemovedReason(IDictionary<string, object>? data)
    {
        if (data is null || !data.TryGetValue("@removed", out var removed))
        {
            return null;
        }

        return Property(removed, "reason") ?? "changed";
    }

    /// <summary>The entries of <c>members@delta</c>: member id, whether it was removed, whether it is a user.</summary>
    internal static IEnumerable<(string Id, bool Removed, bool IsUser)> MembersDelta(IDictionary<string, object>? data)
    {
        if (data is null || !data.TryGetValue("members@delta", out var value))
        {
            yield break;
        }

        foreach (var item in Items(value))
        {
            if (Property(item, "id") is not { } id)
            {
                continue;
            }

            var type = Property(item, "@odata.type");
            var removed = HasProperty(item, "@removed");
            yield return (id, removed, type is null || type.EndsWith(".user", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static IEnumerable<object> Items(object value) => value switch
    {
        UntypedArray a => a.GetValue(),
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => (object)x),
        IEnumerable<object> list => list,
        _ => [],
    };

    private static bool HasProperty(object item, string name) => item switch
    {
        UntypedObject o => o.GetValue().ContainsKey(name),
        JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(name, out _),
        IDictionary<string, object> d => d.ContainsKey(name),
        _ => false,
    };

    private static string? Property(object item, string name) => item switch
    {
        UntypedObject o => o.GetValue().TryGetValue(name, out var v) ? Text(v) : null,
        JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(name, out var v) ? Text(v) : null,
        IDictionary<string, object> d => d.TryGetValue(name, out var v) ? Text(v) : null,
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        UntypedString s => s.GetValue(),
        UntypedNull => null,
        UntypedBoolean b => b.GetValue() ? "true" : "false",
        UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDouble d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDecimal d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

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
