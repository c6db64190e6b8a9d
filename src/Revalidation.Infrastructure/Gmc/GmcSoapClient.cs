using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Gmc;

namespace Revalidation.Infrastructure.Gmc;

/// <summary>
/// A typed SOAP 1.1 client of the GMC Revalidation Web Services (document/literal), over one <see cref="HttpClient"/>,
/// for one account. Envelopes are built and read with System.Xml.Linq; unknown elements are ignored and every value is
/// kept as text. A SOAP fault, an HTTP error without an envelope, a malformed answer, a timeout or a refused
/// connection is a <see cref="GmcUnavailableException"/>. The password travels in the body (as the service wants) and
/// is never logged.
/// </summary>
public sealed partial class GmcSoapClient(HttpClient http, Uri url, string username, string password, TimeSpan timeout, ILogger logger)
{
    public const string Namespace = "https://webcache.gmc-uk.org/GMCWebServices/";

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Gmc = Namespace;

    public async Task<GmcRecommendationAnswer> TryRecommendationV2Async(GmcRecommendationRequest r, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        var request = new XElement(Gmc + "RecReq",
            Field("DoctorSurname", r.DoctorSurname),
            Field("DoctorUID", r.DoctorGmcNumber),
            Field("RoSurname", r.RoSurname),
            Field("RoUID", r.RoGmcNumber),
            Field("RoDesignatedBodyCode", r.DesignatedBodyCode),
            Field("RoPhoneNumber", r.RoPhoneNumber),
            Field("RoRecommendation", r.Recommendation),
            Field("RoRecommendationReason", r.Reason),
            Field("RequestedDeferralDate", r.DeferralDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
            Field("ClientRequestID", r.ClientRequestId),
            Field("InternalUser", r.InternalUser),
            Field("InternalUserEmailAddress", r.InternalUserEmail),
            Field("RoRecommendationSubreason", r.SubReason));
        var result = await CallAsync("TryRecommendationV2", request, cancellationToken);
        return new GmcRecommendationAnswer(Value(result, "ReturnCode"), Value(result, "GMCRequestID"), Value(result, "ClientRequestID"), Value(result, "RecommendationID"));
    }

    public async Task<GmcStatusAnswer> CheckRecommendationStatusAsync(string designatedBody, GmcStatusRequest r, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        var request = new XElement(Gmc + "request",
            Field("DesignatedBodyId", designatedBody),
            Field("ClientRequestId", r.ClientRequestId),
            Field("InternalUserId", r.InternalUser),
            Field("GMCReferenceNumber", r.DoctorGmcNumber),
            Field("RecommendationId", r.RecommendationId));
        var result = await CallAsync("CheckRecommendationStatus", request, cancellationToken);
        return new GmcStatusAnswer(Value(result, "ReturnCode"), Value(result, "GMCRequestID"), Value(result, "ClientRequestID"), Value(result, "Status"));
    }

    public async Task<GmcDoctorsAnswer> GetDoctorsForDbAsync(string designatedBody, string clientRequestId, string internalUser, CancellationToken cancellationToken)
    {
        var request = new XElement(Gmc + "request",
            Field("DesignatedBodyCode", designatedBody),
            Field("ClientRequestID", clientRequestId),
            Field("InternalUser", internalUser));
        var result = await CallAsync("GetDoctorsForDB", request, cancellationToken);
        var doctors = Child(result, "Doctors")?.Elements()
            .Where(e => e.Name.LocalName == "GetDoctorsForDBResponse_Doctor" && !IsNil(e))
            .Select(d => new GmcConnectedDoctor(
                Value(d, "GMCReferenceNumber") ?? string.Empty,
                Value(d, "DoctorFirstName"),
                Value(d, "DoctorLastName"),
                Value(d, "SubmissionDate"),
                Value(d, "DoctorStatus"),
                Value(d, "DateAdded"),
                Value(d, "UnderNotice"),
                Value(d, "Investigation"),
                Value(d, "PreliminaryInvestigation"),
                Value(d, "Sanction")))
            .ToList() ?? [];
        return new GmcDoctorsAnswer(Value(result, "ReturnCode"), Value(result, "GMCRequestID"), Value(result, "ClientRequestID"), doctors);
    }

    public async Task<GmcConnectionAnswer> TryAddDoctorAsync(string designatedBody, GmcConnectionChange c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        var request = new XElement(Gmc + "RecReq",
            Field("DoctorUID", c.DoctorGmcNumber),
            Field("DesignatedBodyCode", designatedBody),
            Field("ClientRequestID", c.ClientRequestId),
            Field("ChangeReason", c.ChangeReason),
            Field("InternalUser", c.InternalUser));
        var result = await CallAsync("TryAddDoctor", request, cancellationToken);
        return new GmcConnectionAnswer(Value(result, "ReturnCode"), Value(result, "GMCRequestID"), Value(result, "ClientRequestID"), Value(result, "SubmissionDate"));
    }

    public async Task<GmcConnectionAnswer> TryRemoveDoctorAsync(string designatedBody, GmcConnectionChange c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        var request = new XElement(Gmc + "RecReq",
            Field("DoctorUID", c.DoctorGmcNumber),
            Field("DesignatedBodyCode", designatedBody),
            Field("ChangeReason", c.ChangeReason),
            Field("ClientRequestID", c.ClientRequestId),
            Field("InternalUser", c.InternalUser));
        var result = await CallAsync("TryRemoveDoctor", request, cancellationToken);
        return new GmcConnectionAnswer(Value(result, "ReturnCode"), Value(result, "GMCRequestID"), Value(result, "ClientRequestID"));
    }

    /// <summary>Sends one operation and returns its <c>{Operation}Result</c> element.</summary>
    private async Task<XElement> CallAsync(string operation, XElement request, CancellationToken cancellationToken)
    {
        var envelope = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap),
                new XElement(Soap + "Body",
                    new XElement(Gmc + operation, new XAttribute("xmlns", Namespace), request,
                        new XElement(Gmc + "Username", username),
                        new XElement(Gmc + "Password", password)))));
        using var message = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(envelope.Declaration + envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        message.Headers.TryAddWithoutValidation("SOAPAction", $"\"{Namespace}{operation}\"");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, operation, "timeout", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new GmcUnavailableException(GmcFailureKind.Timeout, operation, $"no answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            var refused = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable };
            LogFailed(logger, operation, ex.HttpRequestError.ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new GmcUnavailableException(refused ? GmcFailureKind.Unreachable : GmcFailureKind.Transport, operation,
                refused ? $"the service could not be reached ({ex.HttpRequestError})." : $"the connection failed ({ex.HttpRequestError}).", ex);
        }

        XElement body;
        try
        {
            body = XDocument.Parse(text).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")
                ?? throw new GmcUnavailableException(status >= HttpStatusCode.BadRequest ? GmcFailureKind.Transport : GmcFailureKind.Protocol, operation,
                    $"HTTP {(int)status}: the answer has no SOAP body.");
        }
        catch (XmlException)
        {
            LogFailed(logger, operation, $"HTTP {(int)status}, not XML", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new GmcUnavailableException(status >= HttpStatusCode.BadRequest ? GmcFailureKind.Transport : GmcFailureKind.Protocol, operation,
                $"HTTP {(int)status}: the answer is not a SOAP envelope.");
        }

        if (body.Elements().FirstOrDefault(e => e.Name.LocalName == "Fault") is { } fault)
        {
            var code = fault.Elements().FirstOrDefault(e => e.Name.LocalName == "faultcode")?.Value.Trim();
            var reason = fault.Elements().FirstOrDefault(e => e.Name.LocalName == "faultstring")?.Value.Trim();
            LogFailed(logger, operation, $"SOAP fault {code}", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new GmcUnavailableException(GmcFailureKind.SoapFault, operation, $"SOAP fault {code}: {Clip(reason)}");
        }

        var result = body.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Response")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result");
        if (result is null)
        {
            LogFailed(logger, operation, $"HTTP {(int)status}, no result", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new GmcUnavailableException(status >= HttpStatusCode.BadRequest ? GmcFailureKind.Transport : GmcFailureKind.Protocol, operation,
                $"HTTP {(int)status}: the answer has no {operation}Result.");
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var returnCode = Value(result, "ReturnCode") ?? "-";
        LogCalled(logger, operation, returnCode, elapsed);
        return result;
    }

    private static XElement? Field(string name, string? value) => value is null ? null : new XElement(Gmc + name, value);

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Value(XElement parent, string name) => Child(parent, name) is { } e && !IsNil(e) ? e.Value : null;

    private static bool IsNil(XElement e) => e.Attributes().Any(a => a.Name.LocalName == "nil" && a.Value == "true");

    private static string Clip(string? text) => text is null ? string.Empty : text.Length <= 200 ? text : text[..200];

    // Operation, code and time only: never the request, the answer (names, GMC numbers) or the credentials.
    [LoggerMessage(Level = LogLevel.Information, Message = "GMC {Operation}: return code {ReturnCode} in {Milliseconds:0} ms")]
    private static partial void LogCalled(ILogger logger, string operation, string returnCode, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GMC {Operation} failed: {Failure} after {Milliseconds:0} ms")]
    private static partial void LogFailed(ILogger logger, string operation, string failure, double milliseconds);
}
