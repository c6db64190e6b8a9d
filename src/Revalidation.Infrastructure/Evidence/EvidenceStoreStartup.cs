using Microsoft.Extensions.Hosting;
using Revalidation.Core.Evidence;

namespace Revalidation.Infrastructure.Evidence;

/// <summary>
/// docs/decisions/0007-evidence-upload-in-two-steps.md: the evidence folder is opened when the host starts, so that what a
/// crash left half-written (an upload's ".incoming" file) is swept then, not on the first upload after it.
/// </summary>
internal sealed class EvidenceStoreStartup(IEvidenceFileStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
