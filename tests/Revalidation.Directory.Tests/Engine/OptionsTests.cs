using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.DirectorySync;
using Revalidation.Infrastructure;
using Revalidation.Infrastructure.DirectorySync;

namespace Revalidation.Directory.Tests.Engine;

public sealed class OptionsTests
{
    private const string Group = "6a1c1f0e-0000-4000-8000-000000000001";

    [Theory]
    [InlineData(GraphCredentialKind.ManagedIdentity, typeof(ManagedIdentityCredential))]
    [InlineData(GraphCredentialKind.WorkloadIdentity, typeof(WorkloadIdentityCredential))]
    [InlineData(GraphCredentialKind.ClientSecret, typeof(ClientSecretCredential))]
    [InlineData(GraphCredentialKind.Default, typeof(DefaultAzureCredential))]
    public void CreateCredential_WhenConfigured_IsTheKindAsked(GraphCredentialKind kind, Type expected)
    {
        var options = new GraphDirectorySourceOptions
        {
            Credential = kind,
            TenantId = "00000000-0000-0000-0000-0000000000aa",
            ClientId = "00000000-0000-0000-0000-0000000000bb",
            ClientSecret = kind == GraphCredentialKind.ClientSecret ? "secret-from-a-vault" : null,
            TokenFilePath = "/var/run/secrets/token",
            DoctorGroupIds = [Group],
        };

        Assert.Empty(Problems(options));
        Assert.IsType(expected, options.CreateCredential());
    }

    [Fact]
    public void Validate_WhenNothingSaysWhoTheDoctorsAre_Fails() =>
        Assert.Contains(Problems(new GraphDirectorySourceOptions()), p => p.Contains("DoctorGroupIds", StringComparison.Ordinal));

    [Fact]
    public void Validate_WhenAClientSecretCredentialHasNoSecret_Fails() =>
        Assert.Contains(Problems(new GraphDirectorySourceOptions { Credential = GraphCredentialKind.ClientSecret, TenantId = "t", ClientId = "c", DoctorGroupIds = [Group] }),
            p => p.Contains("ClientSecret", StringComparison.Ordinal));

    [Theory]
    [InlineData("employeeId", true)]
    [InlineData("onPremisesExtensionAttributes.extensionAttribute15", true)]
    [InlineData("extension_0123456789abcdef_gmcNumber", true)]
    [InlineData("extkvbmkofy_revalidation.gmcNumber", true)]
    [InlineData("onPremisesExtensionAttributes.extensionAttribute16", false)]
    [InlineData("employee id", false)]
    public void Validate_WhenTheGmcAttributeIsNamed_AcceptsOnlyUserAttributeNames(string attribute, bool valid) =>
        Assert.Equal(valid, Problems(new GraphDirectorySourceOptions { GmcNumberAttribute = attribute, DoctorGroupIds = [Group] }).Count == 0);

    [Fact]
    public async Task StartAsync_WhenAGraphSourceIsMisconfigured_StopsTheHostNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Sqlite:ConnectionString"] = "Data Source=:memory:",
            ["Directory:Sources:entra:Kind"] = "Graph",
            ["Directory:Sources:entra:DesignatedBody"] = "1-TRUST01",
            ["Directory:Sources:entra:Graph:Credential"] = "ClientSecret",
            ["Directory:Sources:entra:Graph:DoctorGroupIds:0"] = "not-a-guid",
        });
        builder.Services.AddRevalidationDirectorySync(builder.Configuration);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Sources:entra:Graph", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ClientSecret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTheSyncDefaultsAreUsed_Pass() =>
        Assert.Empty(DirectorySourcesOptions.ValidateTree(new DirectorySyncOptions(), "Directory:Sync"));

    private static List<string> Problems(object options) =>
        [.. DirectorySourcesOptions.ValidateTree(options, "x").Select(r => r.ErrorMessage ?? string.Empty)];
}
