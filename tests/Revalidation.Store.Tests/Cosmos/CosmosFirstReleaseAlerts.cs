using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Cosmos;
using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Cosmos;

/// <summary>
/// Writes an alert item as the first release did: the record nested under <c>alert</c> with its string kind and
/// free-text detail and no schema version, beside the same copies of what the queries filter on.
/// </summary>
public sealed class CosmosFirstReleaseAlerts(CosmosServerFixture server) : IFirstReleaseAlerts
{
    public async Task StoreAsync(DesignatedBodyCode body, FirstReleaseAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var host = await server.StartHostAsync();
        var options = host.Services.GetRequiredService<IOptions<CosmosStoreOptions>>().Value;
        var container = host.Services.GetRequiredService<CosmosClient>().GetContainer(options.DatabaseName, options.ContainerName);

        // Today's item for the same alert, then its nested record put back in the first release's shape.
        var record = new AlertRecord(alert.Key, body, alert.DoctorId, alert.Recipient, AlertKind.Leaver, alert.DueOn, TestData.Now, AlertState.Pending, AlertFacts.None, alert.RefersTo);
        var item = JsonSerializer.SerializeToNode(AlertDocument.From(record, DocumentSchemas.Current.Alert), StoreJson.Options)!.AsObject();
        var nested = item["alert"]!.AsObject();
        nested.Remove(DocumentSchema.VersionProperty);
        nested.Remove("facts");
        nested["kind"] = alert.Kind;
        if (alert.Detail is not null)
        {
            nested["detail"] = alert.Detail;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(item.ToJsonString()));
        using var response = await container.CreateItemStreamAsync(stream, new PartitionKey(body.Value));
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {response.ErrorMessage}");
        await host.StopAsync();
    }
}
