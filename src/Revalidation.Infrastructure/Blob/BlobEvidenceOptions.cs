using Microsoft.Extensions.Options;

namespace Revalidation.Infrastructure.Blob;

/// <summary>"Evidence:Blob" configuration: the service URL with a managed identity in Azure, a connection string only for local tests (Azurite).</summary>
public sealed class BlobEvidenceOptions
{
    public const string Section = "Evidence:Blob";

    /// <summary>The Blob service endpoint, e.g. https://myaccount.blob.core.windows.net/ (signed in with a managed identity).</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Only for the local emulator in tests; in Azure shared keys are disabled.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The private container of evidence files.</summary>
    public string ContainerName { get; set; } = "evidence";

    /// <summary>Create the container (private) at start-up when missing. Bicep creates it in Azure, where the app settings turn this off (no extra round trips at each cold start).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>The container direct uploads land in (the blob trigger watches it; ADR 0012).</summary>
    public string UploadContainerName { get; set; } = "evidence-uploads";

    /// <summary>How long a direct-upload link may be used.</summary>
    public TimeSpan UploadLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Size of each block staged while streaming an upload (memory per upload in flight).</summary>
    public int BlockBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>Start-up validation of "Evidence:Blob", each message naming the setting.</summary>
internal sealed class BlobEvidenceOptionsValidator : IValidateOptions<BlobEvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobEvidenceOptions options)
    {
        var errors = new List<string>();
        var hasUri = options.ServiceUri is not null;
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (!hasUri && !hasConnection)
        {
            errors.Add($"{BlobEvidenceOptions.Section}:ServiceUri is required when Evidence:Provider is Blob (or {BlobEvidenceOptions.Section}:ConnectionString for the local emulator).");
        }
        else if (hasUri && hasConnection)
        {
            errors.Add($"Set either {BlobEvidenceOptions.Section}:ServiceUri or {BlobEvidenceOptions.Section}:ConnectionString, not both.");
        }
        else if (hasUri && (!options.ServiceUri!.IsAbsoluteUri || options.ServiceUri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{BlobEvidenceOptions.Section}:ServiceUri must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ContainerName))
        {
            errors.Add($"{BlobEvidenceOptions.Section}:ContainerName must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.UploadContainerName) || options.UploadContainerName == options.ContainerName)
        {
            errors.Add($"{BlobEvidenceOptions.Section}:UploadContainerName must be set and differ from {BlobEvidenceOptions.Section}:ContainerName.");
        }

        if (options.UploadLinkLifetime < TimeSpan.FromMinutes(1) || options.UploadLinkLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{BlobEvidenceOptions.Section}:UploadLinkLifetime must be between 00:01:00 and 01:00:00.");
        }

        if (options.BlockBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            errors.Add($"{BlobEvidenceOptions.Section}:BlockBytes must be between 65536 and 104857600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
