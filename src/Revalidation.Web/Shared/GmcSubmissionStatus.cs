using System.Globalization;

namespace Revalidation.Web.Shared;

/// <summary>How a recommendation's submission through the GMC web service reads to the RO: a tag, summary rows and an inset text.</summary>
public sealed record GmcSubmissionView(string Tag, string Colour, string Inset, IReadOnlyList<KeyValuePair<string, string>> Rows, bool OnItsWay);

/// <summary>
/// Maps <see cref="GmcSubmissionResponse"/> (docs/decisions/0013) to words: queued, sent, under review, approved, rejected at
/// review, refused with a return code and its meaning, held for a configuration problem, or an unknown code kept verbatim.
/// </summary>
public static class GmcSubmissionStatus
{
    /// <summary>The API refuses a manual outcome while the submission is queued or being sent; so does the UI.</summary>
    public static bool OnItsWay(RecommendationResponse? recommendation) =>
        recommendation?.GmcSubmission is { State: GmcSubmissionState.Queued or GmcSubmissionState.Sending };

    /// <summary>Null when the recommendation was not sent through the web service (a manual body: the RO submits in GMC Connect).</summary>
    public static GmcSubmissionView? Of(RecommendationResponse recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        if (recommendation.GmcSubmission is not { } s)
        {
            return null;
        }

        var rows = new List<KeyValuePair<string, string>> { new("Queued", Time(s.QueuedAt)) };
        if (s.Attempts > 0)
        {
            rows.Add(new("Attempts", s.Attempts.ToString(CultureInfo.InvariantCulture)));
        }

        if (s.SubmittedAt is { } sent)
        {
            rows.Add(new("Sent to the GMC", Time(sent)));
        }

        if (recommendation.GmcRecommendationId is { Length: > 0 } gmcId)
        {
            rows.Add(new("GMC recommendation id", gmcId));
        }

        var code = string.IsNullOrWhiteSpace(s.ReturnCode) ? null : s.ReturnCode.Trim();
        if (code is not null && code != GmcReturnCode.Success)
        {
            rows.Add(new("GMC return code", code));
            rows.Add(new("Meaning", s.ReturnCodeMeaning ?? "not given"));
        }

        if (s.GmcStatus is { Length: > 0 } status)
        {
            rows.Add(new("Last status from the GMC", status + (s.LastCheckedAt is { } checkedAt ? $" (checked {Time(checkedAt)})" : "")));
        }

        if (s.NextAttemptAt is { } next && s.State is GmcSubmissionState.Queued or GmcSubmissionState.Held)
        {
            rows.Add(new("Next attempt", Time(next)));
        }

        if (s.LastError is { Length: > 0 } error && s.State is GmcSubmissionState.Queued or GmcSubmissionState.Sending or GmcSubmissionState.Held)
        {
            rows.Add(new("Last problem", error));
        }

        return s.State switch
        {
            GmcSubmissionState.Queued => new("Queued for the GMC", "nhsuk-tag--grey",
                s.Attempts == 0
                    ? "The recommendation is queued for the GMC web service and will be sent within a few minutes. You cannot record an outcome by hand meanwhile."
                    : "The GMC's service could not take the recommendation yet. It will be tried again automatically; nothing needs doing. You cannot record an outcome by hand meanwhile.",
                rows, true),
            GmcSubmissionState.Sending => new("Sending to the GMC", "nhsuk-tag--blue",
                "The recommendation is being sent to the GMC now. You cannot record an outcome by hand meanwhile.", rows, true),
            GmcSubmissionState.Held => new("Held: configuration problem", "nhsuk-tag--orange",
                $"The GMC refused our web-service account (code {code ?? "none"}: {s.ReturnCodeMeaning ?? "not given"}). Your administrators have been alerted; the recommendation is sent again automatically once the account is fixed.",
                rows, false),
            GmcSubmissionState.RejectedByGmc when s.ReturnCodeUnknown || code is null => new("Unknown GMC answer", "nhsuk-tag--orange",
                code is null
                    ? "The GMC answered without a return code. Check the recommendation in GMC Connect before you make a new one."
                    : $"The GMC answered with return code {code}, which this product does not know. Check the recommendation in GMC Connect before you make a new one.",
                rows, false),
            GmcSubmissionState.RejectedByGmc => new("Rejected by the GMC", "nhsuk-tag--red",
                $"The GMC refused the recommendation with code {code}: {s.ReturnCodeMeaning ?? "not given"} Correct the record and make a new recommendation.",
                rows, false),
            _ => recommendation.Status switch
            {
                RecommendationStatus.Approved => new("Approved by the GMC", "nhsuk-tag--green",
                    $"The GMC approved the recommendation{(recommendation.OutcomeOn is { } on ? $" on {Tags.Date(on)}" : "")}.", rows, false),
                RecommendationStatus.Rejected => new("Not accepted at GMC review", "nhsuk-tag--red",
                    "The GMC did not accept the recommendation after review. Check GMC Connect for its reasons.", rows, false),
                RecommendationStatus.UnderReview => new("Under review by the GMC", "nhsuk-tag--yellow",
                    "The GMC is reviewing the recommendation. Its decision is checked every hour and recorded here.", rows, false),
                _ => new("Sent to the GMC", "nhsuk-tag--blue",
                    "The GMC has the recommendation. Its decision is checked every hour and recorded here.", rows, false),
            },
        };
    }

    private static string Time(DateTimeOffset t) => t.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
