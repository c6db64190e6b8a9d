using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Revalidation.Server.Http;

/// <summary>
/// "ForwardedHeaders" configuration: the reverse proxies (App Service's or Container Apps' front end, a trust's gateway)
/// whose X-Forwarded-For and X-Forwarded-Proto the Server believes (README "Security").
/// </summary>
public sealed class ProxyHeaderOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The proxies' own addresses, e.g. <c>10.0.0.4</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>The proxies' networks in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind a proxy, the rate limits and the audit need the caller's address, not the proxy's; but a header anyone can
/// send must never be believed from anyone: a forged <c>X-Forwarded-For: 127.0.0.1</c> would otherwise pass the demo
/// sign-in's loopback check. So the headers are read only when proxies are configured, only from those proxies, and
/// only their last hop (one proxy). With none configured, the Server reads no forwarded header at all.
/// </summary>
public static class ProxyHeaders
{
    /// <summary>The middleware's options for this configuration, or null when no proxy is configured (or a value is not an address).</summary>
    public static ForwardedHeadersOptions? OptionsFrom(IConfiguration configuration)
    {
        var configured = configuration.GetSection(ProxyHeaderOptions.Section).Get<ProxyHeaderOptions>() ?? new ProxyHeaderOptions();
        if (configured.KnownProxies.Length == 0 && configured.KnownNetworks.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in configured.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{ProxyHeaderOptions.Section}:KnownProxies: '{proxy}' is not an IP address."));
        }

        foreach (var network in configured.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{ProxyHeaderOptions.Section}:KnownNetworks: '{network}' is not a network in CIDR form."));
        }

        return options;
    }

    /// <summary>First in the pipeline, so that everything after sees the caller's address.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (OptionsFrom(app.Configuration) is { } options)
        {
            app.UseForwardedHeaders(options);
        }

        return app;
    }
}
