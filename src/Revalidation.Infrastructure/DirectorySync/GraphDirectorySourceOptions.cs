using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Infrastructure.DirectorySync;

public enum GraphCredentialKind
{
    /// <summary>The host's managed identity (system-assigned, or user-assigned when ClientId is set). The Azure default.</summary>
    ManagedIdentity,
    /// <summary>Workload identity federation (Kubernetes, Container Apps jobs): TenantId, ClientId and the token file from settings or the AZURE_* variables.</summary>
    WorkloadIdentity,
    /// <summary>An app registration's client secret (TenantId, ClientId, ClientSecret). Keep the secret out of appsettings.</summary>
    ClientSecret,
    /// <summary><c>DefaultAzureCredential</c>: environment, workload identity, managed identity, developer sign-ins.</summary>
    Default,
}

/// <summary>A person is a doctor when this attribute holds one of the values (case-insensitive).</summary>
public sealed class GraphAttributeRule
{
    [Required(AllowEmptyStrings = false)]
    public string Attribute { get; set; } = string.Empty;

    [MinLength(1)]
    public string[] Values { get; set; } = [];
}

/// <summary>Users whose designated body attribute holds <see cref="Value"/> belong to designated body <see cref="Code"/>.</summary>
public sealed class GraphDesignatedBodyMapping
{
    [Required(AllowEmptyStrings = false)]
    public string Value { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false)]
    public string Code { get; set; } = string.Empty;
}

/// <summary>
/// A Microsoft Graph source ("Directory:Sources:{id}:Graph"). Needs the application permissions
/// <c>User.Read.All</c> and, with <see cref="DoctorGroupIds"/>, <c>GroupMember.Read.All</c>.
/// </summary>
public sealed partial class GraphDirectorySourceOptions : IValidatableObject
{
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    public GraphCredentialKind Credential { get; set; } = GraphCredentialKind.ManagedIdentity;

    public string? TenantId { get; set; }

    /// <summary>The app registration (client secret, workload identity) or the user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>Only for <see cref="GraphCredentialKind.ClientSecret"/>: from a secret store or an environment variable, never appsettings.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Only for <see cref="GraphCredentialKind.WorkloadIdentity"/>; unset, AZURE_FEDERATED_TOKEN_FILE.</summary>
    public string? TokenFilePath { get; set; }

    /// <summary>The Graph endpoint (a national cloud has its own).</summary>
    [Required(AllowEmptyStrings = false)]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Security groups whose (direct) members are the doctors. With <see cref="DoctorRule"/> too, both must hold.</summary>
    public string[] DoctorGroupIds { get; set; } = [];

    public GraphAttributeRule? DoctorRule { get; set; }

    /// <summary>
    /// Where the GMC number is: <c>employeeId</c>, <c>onPremisesExtensionAttributes.extensionAttribute1</c>…15, a directory
    /// extension <c>extension_{appId}_{name}</c>, or a schema extension property <c>{extensionId}.{property}</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string GmcNumberAttribute { get; set; } = "employeeId";

    public string? DepartmentAttribute { get; set; } = "department";

    public string? SpecialtyAttribute { get; set; } = "jobTitle";

    /// <summary>An attribute holding the RSD as yyyy-MM-dd, if the organisation keeps one (ADR 0009); unset, new doctors get an estimate.</summary>
    public string? RsdAttribute { get; set; }

    /// <summary>The attribute whose value chooses the designated body through <see cref="DesignatedBodyMap"/> (e.g. companyName or department).</summary>
    public string? DesignatedBodyAttribute { get; set; }

    public List<GraphDesignatedBodyMapping> DesignatedBodyMap { get; set; } = [];

