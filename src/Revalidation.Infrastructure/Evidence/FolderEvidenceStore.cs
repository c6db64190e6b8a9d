using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Evidence;

namespace Revalidation.Infrastructure.Evidence;

/// <summary>"Evidence:Folder" configuration.</summary>
public sealed class FolderEvidenceOptions
{
    public const string Section = "Evidence:Folder";

    /// <summary>The folder evidence files live in (relative paths are under the host's content root).</summary>
    [Required]
    public string Path { get; set; } = "data/evidence";
}

/// <summary>
/// The embedded evidence store: one folder per designated body, files named by opaque keys. An upload
/// is streamed to a temporary file in the body's folder and moved into place only once complete, so a
/// crash mid-upload never leaves a half file under a real key.
/// </summary>
public sealed class FolderEvidenceStore : IEvidenceFileStore
{
    private const string IncomingSuffix = ".incoming";
    private readonly string root;

    public FolderEvidenceStore(IOptions<FolderEvidenceOptions> options, IHostEnvironment? environment = null)
    {
        root = System.IO.Path.GetFullPath(options.Value.Path, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateFiles(root, "*" + IncomingSuffix, SearchOption.AllDirectories))
        {
            File.Delete(stale);
        }
    }

    public async Task<EvidenceWrite> WriteAsync(DesignatedBodyCode body, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var folder = BodyFolder(body);
        Directory.CreateDirectory(folder);
        var final = System.IO.Path.Combine(folder, key);
        var incoming = final + IncomingSuffix;
        using var hashing = new HashingStream(content, maxBytes);
        try
        {
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await hashing.CopyToAsync(file, 81920, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            if (hashing.LimitExceeded)
            {
                File.Delete(incoming);
                return new EvidenceWrite(null, hashing.BytesRead, null, TooLarge: true);
            }

            File.Move(incoming, final);
            return new EvidenceWrite(key, hashing.BytesRead, hashing.HashHex(), TooLarge: false);
        }
        catch
        {
            File.Delete(incoming);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default)
    {
        var path = PathOf(body, storageKey);
        return Task.FromResult<Stream?>(path is not null && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null);
    }

    public Task DeleteAsync(DesignatedBodyCode body, string storageKey, CancellationToken cancellationToken = default)
    {
        // Idempotent, also for a body that never stored anything (File.Delete throws when the folder is missing).
        if (PathOf(body, storageKey) is { } path && File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    private string BodyFolder(DesignatedBodyCode body) => System.IO.Path.Combine(root, body.Value);

    /// <summary>Keys are 32 hex digits; anything else names no file (no path can be smuggled in).</summary>
    private string? PathOf(DesignatedBodyCode body, string storageKey) =>
        storageKey.Length == 32 && storageKey.All(char.IsAsciiHexDigitLower) ? System.IO.Path.Combine(BodyFolder(body), storageKey) : null;
}
