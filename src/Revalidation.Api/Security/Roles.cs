namespace Revalidation.Api.Security;

/// <summary>The app roles of docs/architecture.md#security (Entra ID app roles in production; demo tokens locally).</summary>
public static class Roles
{
    public const string Doctor = "Doctor";
    public const string Appraiser = "Appraiser";
    public const string ResponsibleOfficer = "ResponsibleOfficer";
    public const string MedicalDirector = "MedicalDirector";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Doctor, Appraiser, ResponsibleOfficer, MedicalDirector, Admin];
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

    /// <summary>RO and medical director: designated-body-wide read access.</summary>
    public const string Oversight = nameof(Oversight);

    /// <summary>Everyone who may read a doctor's record (subject to resource rules): doctor (own), appraiser (allocated), RO, medical director.</summary>
    public const string DoctorRecordReaders = nameof(DoctorRecordReaders);

    /// <summary>Who may read supporting information (it holds reflections): doctor (own), appraiser (allocated), RO. Not the medical director.</summary>
    public const string EvidenceReaders = nameof(EvidenceReaders);

    /// <summary>RO and admin: the audit trail.</summary>
    public const string AuditReaders = nameof(AuditReaders);

    /// <summary>
    /// Issue 16: the ready list and the review list (read, and move a doctor between them). The RO for now; the lead widens it to
    /// the revalidation manager when that role is merged.
    /// </summary>
    public const string RecommendationTeam = nameof(RecommendationTeam);

    /// <summary>
    /// Issue 16, item 6: who may import the appraisal toolkit's appraisals and feedback exercises: admin and RO.
    /// (The revalidation manager, once that role exists, is added here at merge.)
    /// </summary>
    public const string ToolkitImporters = nameof(ToolkitImporters);

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [AnyRole] = [.. Roles.All],
        [Doctor] = [Roles.Doctor],
        [Appraiser] = [Roles.Appraiser],
        [ResponsibleOfficer] = [Roles.ResponsibleOfficer],
        [Admin] = [Roles.Admin],
        [Oversight] = [Roles.ResponsibleOfficer, Roles.MedicalDirector],
        [DoctorRecordReaders] = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.MedicalDirector],
        [EvidenceReaders] = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer],
        [AuditReaders] = [Roles.ResponsibleOfficer, Roles.Admin],
        [RecommendationTeam] = [Roles.ResponsibleOfficer],
        [ToolkitImporters] = [Roles.Admin, Roles.ResponsibleOfficer],
    };
}
