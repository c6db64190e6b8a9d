using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Recommendations;

/// <summary>One readiness gap as it stood when the recommendation was submitted, with the RO's reason if they gave one.</summary>
public sealed record SnapshotGap(string Code, string Rule, int? Year, string Message, string? AcknowledgedReason);

/// <summary>One appraisal year of the cycle as it stood at submission.</summary>
public sealed record SnapshotYear(int Year, string Label, AppraisalYearStatus Status, DateOnly? SignedOffOn);

/// <summary>
/// R7 (docs/domain.md#r7): what the recommendation was made on, kept with it and never changed — the readiness result and
/// every gap with the RO's reason (decision (d)), the statements and criteria confirmed, the acting RO, the RSD, and the
/// appraisals and supporting information relied on.
/// </summary>
public sealed record RecommendationSnapshot(
    DateTimeOffset TakenAt,
    DateOnly Rsd,
    bool RsdConfirmed,
    bool Ready,
    IReadOnlyList<SnapshotGap> Gaps,
    IReadOnlyList<SnapshotYear> Years,
    IReadOnlyList<Guid> EvidenceReliedOn,
    StaffMember? ActingResponsibleOfficer,
    PositiveStatements? Statements,
    NonEngagementAttestations? Attestations)
{
    /// <summary>Decision (d): a revalidate recommendation made despite gaps the RO acknowledged (counted in the board report).</summary>
    public bool RevalidatedWithAcknowledgedGaps => Gaps.Count > 0;

    public static RecommendationSnapshot Take(
        Doctors.DoctorRecord doctor, Recommendation recommendation, ReadinessReport readiness, StaffMember? actingOfficer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentNullException.ThrowIfNull(readiness);
        var cycle = doctor.CurrentCycle!;
        var acknowledgements = recommendation.Details.GapAcknowledgements ?? [];
        var gaps = readiness.Gaps
            .Select(g => new SnapshotGap(g.Code, g.Rule, g.Year, g.Message,
                acknowledgements.FirstOrDefault(a => a.Code == g.Code && a.Year == g.Year)?.Reason))
            .ToList();
        var years = readiness.Years
            .Select(y => new SnapshotYear(y.Year.StartYear, y.Year.Label, y.Status, doctor.Appraisals.For(y.Year.StartYear)?.SignedOffOn))
            .ToList();
        var evidence = doctor.Evidence.Items.Where(e => !e.IsWithdrawn && e.ActivityDate >= cycle.StartDate).Select(e => e.Id).ToList();
        return new RecommendationSnapshot(now, cycle.Rsd, cycle.RsdConfirmed, readiness.Ready, gaps, years, evidence, actingOfficer,
            recommendation.Details.Statements, recommendation.Details.Attestations);
    }
}
