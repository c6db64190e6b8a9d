namespace Revalidation.Web.Services;

/// <summary>The app roles of docs/architecture.md#security, as the API names them.</summary>
public static class AppRoles
{
    public const string Doctor = "Doctor";
    public const string Appraiser = "Appraiser";
    public const string ResponsibleOfficer = "ResponsibleOfficer";
    public const string MedicalDirector = "MedicalDirector";
    public const string Admin = "Admin";
    public const string RevalidationManager = "RevalidationManager";

    /// <summary>The page a role starts on.</summary>
    public static string HomeOf(IReadOnlyList<string> roles) =>
        roles.Contains(ResponsibleOfficer) || roles.Contains(RevalidationManager) ? "caseload"
        : roles.Contains(MedicalDirector) ? "compliance"
        : roles.Contains(Admin) ? "admin"
        : roles.Contains(Appraiser) ? "appraiser"
        : roles.Contains(Doctor) ? "my-revalidation"
        : string.Empty;
}
