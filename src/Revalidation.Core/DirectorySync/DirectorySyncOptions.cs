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
    /// A full set that would make more than this share of a source's active doctors leavers at once fails the round
    /// instead (above <see cref="AbsentGuardMinimum"/> doctors): a wrong group id or a truncated export must not turn a
    /// designated body's doctors into leavers. Set 1 to allow anything.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MaxAbsentShare { get; set; } = 0.5;

    /// <summary>Below this many absent doctors the <see cref="MaxAbsentShare"/> guard does not apply.</summary>
    [Range(0, 100_000)]
    public int AbsentGuardMinimum { get; set; } = 10;
}
