using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Cosmos;

// The store contracts, unchanged, against the Cosmos adapter on the local Cosmos-compatible server. The five suites
// share one server and database (each test works in bodies of its own) and run one after another, as one suite did.

[CollectionDefinition(Name)]
public sealed class CosmosStoreContractCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "Cosmos store contracts";

    public static IStoreSource Source(CosmosServerFixture server) => new HostedStoreSource(configure => server.StartHostAsync(configure: configure));
}

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosDoctorStoreContractTests(CosmosServerFixture server)
    : DoctorStoreContractTests(CosmosStoreContractCollection.Source(server));

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosDesignatedBodyStoreContractTests(CosmosServerFixture server)
    : DesignatedBodyStoreContractTests(CosmosStoreContractCollection.Source(server));

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosAuditLogContractTests(CosmosServerFixture server)
    : AuditLogContractTests(CosmosStoreContractCollection.Source(server));

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosAlertOutboxContractTests(CosmosServerFixture server)
    : AlertOutboxContractTests(CosmosStoreContractCollection.Source(server), new CosmosFirstReleaseAlerts(server));

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosLeaseStoreContractTests(CosmosServerFixture server)
    : LeaseStoreContractTests(CosmosStoreContractCollection.Source(server));

[Collection(CosmosStoreContractCollection.Name)]
public sealed class CosmosDocumentUpgradeContractTests(CosmosServerFixture server)
    : DocumentUpgradeContractTests(CosmosStoreContractCollection.Source(server));
