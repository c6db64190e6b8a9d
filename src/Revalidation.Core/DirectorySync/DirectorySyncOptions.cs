using System.ComponentModel.DataAnnotations;

namespace Revalidation.Core.DirectorySync;

/// <summary>How the sync engine treats what the directory cannot tell ("Directory:Sync"; docs/decisions/0009).</summary>
public sealed class DirectorySyncOptions
{
    public const string Section = "Directory:Sync";

    /// <summary>
    /// The directory does not know a doctor's RSD (the GMC sets it). A new doctor without one gets an estimated RSD this
    /// long after the day they arrive, marked estimated (R1), and an <see cref="DataQualityIssueKind.RsdToConfirm"/> issue.
    /// </summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "1826.00:00:00")]
    public TimeSpan UnknownRsdAfter { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The appraisal due month of a new doctor (R14); unset, the month they arrive.</summary>
    [Range(1, 12)]
    public int? AppraisalDueMonth { get; set; }

    /// <summary>How often a save that met a concurrent change (stale ETag) is re-read and re-applied before the round fails.</summary>
    [Range(1, 10)]
    public int ConcurrencyRetries { get; set; } = 3;

    /// <summary>
    /// The leaver threshold (docs/decisions/0009-directory-sync.md): a full set that would make more of a source's active
    /// doctors leavers by their absence than this share of them (rounded up) or <see cref="LeaverThresholdCount"/>,
    /// whichever is smaller, makes nobody a leaver and waits for an admin's confirmation
    /// (<see cref="SyncRunStatus.AwaitingConfirmation"/>): a wrong group id or a cut export must not turn a designated
    /// body's doctors into leavers. Set 1 (with a large count) to allow anything.
    /// </summary>
    [Range(0.0, 1.0)]
    public double LeaverThresholdShare { get; set; } = 0.05;

    /// <summary>The most leavers by absence a full set makes without an admin's confirmation (see <see cref="LeaverThresholdShare"/>).</summary>
    [Range(0, 1_000_000)]
    public int LeaverThresholdCount { get; set; } = 25;

    /// <summary>How many leavers by absence a full set of a source with <paramref name="activeDoctors"/> active doctors makes without confirmation.</summary>
    public int LeaverThreshold(int activeDoctors) =>
        Math.Min((int)Math.Ceiling(LeaverThresholdShare * activeDoctors), LeaverThresholdCount);
}
