using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Revalidation.Core.Common;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>
/// Alerts as the first release stored them (docs/decisions/0017): a string kind ("ro-rsd-60d") and a free-text detail
/// whose meaning depended on the kind. <see cref="TypedV2"/> is the upgrade step that reads them typed, on every adapter
/// (docs/decisions/0016). The key is never touched: an old alert and its typed form are one alert, sent once.
/// </summary>
public static partial class LegacyAlerts
{
    /// <summary>Version 2 (2026-12): the string kind and detail became <see cref="AlertKind"/> and <see cref="AlertFacts"/>.</summary>
    public static readonly DocumentUpgrade TypedV2 = new(1, "the alert's string kind and detail became a typed kind and facts", alert =>
    {
        var code = alert["kind"]?.GetValue<string>() ?? throw new InvalidDataException("A stored alert has no kind.");
        var detail = alert["detail"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var key = alert["key"]?.GetValue<string>() ?? string.Empty;
        var (kind, facts) = Read(code, detail, key);
        alert.Remove("detail");
        alert["kind"] = kind.ToString();
        alert["facts"] = JsonSerializer.SerializeToNode(facts, StoreJson.Options);
    });

    /// <summary>The typed kind and facts of an alert stored with <paramref name="code"/> and <paramref name="detail"/> under <paramref name="key"/>.</summary>
    public static (AlertKind Kind, AlertFacts Facts) Read(string code, string? detail, string key)
    {
        ArgumentNullException.ThrowIfNull(code);
        var cycle = Number(CyclePattern().Match(key ?? string.Empty));
        var threshold = ThresholdPattern().Match(code);
        if (threshold.Success)
        {
            var days = int.Parse(threshold.Groups[2].Value, CultureInfo.InvariantCulture);
            return threshold.Groups[1].Value == "appraisal"
                ? (AlertKind.AppraisalReminder, new AlertFacts { DaysBefore = days, AppraisalYear = detail })
                : (AlertKind.ResponsibleOfficerReminder, new AlertFacts { CycleNumber = cycle, DaysBefore = days, Gaps = Readiness(detail) });
        }

        var recommendation = RecommendationPattern().Match(key ?? string.Empty) is { Success: true } r ? Guid.ParseExact(r.Groups[1].Value, "N") : (Guid?)null;
        return code switch
        {
            "connection-check" => (AlertKind.ConnectionCheck, new AlertFacts { CycleNumber = cycle }),
            "appraisal-overdue" => (AlertKind.AppraisalOverdue, new AlertFacts { AppraisalYear = detail }),
            "doctor-gaps" => (AlertKind.DoctorGaps, new AlertFacts { CycleNumber = cycle, Gaps = Readiness(detail) }),
            "ro-rsd-overdue" => (AlertKind.ResponsibleOfficerOverdue, new AlertFacts { CycleNumber = cycle, Gaps = Readiness(detail) }),
            "md-rsd-passed" => (AlertKind.RsdPassed, new AlertFacts { CycleNumber = cycle }),
            // Directory sync kept a sentence here; the scan kept nothing. The wording is the template's now.
            "ro-leaver" => (AlertKind.Leaver, AlertFacts.None),
            "weekly-digest" => (AlertKind.WeeklyDigest, new AlertFacts { Digest = string.IsNullOrEmpty(detail) ? null : JsonSerializer.Deserialize<DigestFigures>(detail, StoreJson.Options) }),
            "admin-dead-letter" => (AlertKind.DeadLetterNotice, new AlertFacts { UndeliveredKind = detail is null ? null : Read(detail, null, string.Empty).Kind }),
            "ro-gmc-approved" => (AlertKind.GmcApproved, new AlertFacts { RecommendationId = recommendation, RecommendationType = Type(detail) }),
            "ro-gmc-rejected" => (AlertKind.GmcRejected, new AlertFacts { RecommendationId = recommendation, RecommendationType = Type(detail) }),
            "ro-gmc-refused" => (AlertKind.GmcRefused, GmcCoded(detail) with { RecommendationId = recommendation }),
            "admin-gmc-configuration" => (AlertKind.GmcConfiguration, GmcCoded(detail)),
            _ => throw new InvalidDataException($"A stored alert has the kind '{code}', which this version of the product does not know."),
        };
    }

    /// <summary>"ready" → 0, "3 gap(s)" → 3; anything else (none recorded) → not assessed.</summary>
    private static int? Readiness(string? detail) =>
        detail == "ready" ? 0 : GapsPattern().Match(detail ?? string.Empty) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static RecommendationType? Type(string? detail) => Enum.TryParse<RecommendationType>(detail, out var type) ? type : null;

    /// <summary>"code 12: meaning" → the code and its meaning.</summary>
    private static AlertFacts GmcCoded(string? detail)
    {
        var m = GmcCodePattern().Match(detail ?? string.Empty);
        return m.Success ? new AlertFacts { GmcCode = m.Groups[1].Value, GmcMeaning = m.Groups[2].Value } : new AlertFacts { GmcMeaning = detail };
    }

    private static int? Number(Match m) => m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("^(appraisal|ro-rsd)-([0-9]+)d$")]
    private static partial Regex ThresholdPattern();

    [GeneratedRegex("/cycle-([0-9]+)/")]
    private static partial Regex CyclePattern();

    [GeneratedRegex("/recommendation-([0-9a-f]{32})/")]
    private static partial Regex RecommendationPattern();

    [GeneratedRegex("^([0-9]+) gap")]
    private static partial Regex GapsPattern();

    [GeneratedRegex("^code ([^:]*): (.*)$", RegexOptions.Singleline)]
    private static partial Regex GmcCodePattern();
}
