namespace Revalidation.Contracts;

/// <summary>The GMC web service's return code for success: any other code is shown to the RO with its meaning.</summary>
public static class GmcReturnCode
{
    public const string Success = "0";
}

/// <summary>The two one-click connection changes of GMC Connect (docs/decisions/0013).</summary>
public enum GmcConnectionAction
{
    Add,
    Remove,
}

/// <summary>
/// The change reasons the GMC accepts, by code, as the client offers them (docs/decisions/0013). Core's own list is the
/// authority the API checks; Api.Tests keeps the two equal.
/// </summary>
public static class GmcChangeReasons
{
    public static readonly IReadOnlyDictionary<string, string> Add = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = "The doctor has a connection with this designated body",
        ["2"] = "Conflict of interest",
    };

    public static readonly IReadOnlyDictionary<string, string> Remove = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = "Conflict of interest",
        ["2"] = "Doctor has retired",
        ["3"] = "The doctor does not have a connection with this designated body",
    };
}
