using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Core.Gmc;

/// <summary>How a designated body deals with the GMC (configuration "Gmc:Bodies:{code}:Mode").</summary>
public enum GmcMode
{
    /// <summary>The RO submits in the GMC Connect website and records the submission and the outcome here.</summary>
    Manual,
    /// <summary>The product talks to the GMC Revalidation Web Services (SOAP) with the body's account.</summary>
    WebService,
}

/// <summary>What <c>TryRecommendationV2</c> carries (every field is text on the wire).</summary>
public sealed record GmcRecommendationRequest(
    string ClientRequestId,
    string DoctorGmcNumber,
    string DoctorSurname,
    string RoGmcNumber,
    string RoSurname,
    string DesignatedBodyCode,
    string Recommendation,
    string? Reason,
    string? SubReason,
    DateOnly? DeferralDate,
    string InternalUser,
    string? InternalUserEmail,
    string? RoPhoneNumber = null);

/// <summary>Every answer carries the GMC's return code (verbatim) and its request id.</summary>
public abstract record GmcAnswer(string? ReturnCode, string? GmcRequestId, string? ClientRequestId)
{
    public GmcCode Code => GmcReturnCodes.Describe(ReturnCode);
}

public sealed record GmcRecommendationAnswer(string? ReturnCode, string? GmcRequestId, string? ClientRequestId, string? RecommendationId)
    : GmcAnswer(ReturnCode, GmcRequestId, ClientRequestId);

public sealed record GmcStatusRequest(string ClientRequestId, string DoctorGmcNumber, string? RecommendationId, string InternalUser);

/// <summary><see cref="Status"/> is the GMC's text: "Approved", "Rejected", "Under Review" (or something new, kept verbatim).</summary>
public sealed record GmcStatusAnswer(string? ReturnCode, string? GmcRequestId, string? ClientRequestId, string? Status)
    : GmcAnswer(ReturnCode, GmcRequestId, ClientRequestId);

/// <summary>One doctor of <c>GetDoctorsForDB</c> (or a row of the GMC Connect list uploaded as CSV). Text as the GMC gives it.</summary>
public sealed record GmcConnectedDoctor(
    string GmcNumber,
    string? FirstName,
    string? LastName,
    string? SubmissionDate,
    string? DoctorStatus,
    string? DateAdded,
    string? UnderNotice,
    string? Investigation,
    string? PreliminaryInvestigation,
    string? Sanction);

public sealed record GmcDoctorsAnswer(string? ReturnCode, string? GmcRequestId, string? ClientRequestId, IReadOnlyList<GmcConnectedDoctor> Doctors)
    : GmcAnswer(ReturnCode, GmcRequestId, ClientRequestId);

/// <summary>A change of connection (<c>TryAddDoctor</c> / <c>TryRemoveDoctor</c>): the GMC requires a change reason code.</summary>
public sealed record GmcConnectionChange(string ClientRequestId, string DoctorGmcNumber, string ChangeReason, string InternalUser);

public sealed record GmcConnectionAnswer(string? ReturnCode, string? GmcRequestId, string? ClientRequestId, string? SubmissionDate = null)
    : GmcAnswer(ReturnCode, GmcRequestId, ClientRequestId);

/// <summary>Why a call to the GMC did not produce an answer.</summary>
public enum GmcFailureKind
{
    /// <summary>No connection could be made (refused, DNS, TLS): the request did not reach the GMC.</summary>
    Unreachable,
    /// <summary>No answer within the configured timeout: the request may have reached the GMC.</summary>
    Timeout,
    /// <summary>The connection dropped or the server answered with an HTTP error and no SOAP envelope.</summary>
    Transport,
    /// <summary>A SOAP 1.1 fault.</summary>
    SoapFault,
    /// <summary>The answer was not the expected SOAP envelope.</summary>
    Protocol,
    /// <summary>The body is not set up for the web service.</summary>
    NotConfigured,
}

