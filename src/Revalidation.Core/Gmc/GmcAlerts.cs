using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Gmc;

/// <summary>The alerts of GMC Connect, each recorded once per deterministic key (docs/domain.md#alerts, ADR 0010).</summary>
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

    /// <summary>The wording of the GMC alerts (used by <see cref="AlertTemplates"/>); null for another kind. The detail is the code and its meaning, or the recommendation type.</summary>
    public static (string Subject, string[] Paragraphs)? Wording(string kind) => kind switch
    {
        OutcomeApprovedKind => ("The GMC approved the recommendation for {{doctor}}",
            ["The GMC has approved the {{detail}} recommendation for {{doctor}}. The record shows the outcome and, for a revalidation, the new cycle; the new revalidation date is estimated until the GMC's date arrives with the next reconciliation."]),
        OutcomeRejectedKind => ("The GMC rejected the recommendation for {{doctor}}",
            ["The GMC has rejected the {{detail}} recommendation for {{doctor}}. The recommendation is closed; a new one can be drafted."]),
        SubmissionRefusedKind => ("The GMC did not accept the recommendation for {{doctor}}",
            ["The GMC's web service refused the recommendation for {{doctor}} ({{detail}}). Nothing more will be sent for it: correct what the GMC names and draft a new recommendation, or submit in GMC Connect."]),
        ConfigurationKind => ("GMC Connect refused this product's web-service account",
            ["The GMC's web service answered {{detail}}. Submissions to the GMC are held until this is put right: check the account's user name and password, the IP addresses the GMC allows, and the account's access to the designated body."]),
        _ => null,
    };

    public static AlertRecord ToAdmin(DesignatedBodyCode body, GmcCode code, DateOnly today, DateTimeOffset now) =>
        new(Configuration(body, code.Code.Length == 0 ? "none" : code.Code, today), body, null, AlertRecipient.Admin, ConfigurationKind, today, now, AlertState.Pending,
            $"code {code.Code}: {code.Meaning}", today);
}
