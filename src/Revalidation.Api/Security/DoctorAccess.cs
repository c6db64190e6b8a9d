using Microsoft.AspNetCore.Http.HttpResults;
using Revalidation.Api.Http;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Api.Security;

/// <summary>
/// DESIGN.md §5 resource rules for a doctor's record: a doctor only their own, an appraiser only the
/// doctors allocated to them, RO, medical director and admin anything in their own designated body.
/// Anything else is 404: whether a record exists is itself private.
/// </summary>
public static class DoctorAccess
{
    public const string NotFoundDetail = "No such doctor in your designated body.";

    public static bool Allows(CurrentUser user, string? directoryId, string? appraiserId, IReadOnlyCollection<string> roles) =>
        roles.Any(role => user.IsIn(role) && role switch
        {
            Roles.Doctor => directoryId is not null && directoryId == user.UserId,
            Roles.Appraiser => appraiserId is not null && appraiserId == user.UserId,
            _ => true,
        });

    public static bool Allows(CurrentUser user, DoctorRecord doctor, IReadOnlyCollection<string> roles) =>
        doctor.DesignatedBody == user.DesignatedBody && Allows(user, doctor.DirectoryId, doctor.AppraiserId, roles);

    public static bool Allows(CurrentUser user, DoctorSummary doctor, IReadOnlyCollection<string> roles) =>
        doctor.DesignatedBody == user.DesignatedBody && Allows(user, null, doctor.AppraiserId, roles);

    /// <summary>Loads the doctor from the caller's designated body, if one of <paramref name="roles"/> grants the caller access to it.</summary>
    public static async Task<(DoctorRecord? Doctor, ProblemHttpResult? Problem)> LoadAsync(
        ApiServices api, CurrentUser user, Guid doctorId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var doctor = await api.Store.GetDoctorAsync(user.DesignatedBody, doctorId, cancellationToken);
        return doctor is not null && Allows(user, doctor, roles)
            ? (doctor, null)
            : (null, ApiResults.NotFound(NotFoundDetail));
    }
}
