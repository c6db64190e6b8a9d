using Microsoft.Extensions.Options;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// "Store:Cosmos" configuration (docs/decisions/0011). In Azure: the account endpoint only, signed in with a managed
/// identity (data-plane RBAC; the account has local auth disabled). With a key and a trusted-anything certificate
/// only for the local Cosmos-compatible test server.
/// </summary>
public sealed class CosmosStoreOptions
{
    public const string Section = "Store:Cosmos";

    /// <summary>The account endpoint, e.g. https://my-account.documents.azure.com:443/.</summary>
    public Uri? AccountEndpoint { get; set; }

    public string DatabaseName { get; set; } = "revalidation";

    /// <summary>The one container, partitioned by <c>/designatedBodyId</c>, items told apart by <c>type</c>.</summary>
    public string ContainerName { get; set; } = "records";

    /// <summary>An account key: only for the local test server. In Azure leave it empty (a managed identity signs in).</summary>
    public string? Key { get; set; }

    /// <summary>Trust any server certificate (the local test server's is self-signed). Allowed for a loopback endpoint only.</summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>
    /// Create the database and container at start-up when missing (local and development). In Azure, Bicep creates
    /// them and the data-plane role cannot, so this stays false there.
    /// </summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>How long a GMC-number claim whose doctor is not written yet counts as in progress (R12), before another doctor may take it over.</summary>
    public TimeSpan GmcClaimGrace { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Start-up validation of "Store:Cosmos", each message naming the setting.</summary>
internal sealed class CosmosStoreOptionsValidator : IValidateOptions<CosmosStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CosmosStoreOptions options)
    {
        var errors = new List<string>();
        if (options.AccountEndpoint is null)
        {
            errors.Add($"{CosmosStoreOptions.Section}:AccountEndpoint is required when Store:Provider is Cosmos.");
        }
        else if (!options.AccountEndpoint.IsAbsoluteUri || options.AccountEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{CosmosStoreOptions.Section}:AccountEndpoint must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseName))
        {
            errors.Add($"{CosmosStoreOptions.Section}:DatabaseName must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ContainerName))
        {
            errors.Add($"{CosmosStoreOptions.Section}:ContainerName must not be empty.");
        }

        if (options.AcceptAnyServerCertificate && options.AccountEndpoint is { IsAbsoluteUri: true, IsLoopback: false })
        {
            errors.Add($"{CosmosStoreOptions.Section}:AcceptAnyServerCertificate is allowed only for a loopback AccountEndpoint (the local test server).");
        }

        if (options.GmcClaimGrace <= TimeSpan.Zero)
        {
            errors.Add($"{CosmosStoreOptions.Section}:GmcClaimGrace must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
