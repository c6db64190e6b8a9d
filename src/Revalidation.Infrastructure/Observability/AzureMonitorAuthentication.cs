using Azure.Core;
using Azure.Identity;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// The Application Insights resource takes Microsoft Entra ID authentication only (infra/modules/monitoring.bicep sets
/// <c>DisableLocalAuth</c>), so the exporter needs a credential. The hosts are given the managed identity in
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=…;Authorization=AAD</c>), the form the Functions host
/// reads; the same setting is read here for the OpenTelemetry exporter.
/// </summary>
public static class AzureMonitorAuthentication
{
    public const string Setting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The managed identity the setting names (or the system-assigned one for <c>Authorization=AAD</c> alone); null without it.</summary>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
