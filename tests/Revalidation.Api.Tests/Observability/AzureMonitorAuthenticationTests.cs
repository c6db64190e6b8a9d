using Azure.Identity;
using Revalidation.Infrastructure.Observability;

namespace Revalidation.Api.Tests.Observability;

/// <summary>The Application Insights resource takes Entra ID only: the hosts' authentication string gives the exporter its managed identity.</summary>
public sealed class AzureMonitorAuthenticationTests
{
    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=AAD")]
    [InlineData(" authorization = aad ; clientid = abc ")]
    public void CredentialFrom_WhenTheStringAsksForEntraId_IsAManagedIdentityCredential(string value) =>
        Assert.IsType<ManagedIdentityCredential>(AzureMonitorAuthentication.CredentialFrom(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=abc")]
    [InlineData("Authorization=Key")]
    public void CredentialFrom_WithoutEntraId_IsNone(string? value) =>
        Assert.Null(AzureMonitorAuthentication.CredentialFrom(value));
}
