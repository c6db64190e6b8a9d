namespace Revalidation.Directory.Tests.FakeGraph;

/// <summary>A directory user as the fake Graph server holds it. Null properties are sent as null.</summary>
public sealed record FakeUser(
    string Id,
    string? GivenName,
    string? Surname,
    string? EmployeeId,
    bool AccountEnabled = true,
    string? Mail = null,
    string? Department = null,
    string? JobTitle = null,
    string? CompanyName = null,
    string? EmployeeType = null,
    string? DisplayName = null,
    IReadOnlyDictionary<int, string>? ExtensionAttributes = null);

/// <summary>A change-notification subscription as the fake Graph server holds it (with the clientState it was given).</summary>
public sealed record FakeSubscription(
    string Id,
    string Resource,
    string ChangeType,
    string NotificationUrl,
    string? LifecycleNotificationUrl,
    string? ClientState,
    DateTimeOffset ExpirationDateTime);

/// <summary>
/// The state of a fake tenant with Graph's delta semantics: every change gets a sequence number; a delta token is the
/// sequence number at the end of a round; a round from a token returns the latest state of everything changed since
/// (removed users with <c>@removed</c>). Group membership has its own change log per group.
/// </summary>
public sealed class FakeTenant
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (FakeUser User, long Seq, string? Removed)> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, (bool Member, long Seq)>> groups = new(StringComparer.OrdinalIgnoreCase);
    private long seq;

    public long Sequence
    {
        get
        {
            lock (gate)
            {
                return seq;
            }
        }
    }

    public int UserCount
    {
        get
        {
            lock (gate)
            {
                return users.Count(u => u.Value.Removed is null);
            }
        }
    }

    public FakeUser? this[string id]
    {
        get
        {
            lock (gate)
            {
                return users.TryGetValue(id, out var u) && u.Removed is null ? u.User : null;
            }
        }
    }

    /// <summary>Creates or replaces a user (a change in the next delta).</summary>
    public void Put(FakeUser user)
    {
        lock (gate)
        {
            users[user.Id] = (user, ++seq, null);
        }
    }

    public void PutMany(IEnumerable<FakeUser> many)
    {
        lock (gate)
        {
            foreach (var user in many)
            {
                users[user.Id] = (user, ++seq, null);
            }
        }
    }

    public void Update(string id, Func<FakeUser, FakeUser> change)
    {
        lock (gate)
        {
            users[id] = (change(users[id].User), ++seq, null);
        }
    }

    /// <summary>Deletes a user: the next delta carries <c>@removed</c> with the reason ("changed" = soft delete, "deleted").</summary>
    public void Delete(string id, string reason = "deleted")
    {
        lock (gate)
        {
            users[id] = (users[id].User, ++seq, reason);
        }
    }

    /// <summary>Removes a user without a trace in any delta (what a client that lost its token cannot learn but from a full set).</summary>
    public void Purge(string id)
    {
        lock (gate)
        {
            users.Remove(id);
        }
    }

    public void AddMember(string group, string userId) => SetMember(group, userId, true);

    public void RemoveMember(string group, string userId) => SetMember(group, userId, false);

    public void AddMembers(string group, IEnumerable<string> userIds)
    {
        lock (gate)
        {
            var members = Group(group);
            foreach (var id in userIds)
            {
                members[id] = (true, ++seq);
            }
        }
    }

    /// <summary>The current users (none removed), or those changed after <paramref name="since"/> with their removal reason.</summary>
    internal (List<(FakeUser User, string? Removed)> Items, long Token) UsersRound(long? since)
    {
        lock (gate)
        {
            var items = since is { } s
                ? users.Values.Where(u => u.Seq > s).OrderBy(u => u.Seq).Select(u => (u.User, u.Removed)).ToList()
                : users.Values.Where(u => u.Removed is null).OrderBy(u => u.Seq).Select(u => (u.User, (string?)null)).ToList();
            return (items, seq);
        }
    }

    /// <summary>A group's current members, or its membership changes after <paramref name="since"/>.</summary>
    internal (List<(string UserId, bool Removed)> Items, long Token) GroupRound(string group, long? since)
    {
        lock (gate)
        {
            var members = Group(group);
            var items = since is { } s
                ? members.Where(m => m.Value.Seq > s).OrderBy(m => m.Value.Seq).Select(m => (m.Key, !m.Value.Member)).ToList()
                : members.Where(m => m.Value.Member).OrderBy(m => m.Value.Seq).Select(m => (m.Key, false)).ToList();
            return (items, seq);
        }
    }

    private void SetMember(string group, string userId, bool member)
    {
        lock (gate)
        {
            Group(group)[userId] = (member, ++seq);
        }
    }

    private Dictionary<string, (bool Member, long Seq)> Group(string group)
    {
        if (!groups.TryGetValue(group, out var members))
        {
            members = new(StringComparer.Ordinal);
            groups[group] = members;
        }

        return members;
    }
}
