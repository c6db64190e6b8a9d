using Microsoft.AspNetCore.Http.HttpResults;
using Revalidation.Api.Http;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Api.Security;

/// <summary>
/// docs/architecture.md#security resource rules for a doctor's record: a doctor only their own, an appraiser only the
/// doctors allocated to them, RO, medical director and admin anything in their own designated body.
/// An appraiser's allocation counts only while they are one of the body's appraisers.
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
        doctor.DesignatedBody == user.DesignatedBody && Allows(user, doctor.DirectoryId, doctor.Appraisals.AppraiserId, roles);

    public static bool Allows(CurrentUser user, DoctorSummary doctor, IReadOnlyCollection<string> roles) =>
        doctor.DesignatedBody == user.DesignatedBody && Allows(user, null, doctor.AppraiserId, roles);

    /// <summary>Loads the doctor from the caller's designated body, if one of <paramref name="roles"/> grants the caller access to it.</summary>
    public static async Task<(DoctorRecord? Doctor, ProblemHttpResult? Problem)> LoadAsync(
        ApiServices api, CurrentUser user, Guid doctorId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var doctor = await api.DoctorStore.GetDoctorAsync(user.DesignatedBody, doctorId, cancellationToken);
        if (doctor is null || !Allows(user, doctor, roles))
        {
            return (null, ApiResults.NotFound(NotFoundDetail));
        }

        // An allocation counts only while the appraiser is one of the body's appraisers: removing them revokes it.
        if (!Allows(user, doctor, roles.Where(r => r != Roles.Appraiser).ToList()) && !await IsAppraiserOfBodyAsync(api, user, cancellationToken))
        {
            return (null, ApiResults.NotFound(NotFoundDetail));
        }

        return (doctor, null);
    }

    /// <summary>The caller is one of their designated body's appraisers (the admin has not removed them).</summary>
    public static async Task<bool> IsAppraiserOfBodyAsync(ApiServices api, CurrentUser user, CancellationToken cancellationToken) =>
        (await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, cancellationToken))?.Appraisers.Any(a => a.UserId == user.UserId) == true;
}