/// <summary>A transport or protocol failure talking to the GMC: the caller retries later (never for a return code).</summary>
public sealed class GmcUnavailableException : Exception
{
    public GmcUnavailableException(GmcFailureKind kind, string operation, string message, Exception? inner = null)
        : base($"GMC {operation}: {message}", inner)
    {
        Kind = kind;
        Operation = operation;
    }

    public GmcUnavailableException()
        : this(GmcFailureKind.Transport, "call", "failed")
    {
    }

    public GmcUnavailableException(string message)
        : this(GmcFailureKind.Transport, "call", message)
    {
    }

    public GmcUnavailableException(string message, Exception inner)
        : this(GmcFailureKind.Transport, "call", message, inner)
    {
    }

    public GmcFailureKind Kind { get; }

    public string Operation { get; } = "call";

    /// <summary>Whether the request may have reached the GMC (anything but "unreachable" and "not configured").</summary>
    public bool MayHaveReachedGmc => Kind is not (GmcFailureKind.Unreachable or GmcFailureKind.NotConfigured);
}

/// <summary>
/// The GMC port: which route each designated body takes, and the web service's operations for the bodies that use it.
/// Adapters: <c>ManualGmcConnect</c> (every body manual; the default) and the SOAP web-service adapter. An operation
/// returns the GMC's answer whatever its return code; it throws <see cref="GmcUnavailableException"/> only when no
/// answer came (transport, timeout, SOAP fault, malformed envelope).
/// </summary>
public interface IGmcConnect
{
    GmcMode ModeOf(DesignatedBodyCode body);

    /// <summary>The bodies that use the web service (what the jobs go through).</summary>
    IReadOnlyList<DesignatedBodyCode> WebServiceBodies { get; }

    Task<GmcRecommendationAnswer> TryRecommendationV2Async(DesignatedBodyCode body, GmcRecommendationRequest request, CancellationToken cancellationToken = default);

    Task<GmcStatusAnswer> CheckRecommendationStatusAsync(DesignatedBodyCode body, GmcStatusRequest request, CancellationToken cancellationToken = default);

    Task<GmcDoctorsAnswer> GetDoctorsForDbAsync(DesignatedBodyCode body, string clientRequestId, string internalUser, CancellationToken cancellationToken = default);

    Task<GmcConnectionAnswer> TryAddDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default);

    Task<GmcConnectionAnswer> TryRemoveDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default);
}

/// <summary>The manual route for every body: nothing is sent; the RO records submissions and outcomes (the default adapter).</summary>
public sealed class ManualGmcConnect : IGmcConnect
{
    public static ManualGmcConnect Instance { get; } = new();

    public GmcMode ModeOf(DesignatedBodyCode body) => GmcMode.Manual;

    public IReadOnlyList<DesignatedBodyCode> WebServiceBodies => [];

    public Task<GmcRecommendationAnswer> TryRecommendationV2Async(DesignatedBodyCode body, GmcRecommendationRequest request, CancellationToken cancellationToken = default) =>
        throw NotConfigured(body, "TryRecommendationV2");

    public Task<GmcStatusAnswer> CheckRecommendationStatusAsync(DesignatedBodyCode body, GmcStatusRequest request, CancellationToken cancellationToken = default) =>
        throw NotConfigured(body, "CheckRecommendationStatus");

    public Task<GmcDoctorsAnswer> GetDoctorsForDbAsync(DesignatedBodyCode body, string clientRequestId, string internalUser, CancellationToken cancellationToken = default) =>
        throw NotConfigured(body, "GetDoctorsForDB");

    public Task<GmcConnectionAnswer> TryAddDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default) =>
        throw NotConfigured(body, "TryAddDoctor");

    public Task<GmcConnectionAnswer> TryRemoveDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default) =>
        throw NotConfigured(body, "TryRemoveDoctor");

    internal static GmcUnavailableException NotConfigured(DesignatedBodyCode body, string operation) =>
        new(GmcFailureKind.NotConfigured, operation, $"designated body {body} uses the manual route (no web-service account is configured).");
}
