using System.Text.Json.Serialization;

namespace Revalidation.Core.Appraisals;

/// <summary>
/// Issue 16, item 5 (docs/domain.md, decision (j)): a declared conflict of interest between one appraiser and the doctor
/// (e.g. close colleague, relative, line manager). One per appraiser; while it stands that appraiser is never allocated.
/// </summary>
public sealed class AppraiserConflict
{
    public const int MaxReasonLength = 1_000;

    [JsonConstructor]
    internal AppraiserConflict(string appraiserId, string reason, string declaredBy, DateOnly declaredOn)
    {
        AppraiserId = appraiserId;
        Reason = reason;
        DeclaredBy = declaredBy;
        DeclaredOn = declaredOn;
    }

    public string AppraiserId { get; }

    /// <summary>Why, in the declarer's words (e.g. "Close colleague in the same department").</summary>
    [JsonInclude]
    public string Reason { get; internal set; }

    /// <summary>The user id of who declared it: the admin, RO or manager, or the appraiser declining the allocation.</summary>
    [JsonInclude]
    public string DeclaredBy { get; internal set; }

    [JsonInclude]
    public DateOnly DeclaredOn { get; internal set; }
}
