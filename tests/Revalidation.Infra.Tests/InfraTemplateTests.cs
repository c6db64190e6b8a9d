using System.Text.Json.Nodes;

namespace Revalidation.Infra.Tests;

/// <summary>
/// infra/main.bicep builds and lints clean with the pinned bicep CLI, and the compiled template keeps the security
/// properties the design asks for (docs/architecture.md#hosts): no keys or local auth anywhere, private storage, data-plane role
/// assignments for the hosts' identities, Flex Consumption .NET 10 and one worker replica.
/// </summary>
public sealed class InfraTemplateTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(template.ExitCode == 0, $"bicep build failed:\n{template.Diagnostics}");
        Assert.DoesNotContain("Error", template.Diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", template.Diagnostics, StringComparison.Ordinal);
        Assert.NotEmpty(template.Resources);
    }

    [Fact]
    public async Task Lint_MainTemplate_ReportsNothing()
    {
        var (exit, stdout, stderr) = await BicepCli.RunAsync("lint", BicepCli.MainTemplate);

        Assert.True(exit == 0, $"bicep lint failed:\n{stdout}{stderr}");
        Assert.DoesNotContain("Error", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosmos_IsServerlessWithoutKeysAndOneContainerByDesignatedBody()
    {
        var account = template.One("Microsoft.DocumentDB/databaseAccounts");
        var properties = account["properties"]!;
        Assert.True((bool)properties["disableLocalAuth"]!);
        Assert.Contains(properties["capabilities"]!.AsArray(), c => (string?)c!["name"] == "EnableServerless");

        var database = template.One("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Equal("revalidation", template.Text(database, database["properties"]!["resource"]!["id"]));
        var container = template.One("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        Assert.Equal("records", template.Text(container, container["properties"]!["resource"]!["id"]));
        Assert.Equal(["/designatedBodyId"], container["properties"]!["resource"]!["partitionKey"]!["paths"]!.AsArray().Select(p => (string?)p));

        var roles = template.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").ToList();
        Assert.NotEmpty(roles);
        Assert.All(roles, r => Assert.Contains(CosmosDataContributor, template.Text(r, r["properties"]!["roleDefinitionId"]), StringComparison.Ordinal));
    }

    [Fact]
    public void Backups_CosmosHasPointInTimeRestore_AndBlobsHaveSoftDeleteAndVersioning()
    {
        var account = template.One("Microsoft.DocumentDB/databaseAccounts");
        Assert.Equal("Continuous", (string?)account["properties"]!["backupPolicy"]!["type"]);

        var blobs = template.One("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.True((bool)blobs["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blobs["containerDeleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blobs["isVersioningEnabled"]!);
    }

    [Fact]
    public void Storage_AllowsNeitherSharedKeysNorPublicBlobs()
    {
        var account = template.One("Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);

        var containers = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Contains(containers, c => ((string?)c["name"])!.Contains("'evidence')", StringComparison.Ordinal));
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
        Assert.Contains(template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues"),
            q => ((string?)q["name"])!.Contains("directory-sync-requests", StringComparison.Ordinal));
    }

    [Fact]
    public void Monitoring_AndKeyVault_UseEntraIdOnly()
    {
        Assert.True((bool)template.One("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        var vault = template.One("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.False((bool)template.One("Microsoft.ContainerRegistry/registries")["properties"]!["adminUserEnabled"]!);
    }

    [Fact]
    public void RoleAssignments_GiveTheHostsDataPlaneAccess()
    {
        var roles = template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => template.Text(r, r["properties"]!["roleDefinitionId"]))
            .ToList();

        foreach (var role in new[] { StorageBlobDataOwner, StorageBlobDataContributor, StorageQueueDataContributor, KeyVaultSecretsUser, AcrPull, MonitoringMetricsPublisher })
        {
            Assert.Contains(roles, r => r.Contains(role, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated10OnFlexConsumptionWithIdentityBasedStorage()
    {
        var plan = template.One("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);

        var site = template.One("Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);

        foreach (var setting in new[] { "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" })
        {
            Assert.True(template.MentionsName(setting), setting);
        }

        Assert.DoesNotContain("AccountKey=", template.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("InstrumentationKey=", template.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_AllowsOnlyTheWebUisOriginWithoutCredentials()
    {
        var cors = template.One("Microsoft.Web/sites")["properties"]!["siteConfig"]!["cors"]!;
        Assert.False((bool)cors["supportCredentials"]!);
        Assert.Equal("[parameters('allowedOrigins')]", (string?)cors["allowedOrigins"]);

        // The resources module passes exactly the Static Web App's URL (an output of its module), never a wildcard.
        var functionsModule = template.OfType("Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "functions");
        var origins = (string?)Assert.Single(functionsModule["properties"]!["parameters"]!["allowedOrigins"]!["value"]!.AsArray());
        Assert.NotNull(origins);
        Assert.Contains("'web'", origins, StringComparison.Ordinal);
        Assert.Contains("outputs.uri.value", origins, StringComparison.Ordinal);
        Assert.DoesNotContain("*", origins, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_LetsOnlyTheWebUiPutDirectUploads()
    {
        // The browser PUTs a direct upload to its SAS link: the blob service allows PUT (and the preflight) from the
        // Static Web App's URL only, never a wildcard.
        var storageModule = template.OfType("Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "storage");
        var origin = (string?)Assert.Single(storageModule["properties"]!["parameters"]!["uploadOrigins"]!["value"]!.AsArray());
        Assert.NotNull(origin);
        Assert.Contains("'web'", origin, StringComparison.Ordinal);
        Assert.DoesNotContain("*", origin, StringComparison.Ordinal);
        var blobs = template.One("Microsoft.Storage/storageAccounts/blobServices").ToJsonString();
        Assert.Contains("PUT", blobs, StringComparison.Ordinal);
        Assert.Contains("x-ms-blob-type", blobs, StringComparison.Ordinal);
        Assert.DoesNotContain("\"GET\"", blobs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Store__Provider")]
    [InlineData("Store__Cosmos__AccountEndpoint")]
    [InlineData("Store__Cosmos__DatabaseName")]
    [InlineData("Store__Cosmos__ContainerName")]
    [InlineData("Evidence__Provider")]
    [InlineData("Evidence__Blob__ServiceUri")]
    [InlineData("Evidence__Blob__ContainerName")]
    [InlineData("Evidence__Blob__CreateIfMissing")]
    [InlineData("Evidence__Blob__UploadContainerName")]
    [InlineData("Azure__ManagedIdentityClientId")]
    [InlineData("Auth__TenantId")]
    [InlineData("Auth__Audience")]
    [InlineData("Directory__Webhook__ClientState")]
    [InlineData("Alerts__Smtp__Password")]
    [InlineData("Alerts__Mail__PublicBaseUrl")]
    public void Settings_BindTheTypedOptions(string name) =>
        Assert.True(template.MentionsName(name), $"No app setting {name} in the compiled template.");

    [Fact]
    public void Worker_RunsExactlyOneReplica_AndReadsTheSmtpPasswordFromKeyVault()
    {
        var app = template.One("Microsoft.App/containerApps");
        var scale = app["properties"]!["template"]!["scale"]!;
        Assert.Equal(1, (int)scale["minReplicas"]!);
        Assert.Equal(1, (int)scale["maxReplicas"]!);
        Assert.Contains("secrets/smtp-password", template.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_UseTheAzdEnvironment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraFolder, "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]!["value"]);
    }

    [Fact]
    public void AzureYaml_NamesEveryDeployableHostWithTheTaggedServiceName()
    {
        var yaml = File.ReadAllLines(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));
        var services = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        var inServices = false;
        foreach (var line in yaml)
        {
            if (line.StartsWith("services:", StringComparison.Ordinal))
            {
                inServices = true;
                continue;
            }

            if (inServices && line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inServices = false;
            }

            if (!inServices || line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var (key, value) = (line.Trim().Split(':', 2)[0], line.Trim().Split(':', 2)[1].Trim());
            if (indent == 2)
            {
                services[key] = current = [];
            }
            else if (indent == 4 && current is not null)
            {
                current[key] = value;
            }
        }

        Assert.Equal(["api", "web", "worker"], services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("function", "./src/Revalidation.Functions"), (services["api"]["host"], services["api"]["project"]));
        Assert.Equal(("containerapp", "./src/Revalidation.Worker"), (services["worker"]["host"], services["worker"]["project"]));
        Assert.Equal("staticwebapp", services["web"]["host"]);
        foreach (var (name, service) in services)
        {
            // azd finds each service's resource by this tag.
            Assert.Contains($"'azd-service-name': '{name}'", string.Join('\n', Directory.GetFiles(Path.Combine(BicepCli.InfraFolder, "modules"), "*.bicep").Select(File.ReadAllText)), StringComparison.Ordinal);
            if (name != "web")
            {
                Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryRoot, service["project"], $"Revalidation.{(name == "api" ? "Functions" : "Worker")}.csproj")));
            }
        }
    }
}
