using Microsoft.AspNetCore.Components;
using Revalidation.Web.Services;

namespace Revalidation.Web.Shared;

/// <summary>
/// Where to go after signing in (issue 15, item 1): the page the user asked for, carried as <c>returnUrl</c>. Only a
/// path of this app is followed (never another site: "//host" or an absolute URL elsewhere is dropped).
/// </summary>
public static class ReturnTo
{
    /// <summary>The sign-in page for this mode, carrying the current page to come back to.</summary>
    public static string SignInHref(SignInMode mode, NavigationManager nav)
    {
        ArgumentNullException.ThrowIfNull(nav);
        var here = "/" + nav.ToBaseRelativePath(nav.Uri);
        return mode == SignInMode.Oidc ? OidcLogin(nav, here) : $"?returnUrl={Uri.EscapeDataString(here)}";
    }

    /// <summary>The Entra ID sign-in, coming back to <paramref name="path"/> (the authentication library wants an absolute return URL).</summary>
    public static string OidcLogin(NavigationManager nav, string path)
    {
        ArgumentNullException.ThrowIfNull(nav);
        return $"authentication/login?returnUrl={Uri.EscapeDataString(nav.ToAbsoluteUri(path).ToString())}";
    }

    /// <summary>The return path if it is one of this app's pages (not the sign-in page itself), else null.</summary>
    public static string? Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.Contains('\\', StringComparison.Ordinal) || returnUrl == "/" || returnUrl.StartsWith("/?", StringComparison.Ordinal)
            || returnUrl.StartsWith("/authentication", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return returnUrl.TrimStart('/');
    }
}
