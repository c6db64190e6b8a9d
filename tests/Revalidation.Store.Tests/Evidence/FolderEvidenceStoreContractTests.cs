using Microsoft.Extensions.Options;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;
using Revalidation.Infrastructure.Evidence;

namespace Revalidation.Store.Tests.Evidence;

/// <summary>The evidence store contract against the folder adapter, in a fresh temporary folder.</summary>
public sealed class FolderEvidenceStoreContractTests : EvidenceStoreContractTests, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "revalidation-evidence-tests", Guid.NewGuid().ToString("N"));

    public FolderEvidenceStoreContractTests() =>
        Store = new FolderEvidenceStore(Options.Create(new FolderEvidenceOptions { Path = root }));

    protected override IEvidenceFileStore Store { get; }

    protected override Task<int> CountStoredAsync(DesignatedBodyCode body)
    {
        var folder = Path.Combine(root, body.Value);
        return Task.FromResult(Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }
}
