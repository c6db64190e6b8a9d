using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Store;

namespace Revalidation.Store.Tests.Contract;

/// <summary>The store ports of one opened store (one host, as one process would have them), resolved the way a host resolves them.</summary>
public sealed record StorePorts(IDoctorStore Doctors, IDesignatedBodyStore Bodies, IAuditLog AuditLog, IAlertOutbox Outbox, ILeaseStore Leases)
{
    public static StorePorts From(IServiceProvider services) => new(
        services.GetRequiredService<IDoctorStore>(),
        services.GetRequiredService<IDesignatedBodyStore>(),
        services.GetRequiredService<IAuditLog>(),
        services.GetRequiredService<IAlertOutbox>(),
        services.GetRequiredService<ILeaseStore>());

    /// <summary>The adapter class of each port, in the order of the record's properties.</summary>
    public string[] AdapterNames() =>
        [Doctors.GetType().Name, Bodies.GetType().Name, AuditLog.GetType().Name, Outbox.GetType().Name, Leases.GetType().Name];
}
