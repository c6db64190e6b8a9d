using Azure.Core;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// Builds the one <see cref="CosmosClient"/> of a process from validated "Store:Cosmos" options: a managed identity
/// (or the default Azure credential chain) in Azure, a key only for the local test server. Direct mode in Azure;
/// Gateway mode with <c>LimitToEndpoint</c> for the local server, which speaks only the gateway protocol on one
/// endpoint, with its self-signed certificate trusted only when the option says so (loopback only, validated).
/// </summary>
internal static class CosmosClientFactory
{
    /// <summary>The user-assigned managed identity's client id; when unset, <see cref="DefaultAzureCredential"/> is used.</summary>
    public const string ManagedIdentityClientIdSetting = "Azure:ManagedIdentityClientId";

    public static CosmosClient Create(CosmosStoreOptions options, IConfiguration configuration, IEnumerable<RequestHandler> handlers)
    {
        var endpoint = options.AccountEndpoint?.ToString()
            ?? throw new InvalidOperationException($"{CosmosStoreOptions.Section}:AccountEndpoint is required when Store:Provider is Cosmos.");
        var clientOptions = new CosmosClientOptions
        {
            Serializer = new StoreJsonCosmosSerializer(),
            ApplicationName = "revalidation",
        };
        foreach (var handler in handlers)
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        var local = !string.IsNullOrEmpty(options.Key);
        if (local || options.AcceptAnyServerCertificate)
        {
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
        }

        if (options.AcceptAnyServerCertificate)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                // Only for the local test server on loopback (the options validator refuses anything else).
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        return local
            ? new CosmosClient(endpoint, options.Key, clientOptions)
            : new CosmosClient(endpoint, Credential(configuration), clientOptions);
    }

    /// <summary>The managed identity named by "Azure:ManagedIdentityClientId", else the default chain (developer sign-in locally).</summary>
    public static TokenCredential Credential(IConfiguration configuration)
    {
        var clientId = configuration[ManagedIdentityClientIdSetting];
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
