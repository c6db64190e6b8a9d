using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Gmc;

/// <summary>
/// The alerts of GMC Connect, each recorded once per deterministic key (docs/domain.md#alerts, ADR 0010). Their wording
/// is in <see cref="AlertTemplates"/> with every other kind (docs/decisions/0017).
/// </summary>
public static class GmcAlerts
{
    public static string Outcome(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, string outcome) =>
        $"{body}/{doctorId:N}/recommendation-{recommendationId:N}/ro/gmc-{outcome}";

    /// <summary>One per body, return code and day: a wrong password does not send an email per recommendation.</summary>
    public static string Configuration(DesignatedBodyCode body, string code, DateOnly today) =>
        $"{body}/gmc/admin/configuration-{code}-{today:yyyyMMdd}";

    /// <summary>The RO is told of the GMC's outcome of a recommendation.</summary>
    public static AlertRecord OutcomeToResponsibleOfficer(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, bool approved, RecommendationType type, DateOnly today, DateTimeOffset now, DateOnly? refersTo)
    {
        var content = approved
            ? AlertContent.GmcApproved(recommendationId, type, refersTo ?? today)
            : AlertContent.GmcRejected(recommendationId, type, refersTo ?? today);
        return content.ToRecord(Outcome(body, doctorId, recommendationId, approved ? "approved" : "rejected"), body, doctorId, today, now);
    }

    /// <summary>The RO is told that the GMC's web service refused a submission (a rule code, kept verbatim).</summary>
    /// <param name="refusal">Which refusal of this recommendation it is (R7: a refused draft can be corrected and refused again; each is told).</param>
    public static AlertRecord RefusedToResponsibleOfficer(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, GmcCode code, DateOnly today, DateTimeOffset now, int refusal = 1) =>
        AlertContent.GmcRefused(recommendationId, code.Code, code.Meaning, today)
            .ToRecord(Outcome(body, doctorId, recommendationId, refusal <= 1 ? "refused" : $"refused-{refusal}"), body, doctorId, today, now);

    /// <summary>§4: a submission held for a configuration problem is told to the RO too (not only the admin): it is not with the GMC.</summary>
    public static AlertRecord HeldToResponsibleOfficer(DesignatedBodyCode body, Guid doctorId, Guid recommendationId, int cycle, DateOnly rsd, DateOnly today, DateTimeOffset now) =>
        AlertContent.GmcNotAcknowledged(cycle, 0, rsd).ToRecord(Outcome(body, doctorId, recommendationId, "held"), body, doctorId, today, now);

    public static AlertRecord ToAdmin(DesignatedBodyCode body, GmcCode code, DateOnly today, DateTimeOffset now) =>
        AlertContent.GmcConfiguration(code.Code, code.Meaning, today)
            .ToRecord(Configuration(body, code.Code.Length == 0 ? "none" : code.Code, today), body, null, today, now);
}
