namespace Revalidation.Api.Security;

/// <summary>The app roles of docs/architecture.md#security (Entra ID app roles in production; demo tokens locally).</summary>
public static class Roles
{
    public const string Doctor = "Doctor";
    public const string Appraiser = "Appraiser";
    public const string ResponsibleOfficer = "ResponsibleOfficer";
    public const string MedicalDirector = "MedicalDirector";
    public const string Admin = "Admin";

    /// <summary>The RO's support team (issue 16): prepares recommendations for the RO to decide, runs appraisal administration and the queues; never submits.</summary>
    public const string RevalidationManager = "RevalidationManager";

    public static readonly IReadOnlyList<string> All = [Doctor, Appraiser, ResponsibleOfficer, MedicalDirector, Admin, RevalidationManager];

    /// <summary>The RO team of docs/architecture.md#security need-to-know: the RO and the revalidation manager.</summary>
    public static readonly IReadOnlyList<string> RoTeam = [ResponsibleOfficer, RevalidationManager];
}

/// <summary>Who may call an endpoint, by role. Resource rules (own record, allocated doctor, own body) are checked by the handlers.</summary>
public static class Policies
{
    /// <summary>Any signed-in user with at least one app role.</summary>
    public const string AnyRole = nameof(AnyRole);

    public const string Doctor = nameof(Doctor);

    public const string Appraiser = nameof(Appraiser);

    public const string ResponsibleOfficer = nameof(ResponsibleOfficer);

    public const string Admin = nameof(Admin);

    /// <summary>
    /// The RO team (RO and revalidation manager): drafts and edits recommendations, marks them ready for the RO, decision
    /// notes, appraisal administration (due month, postponement), the GMC discrepancy queue. Submitting stays RO only.
    /// </summary>
    public const string RoTeam = nameof(RoTeam);

    /// <summary>Admin and revalidation manager: allocating an appraiser, the directory's data-quality queue.</summary>
    public const string AppraisalAdministrators = nameof(AppraisalAdministrators);

    /// <summary>RO, revalidation manager and medical director: designated-body-wide read access.</summary>
    public const string Oversight = nameof(Oversight);

    /// <summary>Everyone who may read a doctor's record (subject to resource rules): doctor (own), appraiser (allocated), RO, revalidation manager, medical director.</summary>
    public const string DoctorRecordReaders = nameof(DoctorRecordReaders);

    /// <summary>
    /// Who may read supporting information (it holds reflections): doctor (own), appraiser (allocated), RO, and the
    /// revalidation manager, who prepares the RO's recommendation from it (the RO team of docs/architecture.md#security;
    /// every read of a file by someone other than its owner is audited). Not the medical director.
    /// </summary>
    public const string EvidenceReaders = nameof(EvidenceReaders);

    /// <summary>RO and admin: the audit trail.</summary>
    public const string AuditReaders = nameof(AuditReaders);

    /// <summary>
    /// Issue 16, item 6: who may import the appraisal toolkit's appraisals and feedback exercises: admin, RO and the
    /// revalidation manager (who runs appraisal administration).
    /// </summary>
    public const string ToolkitImporters = nameof(ToolkitImporters);

    /// <summary>Issue 16: who may read a doctor's postponement and approved-missed requests: the doctor (own) and the RO team.</summary>
    public const string AppraisalRequestReaders = nameof(AppraisalRequestReaders);

    /// <summary>Issue 16, item 7: who edits the non-engagement letters' wording: admin and the RO team (who own it).</summary>
    public const string LetterTemplateEditors = nameof(LetterTemplateEditors);

    /// <summary>Issue 16, item 7: who reads a doctor's non-engagement record: the RO team, and the doctor (own; dates only).</summary>
    public const string NonEngagementReaders = nameof(NonEngagementReaders);

    /// <summary>Issue 16, item 5: appraiser allocation (overview, suggestions, conflicts of interest): admin, RO and the revalidation manager.</summary>
    public const string AllocationTeam = nameof(AllocationTeam);

    /// <summary>Issue 16, item 5: who may declare a conflict of interest: the allocation team, and an appraiser about themself (declining an allocation).</summary>
    public const string ConflictDeclarers = nameof(ConflictDeclarers);

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [AnyRole] = [.. Roles.All],
        [Doctor] = [Roles.Doctor],
        [Appraiser] = [Roles.Appraiser],
        [ResponsibleOfficer] = [Roles.ResponsibleOfficer],
        [Admin] = [Roles.Admin],
        [RoTeam] = [.. Roles.RoTeam],
        [AppraisalAdministrators] = [Roles.Admin, Roles.RevalidationManager],
        [Oversight] = [Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector],
        [DoctorRecordReaders] = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector],
        [EvidenceReaders] = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [AuditReaders] = [Roles.ResponsibleOfficer, Roles.Admin],
        [ToolkitImporters] = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [AppraisalRequestReaders] = [Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [LetterTemplateEditors] = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [NonEngagementReaders] = [Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [AllocationTeam] = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager],
        [ConflictDeclarers] = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.Appraiser],
    };
}
