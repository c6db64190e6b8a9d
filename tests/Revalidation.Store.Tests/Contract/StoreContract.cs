using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// The ground every store contract suite stands on (one suite per port: <see cref="DoctorStoreContractTests"/>,
/// <see cref="DesignatedBodyStoreContractTests"/>, <see cref="AuditLogContractTests"/>, <see cref="AlertOutboxContractTests"/>,
/// <see cref="LeaseStoreContractTests"/>), written against the ports only (docs/decisions/0001, docs/decisions/0011).
/// A test may use the other ports of the same store to arrange or check (a doctor's save, then its audit); the adapter's
/// test class says how to open its store (<see cref="IStoreSource"/>) and nothing else changes.
/// <para>
/// Tests of one class may share a database, so each works in designated bodies and GMC numbers of its own
/// (<see cref="TestData.NewBodyCode"/>, <see cref="TestData.NewGmcNumber"/>).
/// </para>
/// </summary>
public abstract class StoreContract(IStoreSource source) : IAsyncLifetime
{
    /// <summary>The store this test started with.</summary>
    protected StorePorts Stores { get; private set; } = null!;

    protected IDoctorStore Doctors => Stores.Doctors;

    protected IDesignatedBodyStore Bodies => Stores.Bodies;

    protected IAuditLog AuditLog => Stores.AuditLog;

    protected IAlertOutbox Outbox => Stores.Outbox;

    protected ILeaseStore Leases => Stores.Leases;

    public async Task InitializeAsync() => Stores = await source.OpenAsync();

    public Task DisposeAsync() => source.CloseAsync();

    /// <summary>Opens another store over this test class's database, independent of those already open (as a second process would).</summary>
    protected Task<StorePorts> CreateStoresAsync() => source.OpenAsync();

    /// <summary>Another store over the same database whose code knows <paramref name="schemas"/> (a later model, docs/decisions/0016).</summary>
    protected Task<StorePorts> CreateStoresAsync(DocumentSchemas schemas) => source.OpenAsync(builder =>
    {
        builder.Services.RemoveAll<DocumentSchemas>();
        builder.Services.AddSingleton(schemas);
    });

    /// <summary>Closes every store this test opened, as a shutdown would, then opens the same database again.</summary>
    protected Task<StorePorts> ReopenStoresAsync() => source.ReopenAsync();

    protected static string Json<T>(T value) => JsonSerializer.Serialize(value, StoreJson.Options);

    protected async Task SaveAsync(DesignatedBody body)
    {
        var outcome = await Bodies.SaveDesignatedBodyAsync(body, []);
        Assert.Equal(SaveStatus.Saved, outcome.Status);
    }

    protected async Task SaveAsync(DoctorRecord doctor, params AuditEvent[] audit)
    {
        var outcome = await Doctors.SaveDoctorAsync(doctor, audit);
        Assert.Equal(SaveStatus.Saved, outcome.Status);
    }
}
