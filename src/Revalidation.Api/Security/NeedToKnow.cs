using Revalidation.Api.Contracts;

namespace Revalidation.Api.Security;

/// <summary>
/// Need-to-know for fields, not only endpoints (docs/architecture.md#security): what each role may see of a doctor's
/// record and of the audit trail. A recommendation is the RO's judgement: its draft, comments, reasons, statements and
/// snapshot are for the RO team (RO, revalidation manager, medical director); the doctor and their appraiser see only that one was submitted
/// and when. Admins run the system: they see who did what and when, but not what a recommendation, declaration or piece
/// of supporting information said.
/// </summary>
public static class NeedToKnow
{
    /// <summary>Audit actions whose recorded change holds clinical or judgement content an admin has no need to read.</summary>
    private static readonly string[] ContentActions = ["recommendation.", "evidence.", "declaration.", "appraisal.", "note."];

    public static bool SeesRecommendations(CurrentUser user) =>
        user.IsIn(Roles.ResponsibleOfficer) || user.IsIn(Roles.RevalidationManager) || user.IsIn(Roles.MedicalDirector);

    /// <summary>
    /// Decision notes (issue 16) are for the RO team only: the RO and the revalidation manager. Not the medical director,
    /// the admin, the doctor or the appraiser; the audit says a note was added, never its text.
    /// </summary>
    public static bool SeesDecisionNotes(CurrentUser user) =>
        user.IsIn(Roles.ResponsibleOfficer) || user.IsIn(Roles.RevalidationManager);

    /// <summary>The doctor's record as <paramref name="user"/> may see it.</summary>
    public static DoctorResponse For(this DoctorResponse doctor, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        if (!SeesRecommendations(user) && !user.IsIn(Roles.Admin))
        {
            doctor = doctor with { Team = null };
        }

        if (SeesRecommendations(user) || doctor.OpenRecommendation is not { } open)
        {
            return doctor;
        }

        // A draft is the RO's work in progress: not shown. A submitted one: its type, status and dates only.
        return doctor with
        {
            OpenRecommendation = open.Status == Revalidation.Contracts.RecommendationStatus.Draft ? null : open with
            {
                Comments = null,
                ConsecutiveDeferralJustification = null,
                Attestations = null,
                DeferralReason = null,
                DeferralSubReason = null,
                GapAcknowledgements = null,
                Statements = null,
                Snapshot = null,
                Refusals = null,
                GmcSubmission = null,
                ElaConsultedOn = null,
                ReadyForResponsibleOfficer = null,
            },
        };
    }

    /// <summary>An audit event as <paramref name="user"/> may see it: an admin who is not also on the RO team sees no content changes.</summary>
    public static AuditEventResponse For(this AuditEventResponse audit, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return SeesRecommendations(user) || !ContentActions.Any(a => audit.Action.StartsWith(a, StringComparison.Ordinal))
            ? audit
            : audit with { Change = null };
    }
}
