using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Mail;

/// <summary>
/// Sends through an SMTP relay with MailKit: one connection per message, cleanly disconnected (QUIT), every step
/// bounded by <see cref="SmtpOptions.Timeout"/> and the whole send by <see cref="SmtpOptions.SendTimeout"/>.
/// Failures are classified, never thrown: a 5xx reply to this message is permanent; a 4xx reply is transient;
/// a relay that refuses, drops, times out, answers 421 or rejects our credentials is unavailable (retry later,
/// and the dispatcher stops its run). Errors are described by reply code only: a server's text may quote addresses.
/// </summary>
public sealed partial class SmtpMailSender(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpMailSender> logger) : IMailSender
{
    private const int ServiceNotAvailable = 421;

    private readonly SmtpOptions smtp = options.Value;

    public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (MimeMessages.TryBuild(mail, time.GetUtcNow(), out var built) is { } unbuildable)
        {
            return unbuildable;
        }

        using var message = built!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(smtp.SendTimeout);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        var stage = "connect";
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Socket(smtp.Security), deadline.Token);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                stage = "authenticate";
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, deadline.Token);
            }

            stage = "send";
            await client.SendAsync(message, deadline.Token);
            stage = "disconnect";
            await DisconnectAsync(client, deadline.Token);
            return MailSendResult.Sent;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(stage, $"timed out after {smtp.SendTimeout}");
        }
        catch (SmtpCommandException e)
        {
            await DisconnectAsync(client, CancellationToken.None);
            var code = (int)e.StatusCode;
            var error = $"SMTP {code} at {stage} ({Describe(e.ErrorCode)})";
            if (code == ServiceNotAvailable)
            {
                return Unavailable(stage, error);
            }

            if (code is >= 500 and < 600 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
            {
                return new MailSendResult(MailSendStatus.PermanentFailure, error);
            }

            return code is >= 400 and < 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode
                ? new MailSendResult(MailSendStatus.TransientFailure, error)
                : Unavailable(stage, error);
        }
        catch (AuthenticationException)
        {
            await DisconnectAsync(client, CancellationToken.None);
            return Unavailable(stage, "the relay refused our credentials");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            return Unavailable(stage, e switch
            {
                SocketException s => $"connection failed ({s.SocketErrorCode})",
                TimeoutException => $"no answer within {smtp.Timeout}",
                SslHandshakeException => "TLS handshake failed",
                _ => "the connection was lost",
            });
        }
    }

    private MailSendResult Unavailable(string stage, string reason)
    {
        var error = $"relay unavailable at {stage}: {reason}";
        LogUnavailable(logger, stage, reason);
        return new MailSendResult(MailSendStatus.Unavailable, error);
    }

    private static async Task DisconnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or TimeoutException)
        {
            // The message's outcome is already known; a failed QUIT changes nothing.
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security)),
    };

    private static string Describe(SmtpErrorCode code) => code switch
    {
        SmtpErrorCode.RecipientNotAccepted => "recipient not accepted",
        SmtpErrorCode.SenderNotAccepted => "sender not accepted",
        SmtpErrorCode.MessageNotAccepted => "message not accepted",
        _ => "unexpected reply",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP relay unavailable at {Stage}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string stage, string reason);
}
