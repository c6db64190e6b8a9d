using Revalidation.Functions.DirectorySync;
using Revalidation.Functions.Evidence;

namespace Revalidation.Functions.Tests;

/// <summary>The names the functions bind to are the names infra/ creates (a typo would only show in Azure).</summary>
public sealed class InfraAgreementTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Revalidation.sln) is not above the test output.");
    }

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    [Fact]
    public void Storage_CreatesTheQueueAndContainerTheTriggersRead()
    {
        var storage = Read("infra", "modules", "storage.bicep");

        Assert.Contains($"name: '{GraphWebhookOptions.QueueName}'", storage, StringComparison.Ordinal);
        Assert.Contains($"name: '{EvidenceUploadFunction.Container}'", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectUploadLinks_PointAtTheContainerTheBlobTriggerWatches()
    {
        Assert.Equal(EvidenceUploadFunction.Container, new Revalidation.Infrastructure.Blob.BlobEvidenceOptions().UploadContainerName);
    }

    [Fact]
    public void EventGridHook_SubscribesTheBlobTriggerByItsNameAndContainer()
    {
        var script = Read("infra", "scripts", "subscribe-evidence-uploads.sh");

        Assert.Contains($"function_name=\"{EvidenceUploadFunction.Name}\"", script, StringComparison.Ordinal);
        Assert.Contains($"/containers/{EvidenceUploadFunction.Container}/", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_NameTheWebhookOptions()
    {
        var resources = Read("infra", "modules", "resources.bicep");

        Assert.Contains($"'{GraphWebhookOptions.Section.Replace(":", "__", StringComparison.Ordinal)}__{nameof(GraphWebhookOptions.ClientState)}'", resources, StringComparison.Ordinal);
        Assert.Contains($"'{GraphWebhookOptions.Section.Replace(":", "__", StringComparison.Ordinal)}__{nameof(GraphWebhookOptions.NotificationUrl)}'", resources, StringComparison.Ordinal);
    }
}