    /// <summary>The body of users no mapping applies to; unset, the source's own designated body when there is no mapping attribute, otherwise none (an issue).</summary>
    public string? DefaultDesignatedBody { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        if (!Enum.IsDefined(Credential))
        {
            yield return new ValidationResult("Credential is ManagedIdentity, WorkloadIdentity, ClientSecret or Default.", [nameof(Credential)]);
        }

        if (Credential == GraphCredentialKind.ClientSecret && (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            yield return new ValidationResult("A ClientSecret credential needs TenantId, ClientId and ClientSecret.", [nameof(ClientSecret)]);
        }

        if (DoctorGroupIds.Length == 0 && DoctorRule is null)
        {
            yield return new ValidationResult("Say who the doctors are: DoctorGroupIds, DoctorRule, or both.", [nameof(DoctorGroupIds)]);
        }

        if (DoctorGroupIds.Any(g => !Guid.TryParse(g, out _)))
        {
            yield return new ValidationResult("Each of DoctorGroupIds is a group's object id (a GUID).", [nameof(DoctorGroupIds)]);
        }

        if (DoctorRule is not null)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(DoctorRule, new ValidationContext(DoctorRule), results, validateAllProperties: true);
            foreach (var r in results)
            {
                yield return new ValidationResult($"DoctorRule: {r.ErrorMessage}", [nameof(DoctorRule)]);
            }
        }

        foreach (var (name, value) in Attributes())
        {
            if (value is not null && (!AttributeName().IsMatch(value) || (value.StartsWith("onPremisesExtensionAttributes.", StringComparison.OrdinalIgnoreCase) && !OnPremisesAttribute().IsMatch(value))))
            {
                yield return new ValidationResult($"{name} '{value}' is not a user attribute name.", [name]);
            }
        }

        foreach (var code in DesignatedBodyMap.Select(m => m.Code).Append(DefaultDesignatedBody).OfType<string>())
        {
            if (!DesignatedBodyCode.Create(code).IsSuccess)
            {
                yield return new ValidationResult($"'{code}' is not a designated body code.", [nameof(DesignatedBodyMap)]);
            }
        }

        if (DesignatedBodyMap.Count > 0 && string.IsNullOrWhiteSpace(DesignatedBodyAttribute))
        {
            yield return new ValidationResult("DesignatedBodyMap needs DesignatedBodyAttribute.", [nameof(DesignatedBodyAttribute)]);
        }
    }

    /// <summary>The credential the settings describe. Creating it does not sign in: the first Graph call does.</summary>
    public TokenCredential CreateCredential() => Credential switch
    {
        GraphCredentialKind.ManagedIdentity => new ManagedIdentityCredential(string.IsNullOrWhiteSpace(ClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(ClientId)),
        GraphCredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
        {
            TenantId = string.IsNullOrWhiteSpace(TenantId) ? null : TenantId,
            ClientId = string.IsNullOrWhiteSpace(ClientId) ? null : ClientId,
            TokenFilePath = string.IsNullOrWhiteSpace(TokenFilePath) ? null : TokenFilePath,
        }),
        GraphCredentialKind.ClientSecret => new ClientSecretCredential(TenantId, ClientId, ClientSecret),
        _ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            TenantId = string.IsNullOrWhiteSpace(TenantId) ? null : TenantId,
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(ClientId) ? null : ClientId,
        }),
    };

    /// <summary>
    /// The Graph client for a real tenant: the SDK's default middleware (retry honouring Retry-After, redirects,
    /// compression) and a token for <c>{endpoint}/.default</c> (application permissions).
    /// </summary>
    public GraphServiceClient CreateClient()
    {
        var uri = new Uri(BaseUrl);
        return new GraphServiceClient(CreateCredential(), [$"{uri.Scheme}://{uri.Authority}/.default"], BaseUrl.TrimEnd('/'));
    }

    internal IEnumerable<(string Name, string? Value)> Attributes() =>
    [
        (nameof(GmcNumberAttribute), GmcNumberAttribute),
        (nameof(DepartmentAttribute), DepartmentAttribute),
        (nameof(SpecialtyAttribute), SpecialtyAttribute),
        (nameof(RsdAttribute), RsdAttribute),
        (nameof(DesignatedBodyAttribute), DesignatedBodyAttribute),
        ("DoctorRule:Attribute", DoctorRule?.Attribute),
    ];

    /// <summary>A user property, or a property of a complex one (a schema extension, the on-premises extension attributes).</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,119}(\\.[A-Za-z][A-Za-z0-9_]{0,119})?$")]
    private static partial Regex AttributeName();

    [GeneratedRegex("^onPremisesExtensionAttributes\\.extensionAttribute([1-9]|1[0-5])$", RegexOptions.IgnoreCase)]
    private static partial Regex OnPremisesAttribute();
}
