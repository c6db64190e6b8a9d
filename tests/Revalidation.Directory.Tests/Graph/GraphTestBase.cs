using Revalidation.Core.Common;
using Revalidation.Core.DirectorySync;
using Revalidation.Directory.Tests.FakeGraph;
using Revalidation.Directory.Tests.Support;
using static Revalidation.Directory.Tests.Support.People;

namespace Revalidation.Directory.Tests.Graph;

/// <summary>
/// The Microsoft Graph adapter and the sync engine together: the real <c>GraphServiceClient</c> (default middleware)
/// talking to a fake Graph server on loopback, doctors written to the real embedded store.
/// </summary>
public abstract class GraphTestBase : IAsyncLifetime
{
    protected FakeGraphServer Server { get; private set; } = null!;

    protected SyncHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeGraphServer.StartAsync();
        Harness = await SyncHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Server.DisposeAsync();
    }

    protected DirectorySyncService ServiceFor(Action<Infrastructure.DirectorySync.GraphDirectorySourceOptions>? configure = null) =>
        Harness.Service(SyncHarness.GraphSource(Server, configure));

    protected void Doctors(params int[] numbers)
    {
        Server.Tenant.PutMany(numbers.Select(n => Doctor(n)));
        Server.Tenant.AddMembers(SyncHarness.DoctorsGroup, numbers.Select(IdOf));
    }
}
