using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Api.Http;

/// <summary>What every handler needs, injected once: the store, the change path, the clock and the rules' options.</summary>
public sealed class ApiServices(IRevalidationStore store, DoctorRecordService doctors, TimeProvider time, IOptions<RevalidationOptions> options)
{
    public IRevalidationStore Store { get; } = store;

    public DoctorRecordService Doctors { get; } = doctors;

    public TimeProvider Time { get; } = time;

    public RevalidationOptions Options { get; } = options.Value;

    public DateOnly Today => UkCalendar.Today(Time);
}
