using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Revalidation.Alerts.Tests.Support;
using Revalidation.Core.Alerts;
using Revalidation.Infrastructure.Mail;

namespace Revalidation.Alerts.Tests.Mail;

/// <summary>
/// The MailKit adapter against a real SMTP server on 127.0.0.1, and against the faults a relay shows: refused
/// connections, 421/451/550 replies, a connection dropped mid-DATA, a server slower than the timeout.
/// Timeouts are short here, so that the slow cases take a fraction of a second.
/// </summary>
public sealed class SmtpMailSenderTests : IAsyncLifetime
{
    private static readonly OutgoingMail Mail = new(
        "alert-0123456789abcdef@northfield.example",
        new MailAddressee("revalidation@northfield.example", "Revalidation"),
        new MailAddressee("doctor@northfield.example", "Dr Amara Adebayo"),
        "Your 2026/27 appraisal is due in December 2026",
        "Dear Dr Amara Adebayo,\n\nYour appraisal is due.\n",
        "<p>Dear Dr Amara Adebayo,</p><p>Your appraisal is due.</p>");

    private SmtpTestServer server = null!;

    public async Task InitializeAsync() => server = await SmtpTestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task SendAsync_WhenTheRelayAccepts_DeliversOneMultipartMessageWithItsMessageId()
    {
        var result = await Sender(server.Port).SendAsync(Mail);

        Assert.Equal(MailSendStatus.Sent, result.Status);
        var message = Assert.Single(server.Messages);
        Assert.Equal(Mail.MessageId, message.MessageId);
        Assert.Equal(Mail.Subject, message.Subject);
        Assert.Equal("doctor@northfield.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Dr Amara Adebayo", Assert.Single(message.To.Mailboxes).Name);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("Your appraisal is due.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>Your appraisal is due.</p>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
    }

    [Theory]
    [InlineData("ro@demo-trust.example\r\nBcc: x@evil.example")]
    [InlineData("a@b.example, c@d.example")]
    public async Task SendAsync_WhenTheAddressCannotBeBuilt_ReportsAPermanentFailureWithoutTheAddressAndSendsNothing(string address)
    {
        var result = await Sender(server.Port).SendAsync(Mail with { To = new MailAddressee(address, "Dr Amara Adebayo") });

        Assert.Equal(MailSendStatus.PermanentFailure, result.Status);
        Assert.DoesNotContain("example", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Offered);
    }

    [Fact]
    public async Task SendAsync_WhenNothingListens_ReportsTheRelayUnavailable()
    {
        var result = await Sender(SmtpTestServer.FreePort()).SendAsync(Mail);

        Assert.Equal(MailSendStatus.Unavailable, result.Status);
        Assert.Contains("connect", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(451, MailSendStatus.TransientFailure)]
    [InlineData(452, MailSendStatus.TransientFailure)]
    [InlineData(421, MailSendStatus.Unavailable)]
    [InlineData(550, MailSendStatus.PermanentFailure)]
    [InlineData(554, MailSendStatus.PermanentFailure)]
    public async Task SendAsync_WhenTheRelayRepliesWithAnErrorToTheMessage_ClassifiesItByReplyCode(int code, MailSendStatus expected)
    {
        server.Reply = _ => SmtpTestServer.Code(code, "Not now");

        var result = await Sender(server.Port).SendAsync(Mail);

        Assert.Equal(expected, result.Status);
        Assert.Contains($"SMTP {code}", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_WhenTheRelayRejectsTheRecipient_IsPermanentAndTheErrorQuotesNoAddress()
    {
        server.RejectRecipients = true;

        var result = await Sender(server.Port).SendAsync(Mail);

        Assert.Equal(MailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("recipient not accepted", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("@", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WhenTheConnectionDropsMidData_ReportsTheRelayUnavailable()
    {
        await using var dropping = new ScriptedSmtpServer(ScriptedSmtpServer.Fault.DropMidData);

        var result = await Sender(dropping.Port).SendAsync(Mail);

        Assert.Equal(MailSendStatus.Unavailable, result.Status);
        Assert.True(dropping.DataBytesReceived > 0, "the drop happened after the content started");
    }

    [Fact]
    public async Task SendAsync_WhenTheRelayAnswersSlowerThanTheTimeout_GivesUpWithinTheTimeout()
    {
        server.Delay = TimeSpan.FromSeconds(10);
        var watch = Stopwatch.StartNew();

        var result = await Sender(server.Port, timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Mail);

        Assert.Equal(MailSendStatus.Unavailable, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {watch.Elapsed}");
    }

    [Fact]
    public async Task SendAsync_WhenTheServerNeverGreets_GivesUpWithinTheTimeout()
    {
        await using var silent = new ScriptedSmtpServer(ScriptedSmtpServer.Fault.NeverGreets);
        var watch = Stopwatch.StartNew();

        var result = await Sender(silent.Port, timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Mail);

        Assert.Equal(MailSendStatus.Unavailable, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {watch.Elapsed}");
    }

    [Fact]
    public async Task SendAsync_WhenTheCallerCancels_Throws()
    {
        server.Delay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(server.Port).SendAsync(Mail, cancel.Token));
    }

    [Theory]
    [InlineData("127.0.0.1", SmtpSecurity.None, true)]
    [InlineData("localhost", SmtpSecurity.None, true)]
    [InlineData("::1", SmtpSecurity.None, true)]
    [InlineData("smtp.northfield.example", SmtpSecurity.None, false)]
    [InlineData("10.0.0.5", SmtpSecurity.None, false)]
    [InlineData("smtp.northfield.example", SmtpSecurity.StartTls, true)]
    [InlineData("smtp.northfield.example", SmtpSecurity.SslOnConnect, true)]
    public void SmtpOptions_WhenTlsIsOff_AreValidOnlyForLoopback(string host, SmtpSecurity security, bool valid)
    {
        var options = new SmtpOptions { Host = host, Security = security };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void SmtpOptions_WhenOnlyOneOfUserNameAndPasswordIsSet_AreInvalid()
    {
        var options = new SmtpOptions { Host = "smtp.northfield.example", UserName = "relay-user" };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    private static SmtpMailSender Sender(int port, TimeSpan? timeout = null) =>
        new(Options.Create(new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.None,
            Timeout = timeout ?? TimeSpan.FromSeconds(2),
            SendTimeout = (timeout ?? TimeSpan.FromSeconds(2)) * 3,
        }), TimeProvider.System, NullLogger<SmtpMailSender>.Instance);
}
