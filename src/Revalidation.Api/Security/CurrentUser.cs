using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Api.Security;

/// <summary>The caller, from the validated token: who, in which designated body, with which roles.</summary>
public sealed record CurrentUser(string UserId, string Name, IReadOnlySet<string> Roles, DesignatedBodyCode DesignatedBody)
{
    public const string ObjectIdClaim = "oid";
    public const string NameClaim = "name";
    public const string RoleClaim = "roles";

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>The first of <paramref name="candidates"/> (most senior first) the user holds: the role they act in.</summary>
    public string ActingRole(params string[] candidates) => candidates.FirstOrDefault(IsIn) ?? candidates[0];

    /// <summary>Minimal-API binding: every endpoint's policy already requires a valid user, so this is never null there.</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(From(context.User, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value));

    /// <summary>The role recorded in audit events: the most senior role the user acted in.</summary>
    public Actor AsActor(string actingRole) => new(UserId, actingRole);

    public static CurrentUser? From(ClaimsPrincipal principal, AuthOptions options)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var userId = principal.FindFirstValue(ObjectIdClaim) ?? principal.FindFirstValue("sub");
        var bodyText = principal.FindFirstValue(options.DesignatedBodyClaim) ?? options.DefaultDesignatedBody;
        if (string.IsNullOrEmpty(userId) || !DesignatedBodyCode.Create(bodyText).IsSuccess)
        {
            return null;
        }

        var roles = principal.FindAll(RoleClaim).Select(c => c.Value).Where(r => Security.Roles.All.Contains(r)).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(userId, principal.FindFirstValue(NameClaim) ?? userId, roles, DesignatedBodyCode.Parse(bodyText!));
    }
}
