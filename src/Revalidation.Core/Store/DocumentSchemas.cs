using System.Text.Json.Nodes;

namespace Revalidation.Core.Store;

/// <summary>
/// The schemas of the documents the stores keep, with every upgrade step since the first release (docs/decisions/0016).
/// Store adapters take this from dependency injection, so a test can run an adapter with a bumped model.
/// </summary>
public sealed record DocumentSchemas(DocumentSchema Doctor, DocumentSchema DoctorSummary, DocumentSchema DesignatedBody)
{
    /// <summary>
    /// The alert (an outbox message; docs/decisions/0017): version 2 (2026-12) typed its kind and facts
    /// (<see cref="Alerts.LegacyAlerts.TypedV2"/>). On SQLite the document is the kind and detail columns.
    /// </summary>
    public DocumentSchema Alert { get; init; } = new("alert", Alerts.LegacyAlerts.TypedV2);

    /// <summary>Version 2 (2026-12): the record's feature-owned parts each became one nested object (docs/decisions/0015).</summary>
    public static readonly DocumentUpgrade DoctorPartsV2 = new(1, "the feature-owned parts of the record (cycles, appraisals, evidence, recommendations, GMC link, concerns) nested", doctor =>
    {
        doctor["cycles"] = Part(doctor, "cycles");
        var appraisals = Part(doctor, "appraisals");
        appraisals["declarations"] = Take(doctor, "declarations") ?? new JsonArray();
        appraisals["dueMonth"] = Take(doctor, "appraisalDueMonth");
        if (Take(doctor, "appraiserId") is { } appraiser)
        {
            appraisals["appraiserId"] = appraiser;
        }

        doctor["appraisals"] = appraisals;
        doctor["evidence"] = Part(doctor, "evidence");
        doctor["recommendations"] = Part(doctor, "recommendations");
        var gmc = new JsonObject();
        if (Take(doctor, "gmcConnection") is { } connection)
        {
            gmc["connection"] = connection;
        }

        doctor["gmc"] = gmc;
        // Version 1 kept one investigation flag, set by the RO or by a list: kept as the RO's, so it still blocks (docs/domain.md#r10).
        var concerns = new JsonObject();
        if (Take(doctor, "underGmcInvestigation") is { } investigation)
        {
            concerns["roFlaggedInvestigation"] = investigation;
        }

        foreach (var name in new[] { "openLocalProcess", "responsibleOfficerConflict", "additionalResponsibleOfficer" })
        {
            if (Take(doctor, name) is { } value)
            {
                concerns[name] = value;
            }
        }

        doctor["concerns"] = concerns;
    });

    /// <summary>
    /// Version 3 (2026-12, clinical safety): R9's fifth criterion became an answer that may be "not applicable"
    /// (docs/domain.md#r9); a stored yes/no is kept as confirmed/not confirmed, and the sixth criterion starts unanswered.
    /// R16's probity statement became acceptance plus a declaration (docs/domain.md#r16): a stored confirmation meant
    /// "nothing to declare", and is kept as that.
    /// </summary>
    public static readonly DocumentUpgrade ClinicalSafetyV3 = new(2, "R9's fitness-to-practise criterion answered as confirmed, not confirmed or not applicable; R16 probity as acceptance plus a declaration", doctor =>
    {
        if (doctor["appraisals"]?["declarations"] is JsonArray declarations)
        {
            foreach (var declaration in declarations.OfType<JsonObject>())
            {
                if (!declaration.ContainsKey("nothingToDeclare") && declaration["probity"] is JsonValue probity && probity.TryGetValue<bool>(out var confirmed))
                {
                    declaration["nothingToDeclare"] = confirmed;
                }
            }
        }

        if (doctor["recommendations"]?["items"] is not JsonArray recommendations)
        {
            return;
        }

        foreach (var attestations in recommendations.Select(r => r?["details"]?["attestations"]).OfType<JsonObject>())
        {
            if (attestations["fitnessToPractiseConcernsNotified"] is JsonValue value && value.TryGetValue<bool>(out var confirmed))
            {
                attestations["fitnessToPractiseConcernsNotified"] = confirmed ? "Confirmed" : "NotConfirmed";
            }
        }
    });

    /// <summary>
    /// Summary version 2 (2026-12): the summary gained what the GMC says (On Hold), appraiser notes and "not applicable"
    /// answers; it is derived from its record, so an older one is computed again rather than upgraded.
    /// </summary>
    public static readonly DocumentUpgrade SummaryClinicalSafetyV2 = new(1, "computed again from its record (On Hold, appraiser notes, not-applicable answers)", _ => { });

    public static DocumentSchemas Current { get; } = new(
        new DocumentSchema("doctor", DoctorPartsV2, ClinicalSafetyV3),
        new DocumentSchema("doctor summary", SummaryClinicalSafetyV2),
        new DocumentSchema("designated body"));

    /// <summary>A version-1 list property, moved into a part object as its <c>items</c>.</summary>
    private static JsonObject Part(JsonObject doctor, string name) => new() { ["items"] = Take(doctor, name) ?? new JsonArray() };

    private static JsonNode? Take(JsonObject document, string name)
    {
        if (!document.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        document.Remove(name);
        return node;
    }
}
