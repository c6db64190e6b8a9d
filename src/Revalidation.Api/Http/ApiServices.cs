using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Api.Http;

/// <summary>What every handler needs, injected once: the store ports it reads, the change path, the clock and the rules' options.</summary>
public sealed class ApiServices(
    IDoctorStore doctorStore,
    IDesignatedBodyStore bodies,
    IAuditLog audit,
    IAlertOutbox outbox,
    DoctorRecordService doctors,
    DesignatedBodyService designatedBodies,
    TimeProvider time,
    IOptions<RevalidationOptions> options)
{
    /// <summary>The doctor records, for reads (changes go through <see cref="Doctors"/>).</summary>
    public IDoctorStore DoctorStore { get; } = doctorStore;

    public IDesignatedBodyStore Bodies { get; } = bodies;

    public IAuditLog Audit { get; } = audit;

    public IAlertOutbox Outbox { get; } = outbox;

    public DoctorRecordService Doctors { get; } = doctors;

    /// <summary>The one path by which the designated body's settings change.</summary>
    public DesignatedBodyService DesignatedBodies { get; } = designatedBodies;

    public TimeProvider Time { get; } = time;

    public RevalidationOptions Options { get; } = options.Value;

    public DateOnly Today => UkCalendar.Today(Time);
}
