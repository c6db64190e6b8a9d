using System.Collections.Concurrent;
using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Revalidation.Gmc.Tests;

/// <summary>One SOAP call as the fake GMC received it.</summary>
public sealed record GmcCall(string Operation, string? SoapAction, IReadOnlyDictionary<string, string> Fields, string? Username, string? Password);

/// <summary>What the fake answers: a result's fields (in order), a SOAP fault, a raw HTTP answer, or a delay first.</summary>
public sealed record GmcReply(IReadOnlyList<(string Name, object Value)>? Fields = null, bool Fault = false, string? Raw = null, int Status = 200, TimeSpan Delay = default);

/// <summary>
/// A local GMC Revalidation Web Services on loopback (Kestrel): it parses each SOAP 1.1 envelope, records the call, and answers
/// per operation like the GMC would (0 with a recommendation id; 91 for a second recommendation of a doctor; the doctors of
/// <see cref="Doctors"/>; statuses from <see cref="Statuses"/>), unless a test scripts the answer with <see cref="Script"/>.
/// It can be stopped and started again on the same port (the GMC down, then up).
/// </summary>
public sealed class FakeGmcServer : IAsyncDisposable
{
    public const string Ns = "https://webcache.gmc-uk.org/GMCWebServices/";
    private static readonly XNamespace Gmc = Ns;
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    private WebApplication? app;
    private int recommendationIds = 1000;

    public ConcurrentQueue<GmcCall> Calls { get; } = new();

    /// <summary>Open recommendations by doctor GMC number: the GMC's own "one open recommendation" rule (code 91).</summary>
    public ConcurrentDictionary<string, string> OpenByDoctor { get; } = new();

    /// <summary>Status by GMC recommendation id ("Under Review" when absent).</summary>
    public ConcurrentDictionary<string, string> Statuses { get; } = new();

    /// <summary>The doctors GetDoctorsForDB lists: each a map of field name to value.</summary>
    public List<Dictionary<string, string>> Doctors { get; } = [];

    /// <summary>A scripted answer for a call (null: the default behaviour).</summary>
    public Func<GmcCall, GmcReply?>? Script { get; set; }

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}/GMCWebServices/WebService.asmx");

    public IEnumerable<GmcCall> CallsOf(string operation) => Calls.Where(c => c.Operation == operation);

    public static async Task<FakeGmcServer> StartAsync()
    {
        var server = new FakeGmcServer();
        await server.StartAsync(0);
        return server;
    }

    public async Task StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        app = builder.Build();
        app.MapPost("/GMCWebServices/WebService.asmx", HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task HandleAsync(HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var operationElement = XDocument.Parse(text).Root!.Element(Soap + "Body")!.Elements().First();
        var operation = operationElement.Name.LocalName;
        var request = operationElement.Elements().FirstOrDefault(e => e.Name.LocalName is "RecReq" or "request");
        var fields = request?.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value) ?? [];
        var call = new GmcCall(operation, http.Request.Headers["SOAPAction"].FirstOrDefault(), fields,
            operationElement.Element(Gmc + "Username")?.Value, operationElement.Element(Gmc + "Password")?.Value);
        Calls.Enqueue(call);

        var reply = Script?.Invoke(call) ?? Default(call);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        http.Response.ContentType = "text/xml; charset=utf-8";
        if (reply.Raw is not null)
        {
            http.Response.StatusCode = reply.Status;
            await http.Response.WriteAsync(reply.Raw);
            return;
        }

        if (reply.Fault)
        {
            http.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
            await http.Response.WriteAsync(Envelope(new XElement(Soap + "Fault",
                new XElement("faultcode", "soap:Server"),
                new XElement("faultstring", "Server was unable to process request. ---> Object reference not set to an instance of an object."),
                new XElement("detail"))));
            return;
        }

        var result = new XElement(Gmc + (operation + "Result"), reply.Fields!.Select(f => f.Value switch
        {
            XElement element => element,
            var value => new XElement(Gmc + f.Name, value),
        }));
        await http.Response.WriteAsync(Envelope(new XElement(Gmc + (operation + "Response"), result)));
    }

    private GmcReply Default(GmcCall call)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        switch (call.Operation)
        {
            case "TryRecommendationV2":
                var doctor = call.Fields.GetValueOrDefault("DoctorUID") ?? string.Empty;
                if (OpenByDoctor.ContainsKey(doctor))
                {
                    return Reply(("ReturnCode", "91"), ("ClientRequestID", call.Fields.GetValueOrDefault("ClientRequestID") ?? string.Empty), ("GMCRequestID", id));
                }

                var recommendationId = Interlocked.Increment(ref recommendationIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                OpenByDoctor[doctor] = recommendationId;
                return Reply(("RecommendationID", recommendationId), ("ClientRequestID", call.Fields["ClientRequestID"]), ("GMCRequestID", id), ("ReturnCode", "0"),
                    ("SomethingNewFromTheGmc", "ignored by a tolerant client"));
            case "CheckRecommendationStatus":
                var status = Statuses.GetValueOrDefault(call.Fields.GetValueOrDefault("RecommendationId") ?? string.Empty) ?? "Under Review";
                return Reply(("ClientRequestID", call.Fields.GetValueOrDefault("ClientRequestId") ?? string.Empty), ("GMCRequestID", id), ("ReturnCode", "0"), ("Status", status));
            case "GetDoctorsForDB":
                var list = new XElement(Gmc + "Doctors", Doctors.Select(d => new XElement(Gmc + "GetDoctorsForDBResponse_Doctor", d.Select(f => new XElement(Gmc + f.Key, f.Value)))));
                return new GmcReply([("Doctors", list), ("ClientRequestID", call.Fields.GetValueOrDefault("ClientRequestID") ?? string.Empty), ("GMCRequestID", id), ("ReturnCode", "0")]);
            case "TryAddDoctor":
                return Reply(("ClientRequestID", call.Fields.GetValueOrDefault("ClientRequestID") ?? string.Empty), ("GMCRequestID", id), ("SubmissionDate", "01/06/2027"), ("ReturnCode", "0"));
            default:
                return Reply(("ClientRequestID", call.Fields.GetValueOrDefault("ClientRequestID") ?? string.Empty), ("GMCRequestID", id), ("ReturnCode", "0"));
        }
    }

    public static GmcReply Reply(params (string Name, object Value)[] fields) => new(fields);

    private static string Envelope(XElement content) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            new XElement(Soap + "Body", content)).ToString(SaveOptions.DisableFormatting);
}
