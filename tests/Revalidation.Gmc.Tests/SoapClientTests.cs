using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Gmc;
using Revalidation.Infrastructure.Gmc;

namespace Revalidation.Gmc.Tests;

/// <summary>The SOAP 1.1 client alone against the local GMC server: every operation, faults, timeouts, a closed port.</summary>
public sealed class SoapClientTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private FakeGmcServer gmc = null!;

    public async Task InitializeAsync() => gmc = await FakeGmcServer.StartAsync();

    public async Task DisposeAsync() => await gmc.DisposeAsync();

    public void Dispose() => http.Dispose();

    private readonly CapturingLogger log = new();

    private GmcSoapClient Client(Uri? url = null, TimeSpan? timeout = null) =>
        new(http, url ?? gmc.Url, "user", "pass", timeout ?? TimeSpan.FromSeconds(5), log);

    private static GmcRecommendationRequest Request(string clientRequestId = "REVAL-1") =>
        new(clientRequestId, "1234567", "Smith", "7654321", "Jones", "1-AAAAAA", "1", null, null, null, "ro-user", "ro@example.nhs.uk");

    [Fact]
    public async Task TryRecommendationV2_SendsTheEnvelopeWithTheSoapActionAndCredentials_AndReadsTheResultIgnoringUnknownFields()
    {
        var answer = await Client().TryRecommendationV2Async(Request(), default);

        Assert.Equal("0", answer.ReturnCode);
        Assert.True(answer.Code.IsSuccess);
        Assert.False(string.IsNullOrEmpty(answer.RecommendationId));
        Assert.Equal("REVAL-1", answer.ClientRequestId);
        var call = Assert.Single(gmc.Calls);
        Assert.Equal("TryRecommendationV2", call.Operation);
        Assert.Equal("\"https://webcache.gmc-uk.org/GMCWebServices/TryRecommendationV2\"", call.SoapAction);
        Assert.Equal(("user", "pass"), (call.Username, call.Password));
        Assert.Equal(("1234567", "Smith", "7654321", "Jones", "1-AAAAAA", "1"),
            (call.Fields["DoctorUID"], call.Fields["DoctorSurname"], call.Fields["RoUID"], call.Fields["RoSurname"], call.Fields["RoDesignatedBodyCode"], call.Fields["RoRecommendation"]));
        Assert.False(call.Fields.ContainsKey("RequestedDeferralDate"));

        // The log names the operation and the code; never the credentials or the doctor.
        Assert.Contains(log.Messages, m => m.Contains("TryRecommendationV2", StringComparison.Ordinal) && m.Contains("return code 0", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.Contains("pass", StringComparison.Ordinal) || m.Contains("1234567", StringComparison.Ordinal) || m.Contains("Smith", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckRecommendationStatus_ReadsTheStatus()
    {
        gmc.Statuses["42"] = "Under Review";
        var answer = await Client().CheckRecommendationStatusAsync("1-AAAAAA", new GmcStatusRequest("REVAL-1", "1234567", "42", "ro-user"), default);

        Assert.Equal(("0", "Under Review"), (answer.ReturnCode, answer.Status));
        var call = Assert.Single(gmc.Calls);
        Assert.Equal(("1-AAAAAA", "42", "1234567"), (call.Fields["DesignatedBodyId"], call.Fields["RecommendationId"], call.Fields["GMCReferenceNumber"]));
    }

    [Fact]
    public async Task GetDoctorsForDB_ReadsEveryDoctor_SkippingNilEntries()
    {
        gmc.Script = c => c.Operation == "GetDoctorsForDB"
            ? new GmcReply(Raw: """
                <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>
                <GetDoctorsForDBResponse xmlns="https://webcache.gmc-uk.org/GMCWebServices/"><GetDoctorsForDBResult><Doctors>
                <GetDoctorsForDBResponse_Doctor><GMCReferenceNumber>1111111</GMCReferenceNumber><DoctorLastName>One</DoctorLastName><SubmissionDate>01/02/2027</SubmissionDate><UnderNotice>Yes</UnderNotice><Brand>x</Brand></GetDoctorsForDBResponse_Doctor>
                <GetDoctorsForDBResponse_Doctor xsi:nil="true" />
                <GetDoctorsForDBResponse_Doctor><GMCReferenceNumber>2222222</GMCReferenceNumber><Investigation>Yes</Investigation></GetDoctorsForDBResponse_Doctor>
                </Doctors><ClientRequestID>c-1</ClientRequestID><GMCRequestID>g-1</GMCRequestID><ReturnCode>0</ReturnCode></GetDoctorsForDBResult></GetDoctorsForDBResponse></soap:Body></soap:Envelope>
                """.Trim())
            : null;

        var answer = await Client().GetDoctorsForDbAsync("1-AAAAAA", "c-1", "job", default);

        Assert.Equal("0", answer.ReturnCode);
        Assert.Equal(["1111111", "2222222"], answer.Doctors.Select(d => d.GmcNumber));
        Assert.Equal(("01/02/2027", "Yes", null), (answer.Doctors[0].SubmissionDate, answer.Doctors[0].UnderNotice, answer.Doctors[0].Investigation));
        Assert.Equal("Yes", answer.Doctors[1].Investigation);
    }

    [Fact]
    public async Task TryAddDoctor_AndTryRemoveDoctor_SendTheChangeReason()
    {
        var change = new GmcConnectionChange("REVAL-ADD-1", "1234567", "2", "ro-user");

        var added = await Client().TryAddDoctorAsync("1-AAAAAA", change, default);
        var removed = await Client().TryRemoveDoctorAsync("1-AAAAAA", change with { ClientRequestId = "REVAL-REMOVE-1" }, default);

        Assert.Equal(("0", "01/06/2027"), (added.ReturnCode, added.SubmissionDate));
        Assert.Equal("0", removed.ReturnCode);
        Assert.Equal(["TryAddDoctor", "TryRemoveDoctor"], gmc.Calls.Select(c => c.Operation));
        Assert.All(gmc.Calls, c => Assert.Equal(("2", "1234567", "1-AAAAAA"), (c.Fields["ChangeReason"], c.Fields["DoctorUID"], c.Fields["DesignatedBodyCode"])));
        Assert.Equal("\"https://webcache.gmc-uk.org/GMCWebServices/TryRemoveDoctor\"", gmc.Calls.Last().SoapAction);
    }

    [Fact]
    public async Task AnyOperation_WhenTheServerAnswersASoap11Fault_FailsAsASoapFault()
    {
        gmc.Script = _ => new GmcReply(Fault: true);

        var failure = await Assert.ThrowsAsync<GmcUnavailableException>(() => Client().TryRecommendationV2Async(Request(), default));

        Assert.Equal(GmcFailureKind.SoapFault, failure.Kind);
        Assert.Contains("soap:Server", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.MayHaveReachedGmc);
    }

    [Fact]
    public async Task AnyOperation_WhenNoAnswerComesInTime_FailsAsATimeout()
    {
        gmc.Script = _ => new GmcReply([("ReturnCode", "0")], Delay: TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<GmcUnavailableException>(() => Client(timeout: TimeSpan.FromMilliseconds(300)).CheckRecommendationStatusAsync("1-AAAAAA", new("c", "1234567", "1", "u"), default));

        Assert.Equal(GmcFailureKind.Timeout, failure.Kind);
        Assert.True(failure.MayHaveReachedGmc);
    }

    [Fact]
    public async Task AnyOperation_WhenNothingListens_FailsAsUnreachable_SoARetryCannotDoubleSubmit()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await Assert.ThrowsAsync<GmcUnavailableException>(() => Client(new Uri($"http://127.0.0.1:{port}/x.asmx")).TryRecommendationV2Async(Request(), default));

        Assert.Equal(GmcFailureKind.Unreachable, failure.Kind);
        Assert.False(failure.MayHaveReachedGmc);
    }

    [Theory]
    [InlineData(502, "<html><body>Bad gateway</body></html>", GmcFailureKind.Transport)]
    [InlineData(200, "<not-soap/>", GmcFailureKind.Protocol)]
    [InlineData(200, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><Other/></soap:Body></soap:Envelope>", GmcFailureKind.Protocol)]
    public async Task AnyOperation_WhenTheAnswerIsNotTheExpectedEnvelope_FailsClearly(int status, string raw, GmcFailureKind kind)
    {
        gmc.Script = _ => new GmcReply(Raw: raw, Status: status);

        var failure = await Assert.ThrowsAsync<GmcUnavailableException>(() => Client().TryRecommendationV2Async(Request(), default));

        Assert.Equal(kind, failure.Kind);
    }
}

/// <summary>Keeps every formatted log message (a real ILogger, not a mock).</summary>
internal sealed class CapturingLogger : ILogger
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception));
}
