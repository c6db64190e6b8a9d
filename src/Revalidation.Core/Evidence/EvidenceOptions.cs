using System.ComponentModel.DataAnnotations;

namespace Revalidation.Core.Evidence;

/// <summary>"Evidence" configuration: upload limits, validated at start-up.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    public const long DefaultMaxFileBytes = 25L * 1024 * 1024;

    /// <summary>The largest evidence file accepted, in bytes (default 25 MB).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;
}
