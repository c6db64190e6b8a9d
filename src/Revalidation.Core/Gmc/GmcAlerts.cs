using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Gmc;

/// <summary>The alerts of GMC Connect, each recorded once per deterministic key (DESIGN.md §4, ADR 0010).</summary>
public static class GmcAlerts
{
    public const string OutcomeApprovedKind = "ro-gmc-approved";
    public const string OutcomeRejectedKind = "ro-gmc-rejected";
    public const string SubmissionRefusedKind = "ro-gmc-refused";
    public const string ConfigurationKind = "admin-gmc-configuration";

    public static string Outcome(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, string outcome) =>
        $"{body}/{doctorId:N}/recommendation-{recommendationId:N}/ro/gmc-{outcome}";

    /// <summary>One per body, return code and day: a wrong password does not send an email per recommendation.</summary>
    public static string Configuration(DesignatedBodyCode body, string code, DateOnly today) =>
        $"{body}/gmc/admin/configuration-{code}-{today:yyyyMMdd}";

    public static AlertRecord ToResponsibleOfficer(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, string kind, string detail, DateOnly today, DateTimeOffset now, DateOnly? refersTo) =>
        new(Outcome(body, doctorId, recommendationId, kind["ro-gmc-".Length..]), body, doctorId, AlertRecipient.ResponsibleOfficer, kind, today, now, AlertState.Pending, detail, refersTo ?? today);

    public static AlertRecord ToAdmin(DesignatedBodyCode body, GmcCode code, DateOnly today, DateTimeOffset now) =>
        new(Configuration(body, code.Code.Length == 0 ? "none" : code.Code, today), body, null, AlertRecipient.Admin, ConfigurationKind, today, now, AlertState.Pending,
            $"code {code.Code}: {code.Meaning}", today);
}
