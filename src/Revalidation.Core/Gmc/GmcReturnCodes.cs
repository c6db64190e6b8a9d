namespace Revalidation.Core.Gmc;

/// <summary>What a GMC return code means for us.</summary>
public enum GmcCodeKind
{
    /// <summary>0: done.</summary>
    Success,
    /// <summary>A rule of the GMC refused the request: shown to the RO, never retried.</summary>
    Rejected,
    /// <summary>Our account or set-up is wrong (credentials, IP address, access to the body): every request would fail alike. Held; admins alerted.</summary>
    Configuration,
    /// <summary>98, the GMC's internal error: try again later.</summary>
    RetryLater,
    /// <summary>A code this product does not know (the WSDL is from 2020): kept verbatim, shown, never retried.</summary>
    Unknown,
}

/// <summary>One return code and what it means.</summary>
public sealed record GmcCode(string Code, GmcCodeKind Kind, string Meaning)
{
    public bool IsSuccess => Kind == GmcCodeKind.Success;
}

/// <summary>
/// Every return code of the GMC Revalidation Web Services, as documented, and how the product treats it. 80, 110 and
/// 150 are systemic (our designated body code or our internal user is wrong for every request), so they are treated
/// as configuration problems like 81 and 99, not as a refusal of one recommendation.
/// </summary>
public static class GmcReturnCodes
{
    public const string Success = "0";
    public const string OpenRecommendationExists = "91";
    public const string InternalError = "98";

    private static readonly Dictionary<string, (GmcCodeKind Kind, string Meaning)> Known = new(StringComparer.Ordinal)
    {
        ["0"] = (GmcCodeKind.Success, "Success."),
        ["70"] = (GmcCodeKind.Rejected, "The doctor's GMC reference number is missing or invalid."),
        ["80"] = (GmcCodeKind.Configuration, "The designated body code is missing or invalid."),
        ["81"] = (GmcCodeKind.Configuration, "The web-service account has no access to this designated body."),
        ["82"] = (GmcCodeKind.Rejected, "The doctor's surname is missing."),
        ["84"] = (GmcCodeKind.Rejected, "The responsible officer's GMC reference number is missing or invalid."),
        ["85"] = (GmcCodeKind.Rejected, "The responsible officer's surname is missing."),
        ["87"] = (GmcCodeKind.Rejected, "The recommendation is invalid."),
        ["88"] = (GmcCodeKind.Rejected, "The recommendation reason is invalid."),
        ["89"] = (GmcCodeKind.Rejected, "The deferral date is invalid or unexpected."),
        ["90"] = (GmcCodeKind.Rejected, "The doctor is not subject to revalidation."),
        ["91"] = (GmcCodeKind.Rejected, "The GMC already holds an open recommendation for this doctor."),
        ["92"] = (GmcCodeKind.Rejected, "The doctor is not under notice."),
        ["93"] = (GmcCodeKind.Rejected, "The doctor's revalidation is on hold."),
        ["94"] = (GmcCodeKind.Rejected, "The recommendation sub-reason is invalid."),
        ["95"] = (GmcCodeKind.Rejected, "The responsible officer is not licensed."),
        ["96"] = (GmcCodeKind.Rejected, "The responsible officer is missing."),
        ["97"] = (GmcCodeKind.Rejected, "The responsible officer's recommendation sub-reasons are missing."),
        ["98"] = (GmcCodeKind.RetryLater, "The GMC's service had an internal error; the request will be tried again."),
        ["99"] = (GmcCodeKind.Configuration, "The GMC refused the credentials (user name, password or the caller's IP address)."),
        ["100"] = (GmcCodeKind.Rejected, "The doctor is already associated with your designated body."),
        ["110"] = (GmcCodeKind.Configuration, "The internal user is missing."),
        ["120"] = (GmcCodeKind.Rejected, "The change reason is missing or invalid."),
        ["130"] = (GmcCodeKind.Rejected, "The recommendation id is invalid."),
        ["140"] = (GmcCodeKind.Rejected, "The doctor is not associated with your designated body."),
        ["150"] = (GmcCodeKind.Configuration, "The internal user's email address is missing."),
        ["160"] = (GmcCodeKind.Rejected, "The doctor's designated-body history is locked."),
        ["161"] = (GmcCodeKind.Rejected, "A deferral cannot be submitted before the revalidation date minus 120 days."),
    };

    /// <summary>Every documented code (for tests and the README).</summary>
    public static IReadOnlyCollection<string> Documented => Known.Keys;

    /// <summary>The meaning of a code; an unknown or missing one is kept verbatim.</summary>
    public static GmcCode Describe(string? code)
    {
        var trimmed = code?.Trim() ?? string.Empty;
        return Known.TryGetValue(trimmed, out var known)
            ? new GmcCode(trimmed, known.Kind, known.Meaning)
            : new GmcCode(trimmed, GmcCodeKind.Unknown, trimmed.Length == 0
                ? "The GMC answered without a return code."
                : $"The GMC answered with return code '{Clip(trimmed)}', which this product does not know; check GMC Connect.");
    }

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20];
}
